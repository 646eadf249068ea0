#!/bin/bash
# Entrypoint of the local database stand-ins, simplerr-lab/mysql:9.7-local and
# simplerr-lab/mariadb:11.8-local. It keeps the contract of the official mysql and mariadb images that
# docker-compose.yml and db-init/ rely on, so one set of files works on all four images:
#   - MYSQL_* variables (MariaDB also reads MARIADB_*, which win; both end up set), each also as *_FILE;
#   - on an empty datadir only: initialise it, start a temporary server that does not listen on the
#     network (nothing can log in before init is done), set the root password, run
#     /docker-entrypoint-initdb.d/*.sql, *.sql.gz and *.sh in name order, stop the server;
#   - *.sh scripts are sourced (and may call docker_process_sql), or run if executable;
#   - then the real server, as user mysql, listening on 0.0.0.0:3306.
# Which server it is follows from the binary the image has: mariadbd (MariaDB) or mysqld (MySQL).
set -eo pipefail
shopt -s nullglob

if command -v mariadbd >/dev/null; then
	FLAVOR=MariaDB SERVER=mariadbd CLIENT=mariadb
else
	FLAVOR=MySQL SERVER=mysqld CLIENT=mysql
fi

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

# setting MYSQL_NAME MARIADB_NAME [DEFAULT]: MySQL reads MYSQL_NAME only, as its official image does;
# MariaDB's official image reads both, MARIADB_NAME first. The result is in MYSQL_NAME.
setting() {
	file_env "$1" "${3:-}"
	if [ "$FLAVOR" = MariaDB ]; then
		file_env "$2" "${!1}"
		export "$1=${!2}"
	fi
}

load_env() {
	setting MYSQL_ROOT_PASSWORD MARIADB_ROOT_PASSWORD
	setting MYSQL_ROOT_HOST MARIADB_ROOT_HOST '%'
	setting MYSQL_DATABASE MARIADB_DATABASE
	setting MYSQL_USER MARIADB_USER
	setting MYSQL_PASSWORD MARIADB_PASSWORD
	setting MYSQL_ALLOW_EMPTY_PASSWORD MARIADB_ALLOW_EMPTY_ROOT_PASSWORD
	setting MYSQL_RANDOM_ROOT_PASSWORD MARIADB_RANDOM_ROOT_PASSWORD
	setting MYSQL_INITDB_SKIP_TZINFO MARIADB_INITDB_SKIP_TZINFO
}

# server_option NAME server-args...: the value the server would use (config files and defaults).
# --log-bin-index: MySQL's --help would otherwise try to open the binary log index.
server_option() {
	"${@:2}" --verbose --help --log-bin-index="$(mktemp -u)" 2>/dev/null \
		| awk -v name="$1" '$1 == name && /^[^ \t]/ { sub(/^[^ \t]+[ \t]+/, ""); print; exit }'
}

wants_help() {
	local arg
	for arg; do
		case "$arg" in -'?' | --help | --print-defaults | -V | --version) return 0 ;; esac
	done
	return 1
}

# docker_process_sql [--dont-use-mysql-root-password] [client args, e.g. --database=db] < statements
# Runs SQL from stdin as root over the temporary server's socket, like the official images' function
# of the same name (init scripts call it). MYSQL_DATABASE, when set, is the default database.
docker_process_sql() {
	local password=$MYSQL_ROOT_PASSWORD
	if [ "${1:-}" = '--dont-use-mysql-root-password' ]; then
		password=
		shift
	fi
	if [ -n "$MYSQL_DATABASE" ]; then
		set -- --database="$MYSQL_DATABASE" "$@"
	fi
	# The password in an option file on a pipe: never on a command line, nor in MySQL's deprecated MYSQL_PWD.
	"$CLIENT" --defaults-extra-file=<(printf '[client]\nuser=root\npassword=%s\n' "$password") \
		--protocol=socket --host=localhost --socket="$SOCKET" "$@"
}

# SQL string literal contents: backslash and single quote escaped.
sql_escape() {
	local escaped=${1//\\/\\\\}
	printf '%s' "${escaped//\'/\\\'}"
}

# The datadir, the socket's directory and the others the server writes to, owned by mysql.
create_directories() {
	local dirs=("$DATADIR" "${SOCKET%/*}") name value
	for name in pid-file secure-file-priv; do
		value=$(server_option "$name" "$@")
		if [ -n "$value" ] && [ "$value" != NULL ]; then
			if [ "$name" = secure-file-priv ]; then dirs+=("$value"); else dirs+=("${value%/*}"); fi
		fi
	done
	mkdir -p "${dirs[@]}"
	find "${dirs[@]}" \! -user mysql -exec chown --no-dereference mysql:mysql '{}' +
}

# A datadir made by the other server cannot be used: say so, instead of a server that fails obscurely.
# MySQL 8.0+ keeps its data dictionary in mysql.ibd; only MariaDB has aria_log_control.
check_datadir_owner() {
	local maker=
	if [ "$FLAVOR" = MySQL ] && [ ! -e "$DATADIR/mysql.ibd" ]; then maker='MariaDB (or a MySQL older than 8.0)'; fi
	if [ "$FLAVOR" = MariaDB ] && [ -e "$DATADIR/mysql.ibd" ]; then maker='MySQL'; fi
	if [ -n "$maker" ]; then
		fail "The data in $DATADIR was made by $maker; this is $FLAVOR $(server_version), which cannot use it." \
			"Start from an empty volume: in the lab, make clean (it drops the data volume)."
	fi
}

server_version() { "$SERVER" --version | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1; }

temp_server_start() {
	"$@" --skip-networking --socket="$SOCKET" --default-time-zone=SYSTEM &
	TEMP_SERVER_PID=$!
	note 'Waiting for the temporary server'
	local deadline=$((SECONDS + 60))
	until docker_process_sql --dont-use-mysql-root-password --database=mysql <<<'SELECT 1' &>/dev/null; do
		kill -0 "$TEMP_SERVER_PID" 2>/dev/null || fail 'The temporary server exited during start-up (see its log above)'
		[ "$SECONDS" -lt "$deadline" ] || fail 'The temporary server did not answer within 60 s'
		sleep 0.5
	done
}

temp_server_stop() {
	kill "$TEMP_SERVER_PID"
	wait "$TEMP_SERVER_PID"
}

verify_minimum_env() {
	if [ -z "$MYSQL_ROOT_PASSWORD" ] && [ -z "$MYSQL_ALLOW_EMPTY_PASSWORD" ] && [ -z "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
		fail $'Database is uninitialized and password option is not specified\n\tYou need to specify one of MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD and MYSQL_RANDOM_ROOT_PASSWORD'
	fi
}

init_datadir() {
	note 'Initializing database files'
	if [ "$FLAVOR" = MySQL ]; then
		"$@" --initialize-insecure --default-time-zone=SYSTEM
	else
		mariadb-install-db --datadir="$DATADIR" --rpm --auth-root-authentication-method=normal --skip-test-db \
			--default-time-zone=SYSTEM --skip-log-bin --expire-logs-days=0 \
			--loose-innodb-buffer-pool-load-at-startup=0 --loose-innodb-buffer-pool-dump-at-shutdown=0 \
			"${@:2}" >/dev/null
	fi
	note 'Database files initialized'
}

load_time_zones() {
	if [ "$FLAVOR" = MySQL ]; then
		mysql_tzinfo_to_sql /usr/share/zoneinfo 2>/dev/null
	else
		mariadb-tzinfo-to-sql --skip-write-binlog /usr/share/zoneinfo 2>/dev/null
	fi | docker_process_sql --dont-use-mysql-root-password --database=mysql
}

# Root password, root@MYSQL_ROOT_HOST, and the optional MYSQL_DATABASE / MYSQL_USER.
setup_db() {
	if [ -z "$MYSQL_INITDB_SKIP_TZINFO" ]; then load_time_zones; fi
	if [ -n "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
		MYSQL_ROOT_PASSWORD=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 || true)
		export MYSQL_ROOT_PASSWORD MARIADB_ROOT_PASSWORD=$MYSQL_ROOT_PASSWORD
		note "GENERATED ROOT PASSWORD: $MYSQL_ROOT_PASSWORD"
	fi
	local root_password user_password sql=''
	root_password=$(sql_escape "$MYSQL_ROOT_PASSWORD")
	if [ "$FLAVOR" = MariaDB ]; then
		# Of the installer's users only root@localhost stays: no anonymous users, no passwordless root.
		sql+="DROP USER IF EXISTS root@'127.0.0.1', root@'::1', ''@'localhost';"$'\n'
		sql+="EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS root@\'', @@hostname, '\', \'\'@\'', @@hostname, '\'');"$'\n'
	fi
	sql+="ALTER USER 'root'@'localhost' IDENTIFIED BY '$root_password';"$'\n'
	if [ -n "$MYSQL_ROOT_HOST" ] && [ "$MYSQL_ROOT_HOST" != localhost ]; then
		sql+="CREATE USER 'root'@'$MYSQL_ROOT_HOST' IDENTIFIED BY '$root_password';"$'\n'
		sql+="GRANT ALL ON *.* TO 'root'@'$MYSQL_ROOT_HOST' WITH GRANT OPTION;"$'\n'
		if [ "$FLAVOR" = MariaDB ]; then sql+="GRANT PROXY ON ''@'%' TO 'root'@'$MYSQL_ROOT_HOST' WITH GRANT OPTION;"$'\n'; fi
	fi
	if [ -n "$MYSQL_DATABASE" ]; then
		note "Creating database $MYSQL_DATABASE"
		sql+="CREATE DATABASE IF NOT EXISTS \`$MYSQL_DATABASE\`;"$'\n'
	fi
	if [ -n "$MYSQL_USER" ] && [ -n "$MYSQL_PASSWORD" ]; then
		note "Creating user $MYSQL_USER"
		user_password=$(sql_escape "$MYSQL_PASSWORD")
		sql+="CREATE USER '$MYSQL_USER'@'%' IDENTIFIED BY '$user_password';"$'\n'
		if [ -n "$MYSQL_DATABASE" ]; then
			sql+="GRANT ALL ON \`${MYSQL_DATABASE//_/\\_}\`.* TO '$MYSQL_USER'@'%';"$'\n'
		fi
	fi
	note 'Setting the root password and creating the requested database and user'
	docker_process_sql --dont-use-mysql-root-password --database=mysql --binary-mode <<-EOSQL
		SET autocommit = 1;
		SET @@SESSION.SQL_LOG_BIN = 0;
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
	init_datadir "$@"
	note 'Starting temporary server'
	temp_server_start "$@"
	note 'Temporary server started.'
	setup_db
	process_init_files /docker-entrypoint-initdb.d/*
	note 'Stopping temporary server'
	temp_server_stop
	note 'Temporary server stopped'
	note "$FLAVOR init process done. Ready for start up."
}

main() {
	if [ "${1:0:1}" = '-' ]; then
		set -- "$SERVER" "$@"
	fi
	if [ "$1" != "$SERVER" ] || wants_help "$@"; then
		exec "$@"
	fi
	DATADIR=$(server_option datadir "$@")
	SOCKET=$(server_option socket "$@")
	[ -n "$DATADIR" ] && [ -n "$SOCKET" ] || fail "Cannot read datadir and socket from: $* --verbose --help"
	if [ "$(id -u)" = 0 ]; then
		note "Entrypoint script for $FLAVOR Server $(server_version) started."
		create_directories "$@"
		note "Switching to dedicated user 'mysql'"
		exec setpriv --reuid=mysql --regid=mysql --init-groups "${BASH_SOURCE[0]}" "$@"
	fi
	load_env
	if [ -d "$DATADIR/mysql" ]; then
		check_datadir_owner
	else
		init_database "$@"
	fi
	exec "$@"
}

main "$@"
