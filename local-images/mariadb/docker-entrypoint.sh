#!/bin/bash
# Entrypoint of the local MariaDB stand-in. It keeps the conventions users know from the official
# mariadb and mysql images, so docker-compose.yml and db-init/ work unchanged on all three:
#   - MARIADB_* or MYSQL_* variables (MARIADB_ wins; both end up set), each also as *_FILE;
#   - on an empty datadir only: install the system tables, start a temporary server that does not
#     listen on the network (so nothing can log in before init is done), set the root password,
#     run /docker-entrypoint-initdb.d/*.sql, *.sql.gz and *.sh in name order, stop the server;
#   - *.sh scripts are sourced (and may call docker_process_sql), or run if executable;
#   - then the real server, as user mysql, listening on 0.0.0.0:3306.
set -eo pipefail
shopt -s nullglob

log() { printf '%s [%s] [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$1" "${*:2}"; }
note() { log Note "$@"; }
warn() { log Warn "$@" >&2; }
fail() { log ERROR "$@" >&2; exit 1; }

# file_env VAR [DEFAULT]: VAR's value, else the content of the file named by VAR_FILE (Docker secrets).
file_env() {
	local var=$1 file_var="$1_FILE" value=${2:-}
	if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
		fail "Both $var and $file_var are set (but are exclusive)"
	fi
	if [ -n "${!var:-}" ]; then
		value=${!var}
	elif [ -n "${!file_var:-}" ]; then
		value=$(<"${!file_var}")
	fi
	export "$var=$value"
	unset "$file_var"
}

# mariadb_env NAME [DEFAULT]: MARIADB_NAME, else MYSQL_NAME, else DEFAULT; exported under both names.
mariadb_env() {
	local mysql_var="MYSQL_$1" mariadb_var="MARIADB_$1"
	file_env "$mysql_var" "${2:-}"
	file_env "$mariadb_var" "${!mysql_var}"
	export "$mysql_var=${!mariadb_var}"
}

# server_option NAME mariadbd-args...: the value the server would use (config files and defaults).
server_option() {
	"${@:2}" --verbose --help 2>/dev/null \
		| awk -v name="$1" '$1 == name && /^[^ \t]/ { sub(/^[^ \t]+[ \t]+/, ""); print; exit }'
}

wants_help() {
	local arg
	for arg; do
		case "$arg" in -'?' | --help | --print-defaults | -V | --version) return 0 ;; esac
	done
	return 1
}

load_env() {
	mariadb_env ROOT_PASSWORD
	mariadb_env ROOT_HOST '%'
	mariadb_env DATABASE
	mariadb_env USER
	mariadb_env PASSWORD
	: "${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:=${MYSQL_ALLOW_EMPTY_PASSWORD:-}}"
	: "${MARIADB_RANDOM_ROOT_PASSWORD:=${MYSQL_RANDOM_ROOT_PASSWORD:-}}"
	: "${MARIADB_INITDB_SKIP_TZINFO:=${MYSQL_INITDB_SKIP_TZINFO:-}}"
	export MARIADB_ALLOW_EMPTY_ROOT_PASSWORD MYSQL_ALLOW_EMPTY_PASSWORD=$MARIADB_ALLOW_EMPTY_ROOT_PASSWORD
	export MARIADB_RANDOM_ROOT_PASSWORD MYSQL_RANDOM_ROOT_PASSWORD=$MARIADB_RANDOM_ROOT_PASSWORD
	export MARIADB_INITDB_SKIP_TZINFO MYSQL_INITDB_SKIP_TZINFO=$MARIADB_INITDB_SKIP_TZINFO
}

# docker_process_sql [--dont-use-mysql-root-password] [client args, e.g. --database=db] < statements
# Runs SQL from stdin as root over the temporary server's socket, like the official images' function
# of the same name (init scripts call it). MARIADB_DATABASE, when set, is the default database.
docker_process_sql() {
	local password=$MARIADB_ROOT_PASSWORD
	if [ "${1:-}" = '--dont-use-mysql-root-password' ]; then
		password=
		shift
	fi
	if [ -n "$MARIADB_DATABASE" ]; then
		set -- --database="$MARIADB_DATABASE" "$@"
	fi
	MYSQL_PWD=$password mariadb --protocol=socket --user=root --host=localhost --socket="$SOCKET" "$@"
}

# SQL string literal contents: backslash and single quote escaped.
sql_escape() {
	local escaped=${1//\\/\\\\}
	printf '%s' "${escaped//\'/\\\'}"
}

temp_server_start() {
	"$@" --skip-networking --socket="$SOCKET" --default-time-zone=SYSTEM --loose-wsrep-on=OFF \
		--expire-logs-days=0 --loose-innodb-buffer-pool-load-at-startup=0 &
	TEMP_SERVER_PID=$!
	note 'Waiting for the temporary server'
	local deadline=$((SECONDS + 30))
	until docker_process_sql --dont-use-mysql-root-password --database=mysql <<<'SELECT 1' &>/dev/null; do
		kill -0 "$TEMP_SERVER_PID" 2>/dev/null || fail 'The temporary server exited during start-up (see its log above)'
		[ "$SECONDS" -lt "$deadline" ] || fail 'The temporary server did not answer within 30 s'
		sleep 0.5
	done
}

temp_server_stop() {
	kill "$TEMP_SERVER_PID"
	wait "$TEMP_SERVER_PID"
}

verify_minimum_env() {
	if [ -z "$MARIADB_ROOT_PASSWORD" ] && [ -z "$MARIADB_ALLOW_EMPTY_ROOT_PASSWORD" ] && [ -z "$MARIADB_RANDOM_ROOT_PASSWORD" ]; then
		fail $'Database is uninitialized and password option is not specified\n\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD'
	fi
}

# Root password, root@MARIADB_ROOT_HOST, and the optional MARIADB_DATABASE / MARIADB_USER.
setup_db() {
	if [ -z "$MARIADB_INITDB_SKIP_TZINFO" ]; then
		mariadb-tzinfo-to-sql --skip-write-binlog /usr/share/zoneinfo 2>/dev/null \
			| docker_process_sql --dont-use-mysql-root-password --database=mysql
	fi
	if [ -n "$MARIADB_RANDOM_ROOT_PASSWORD" ]; then
		MARIADB_ROOT_PASSWORD=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 || true)
		export MARIADB_ROOT_PASSWORD MYSQL_ROOT_PASSWORD=$MARIADB_ROOT_PASSWORD
		note "GENERATED ROOT PASSWORD: $MARIADB_ROOT_PASSWORD"
	fi
	local root_password user_password sql=''
	root_password=$(sql_escape "$MARIADB_ROOT_PASSWORD")
	sql+="SET PASSWORD FOR 'root'@'localhost' = PASSWORD('$root_password');"$'\n'
	if [ -n "$MARIADB_ROOT_HOST" ] && [ "$MARIADB_ROOT_HOST" != localhost ]; then
		sql+="CREATE USER 'root'@'$MARIADB_ROOT_HOST' IDENTIFIED BY '$root_password';"$'\n'
		sql+="GRANT ALL ON *.* TO 'root'@'$MARIADB_ROOT_HOST' WITH GRANT OPTION;"$'\n'
		sql+="GRANT PROXY ON ''@'%' TO 'root'@'$MARIADB_ROOT_HOST' WITH GRANT OPTION;"$'\n'
	fi
	if [ -n "$MARIADB_DATABASE" ]; then
		note "Creating database $MARIADB_DATABASE"
		sql+="CREATE DATABASE IF NOT EXISTS \`$MARIADB_DATABASE\`;"$'\n'
	fi
	if [ -n "$MARIADB_USER" ] && [ -n "$MARIADB_PASSWORD" ]; then
		note "Creating user $MARIADB_USER"
		user_password=$(sql_escape "$MARIADB_PASSWORD")
		sql+="CREATE USER '$MARIADB_USER'@'%' IDENTIFIED BY '$user_password';"$'\n'
		if [ -n "$MARIADB_DATABASE" ]; then
			sql+="GRANT ALL ON \`${MARIADB_DATABASE//_/\\_}\`.* TO '$MARIADB_USER'@'%';"$'\n'
		fi
	fi
	note 'Securing system users (equivalent to running mysql_secure_installation)'
	# Only root@localhost is kept from the installer's users; no anonymous users, no passwordless root.
	docker_process_sql --dont-use-mysql-root-password --database=mysql --binary-mode <<-EOSQL
		SET @@SESSION.SQL_LOG_BIN = 0;
		SET @@SESSION.SQL_MODE = REPLACE(@@SESSION.SQL_MODE, 'NO_BACKSLASH_ESCAPES', '');
		DROP USER IF EXISTS root@'127.0.0.1', root@'::1', ''@'localhost';
		EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS root@\'', @@hostname, '\', \'\'@\'', @@hostname, '\'');
		${sql}
	EOSQL
}

# Each file in name order, as the official images do.
process_init_files() {
	# shellcheck disable=SC2034 # older init scripts call "${mysql[@]}"
	mysql=(docker_process_sql)
	local f
	for f; do
		case "$f" in
			*.sh)
				if [ -x "$f" ]; then
					note "$0: running $f"
					"$f"
				else
					note "$0: sourcing $f"
					# shellcheck disable=SC1090
					. "$f"
				fi
				;;
			*.sql) note "$0: running $f"; docker_process_sql <"$f" ;;
			*.sql.gz) note "$0: running $f"; gunzip -c "$f" | docker_process_sql ;;
			*) warn "$0: ignoring $f" ;;
		esac
	done
}

init_database() {
	verify_minimum_env
	ls /docker-entrypoint-initdb.d/ >/dev/null # fail early if the directory cannot be read
	note 'Initializing database files'
	mariadb-install-db --datadir="$DATADIR" --rpm --auth-root-authentication-method=normal --skip-test-db \
		--default-time-zone=SYSTEM --skip-log-bin --expire-logs-days=0 \
		--loose-innodb-buffer-pool-load-at-startup=0 --loose-innodb-buffer-pool-dump-at-shutdown=0 \
		"${@:2}" >/dev/null
	note 'Database files initialized'
	note 'Starting temporary server'
	temp_server_start "$@"
	note 'Temporary server started.'
	setup_db
	process_init_files /docker-entrypoint-initdb.d/*
	note 'Stopping temporary server'
	temp_server_stop
	note 'Temporary server stopped'
	note 'MariaDB init process done. Ready for start up.'
}

main() {
	if [ "${1:0:1}" = '-' ]; then
		set -- mariadbd "$@"
	fi
	if { [ "$1" != mariadbd ] && [ "$1" != mysqld ]; } || wants_help "$@"; then
		exec "$@"
	fi
	DATADIR=$(server_option datadir "$@")
	SOCKET=$(server_option socket "$@")
	[ -n "$DATADIR" ] && [ -n "$SOCKET" ] || fail "Cannot read datadir and socket from: $* --verbose --help"
	if [ "$(id -u)" = 0 ]; then
		note "Entrypoint script for MariaDB Server $(mariadbd --version | awk '{print $3}') started."
		mkdir -p "$DATADIR" "${SOCKET%/*}"
		find "$DATADIR" "${SOCKET%/*}" -maxdepth 0 \! -user mysql -exec chown mysql:mysql '{}' \;
		find "$DATADIR" \! -user mysql -exec chown mysql:mysql '{}' +
		note "Switching to dedicated user 'mysql'"
		exec setpriv --reuid=mysql --regid=mysql --init-groups "${BASH_SOURCE[0]}" "$@"
	fi
	load_env
	if [ ! -d "$DATADIR/mysql" ]; then
		init_database "$@"
	fi
	exec "$@"
}

main "$@"
