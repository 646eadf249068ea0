# TOPOLOGY=primary-replica only (REPLICATION_PEER set, docker-compose.primary-replica.yml): nothing for one server.
# Sourced after 02-users.sh (keep it NOT executable, as that one), on both servers' first start; both
# have run the same 01 and 02, so they start with identical data.
#
#   REPL_DB_USER (simplerr_repl)  REPLICATION SLAVE only: a replica logs in as it to read the binary log.
#   CHAOS_DB_USER gains what a switchover needs: stop, point and reset replication, read its status.
#   DB_USER gains reading replication's status only (MySQL's REPLICATION CLIENT, MariaDB's SLAVE MONITOR):
#                                 the lab page shows each server's lag; no data, nothing it could change.
#
# Then the history starts here: both servers forget the GTIDs of their set-up (the seed is not history),
# and a server whose peer answers at this first start becomes its replica (GTID auto-positioning: it asks
# for every transaction it lacks, which is all of them since the peer's own set-up). The first server
# finds no peer; the second (db2 waits for db to be healthy) replicates from it. A server whose data was
# dropped (primary-crash re-seeds a diverged one) comes back the same way, as the replica of the other.
lab_set_up_replication() {
	local peer=$REPLICATION_PEER repl_user=${REPL_DB_USER:-simplerr_repl} chaos_user=${CHAOS_DB_USER:-simplerr_chaos}
	local app_user=${DB_USER:-simplerr}
	if [ -z "${REPL_DB_PASSWORD:-}" ]; then
		echo "db-init/03-replication.sh: REPL_DB_PASSWORD is not set (it comes from .env through docker-compose.primary-replica.yml)" >&2
		return 1
	fi
	local version chaos_grants app_grants reset_history point_at_peer
	version=$(docker_process_sql --skip-column-names <<<'SELECT VERSION();')
	local password
	password=$(lab_sql_string "$REPL_DB_PASSWORD")
	case "$version" in
		*MariaDB*)
			# READ_ONLY ADMIN: MariaDB 11 asks it of SET GLOBAL read_only (the user still has no data privilege to write with);
			# RELOAD: RESET SLAVE ALL (a promotion).
			chaos_grants='REPLICATION SLAVE ADMIN, SLAVE MONITOR, BINLOG MONITOR, READ_ONLY ADMIN, RELOAD'
			app_grants='SLAVE MONITOR' # SHOW REPLICA STATUS, nothing else
			reset_history="RESET MASTER; SET GLOBAL gtid_slave_pos = '';"
			point_at_peer="CHANGE MASTER TO MASTER_HOST = '$peer', MASTER_PORT = 3306, MASTER_USER = '$repl_user',
				MASTER_PASSWORD = $password, MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1;"
			;;
		*)
			# RELOAD: RESET REPLICA ALL (a promotion) needs it.
			chaos_grants='REPLICATION_SLAVE_ADMIN, REPLICATION CLIENT, RELOAD'
			app_grants='REPLICATION CLIENT' # SHOW REPLICA STATUS (and the binary logs' names and positions)
			reset_history='RESET BINARY LOGS AND GTIDS;'
			point_at_peer="CHANGE REPLICATION SOURCE TO SOURCE_HOST = '$peer', SOURCE_PORT = 3306, SOURCE_USER = '$repl_user',
				SOURCE_PASSWORD = $password, SOURCE_AUTO_POSITION = 1, SOURCE_SSL = 1, GET_SOURCE_PUBLIC_KEY = 1,
				SOURCE_CONNECT_RETRY = 1;"
			;;
	esac
	docker_process_sql <<-EOSQL
		CREATE USER '$repl_user'@'%' IDENTIFIED BY $password;
		GRANT REPLICATION SLAVE ON *.* TO '$repl_user'@'%';
		GRANT $chaos_grants ON *.* TO '$chaos_user'@'%';
		GRANT $app_grants ON *.* TO '$app_user'@'%';
		$reset_history
	EOSQL

	local client
	client=$(command -v mariadb || command -v mysql)
	if "$client" --defaults-extra-file=<(printf '[client]\npassword="%s"\n' "${REPL_DB_PASSWORD//\\/\\\\}") \
		--protocol=tcp -h"$peer" -P3306 -u"$repl_user" --connect-timeout=3 -e 'SELECT 1' >/dev/null 2>&1; then
		docker_process_sql <<<"$point_at_peer"
		echo "db-init/03-replication.sh: $peer answers: this server is its replica (it starts read-only and copies $peer's history)"
	else
		echo "db-init/03-replication.sh: $peer does not answer: this server starts as the first primary (read-only until make up promotes it)"
	fi
}

if [ -n "${REPLICATION_PEER:-}" ]; then lab_set_up_replication; fi
