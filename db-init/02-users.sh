# The lab's two database users, with passwords from the environment (so a shell script, not SQL).
# Sourced by the image's entrypoint, which defines docker_process_sql (root, over the temporary
# server's socket): keep this file NOT executable, or the entrypoint runs it without that function.
# Works on MySQL 9.7 and MariaDB 11.8, official images and local stand-ins alike; the privilege names differ.
#
#   DB_USER (simplerr)              SELECT, INSERT on DB_NAME only: the app can read and add people;
#                                   DELETE on its idempotency_key table only, to drop expired keys.
#   CHAOS_DB_USER (simplerr_chaos)  no data at all; PROCESS (see every connection), the right to KILL
#                                   other users' connections, and SET GLOBAL (wait_timeout,
#                                   max_connections) for the chaos modes that change them.

lab_sql_string() { # a value as an SQL string literal: backslash and quote escaped
	local escaped=${1//\\/\\\\}
	printf "'%s'" "${escaped//\'/\\\'}"
}

lab_create_users() {
	local db=${DB_NAME:-simplerr_schema} app_user=${DB_USER:-simplerr} chaos_user=${CHAOS_DB_USER:-simplerr_chaos}
	local name
	for name in DB_PASSWORD CHAOS_DB_PASSWORD; do
		if [ -z "${!name:-}" ]; then
			echo "db-init/02-users.sh: $name is not set (it comes from .env through docker-compose.yml)" >&2
			return 1
		fi
	done

	local version chaos_grants
	version=$(docker_process_sql --skip-column-names <<<'SELECT VERSION();')
	case "$version" in
		*MariaDB*) chaos_grants='PROCESS, CONNECTION ADMIN, SUPER' ;; # SUPER: MariaDB 11.8 has no finer grant for SET GLOBAL wait_timeout
		*) chaos_grants='PROCESS, CONNECTION_ADMIN, SYSTEM_VARIABLES_ADMIN' ;; # MySQL: finer grants instead of SUPER
	esac
	echo "db-init/02-users.sh: server $version: $chaos_user gets $chaos_grants"

	# In a database-level GRANT, _ in a database name is a wildcard: escaped, the grant names exactly
	# this schema. A table-level GRANT takes the name literally, so there it stays as it is.
	docker_process_sql <<-EOSQL
		CREATE USER '$app_user'@'%' IDENTIFIED BY $(lab_sql_string "$DB_PASSWORD");
		GRANT SELECT, INSERT ON \`${db//_/\\_}\`.* TO '$app_user'@'%';
		GRANT DELETE ON \`$db\`.idempotency_key TO '$app_user'@'%';
		CREATE USER '$chaos_user'@'%' IDENTIFIED BY $(lab_sql_string "$CHAOS_DB_PASSWORD");
		GRANT $chaos_grants ON *.* TO '$chaos_user'@'%';
	EOSQL
}

lab_create_users
