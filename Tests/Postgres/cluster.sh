#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for bcplan's tests and benchmarks: initdb into a temporary folder,
# listening on 127.0.0.1 on a free port, password authentication, one database.
#
#   Tests/Postgres/cluster.sh run CMD ARGS...   start a cluster, run CMD with the variables below
#                                              exported, stop the cluster (also on failure), exit
#                                              with CMD's status
#   Tests/Postgres/cluster.sh start             start one and print the variables below as
#                                              NAME=value lines; it runs until
#   Tests/Postgres/cluster.sh restart PGDATA    pg_ctl restart -m fast (a test's server restart)
#   Tests/Postgres/cluster.sh stop PGDATA       stops it and removes its folder
#   source Tests/Postgres/cluster.sh            then: pg_cluster_start; …; pg_cluster_stop
#
# Exported while the cluster runs:
#   BCPLAN_TEST_DATABASE_URL  postgresql://bcplan:PASSWORD@127.0.0.1:PORT/bcplan (the tests' URL)
#   BCPLAN_TEST_PGDATA        the cluster's data folder
#   BCPLAN_TEST_PGBIN         the folder of pg_ctl and initdb (pg_config --bindir)
#   BCPLAN_TEST_PGUSER        the operating-system user that owns the cluster ("" when it is us)
#   BCPLAN_TEST_PGBOUNCER_URL the same database through PgBouncer in transaction mode (pool_mode =
#                             transaction), when pgbouncer is installed
#
# initdb refuses to run as root (CI runs as root), so as root the cluster belongs to the
# unprivileged `postgres` user that Debian's postgresql package creates. The password is random
# per cluster, so the tests can check that it is never printed.
#
# Facts relied on (PostgreSQL 15, Debian 12's package): initdb's --auth-host/--pwfile/-U/--no-sync
# (https://www.postgresql.org/docs/15/app-initdb.html); pg_ctl's -w/-o/-l and `stop -m fast`
# (https://www.postgresql.org/docs/15/app-pg-ctl.html); the server settings listen_addresses, port
# and unix_socket_directories (https://www.postgresql.org/docs/15/runtime-config-connection.html);
# PgBouncer 1.18's pool_mode, auth_type scram-sha-256 with a plain-text auth_file, and -d
# (https://www.pgbouncer.org/config.html, https://www.pgbouncer.org/usage.html).

pg_cluster_bin() {
    local bin
    bin=$(pg_config --bindir 2>/dev/null) || true
    # Debian puts the server programs beside the client's pg_config only with postgresql installed.
    if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
        bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    fi
    [[ -n "$bin" && -x "$bin/initdb" ]] || { echo "error: initdb not found (apt-get install postgresql)" >&2; return 1; }
    echo "$bin"
}

# Runs "$@" with no descriptor above 2 open: a server started from here must not hold one the
# caller watches (Foundation's Process on Linux learns that a child ended when such a descriptor,
# inherited by the child, closes; a server holding it would make its caller wait forever).
pg_cluster_detached() {
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            [[ $fd -gt 2 ]] && eval "exec $fd>&-"
        done
        "$@"
    )
}

# Runs a server program as the cluster's owner.
pg_cluster_as_owner() {
    if [[ -n "${BCPLAN_TEST_PGUSER:-}" ]]; then
        runuser -u "$BCPLAN_TEST_PGUSER" -- "$@"
    else
        "$@"
    fi
}

pg_cluster_start() {
    local bin folder port password owner=""
    bin=$(pg_cluster_bin) || return 1
    if [[ $(id -u) -eq 0 ]]; then
        owner=postgres
        id "$owner" >/dev/null 2>&1 || { echo "error: no user '$owner' to own the cluster (apt-get install postgresql)" >&2; return 1; }
    fi
    folder=$(mktemp -d "${TMPDIR:-/tmp}/bcplan-pg.XXXXXX")
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    printf '%s\n' "$password" > "$folder/pwfile"
    [[ -n "$owner" ]] && chown -R "$owner" "$folder"
    export BCPLAN_TEST_PGUSER="$owner" BCPLAN_TEST_PGBIN="$bin" BCPLAN_TEST_PGDATA="$folder/data"
    pg_cluster_as_owner "$bin/initdb" -D "$folder/data" -U bcplan --pwfile="$folder/pwfile" \
        --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-sync \
        >"$folder/initdb.log" 2>&1 || { cat "$folder/initdb.log" >&2; return 1; }
    rm -f "$folder/pwfile"
    # max_connections: the concurrency tests run 8 applies of 2 connections each beside the rest.
    pg_cluster_detached pg_cluster_as_owner "$bin/pg_ctl" -D "$folder/data" -w -l "$folder/server.log" \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$folder -c max_connections=200" \
        start >/dev/null || { cat "$folder/server.log" >&2; return 1; }
    PGPASSWORD="$password" "$bin/psql" -q -h 127.0.0.1 -p "$port" -U bcplan -d postgres \
        -c "CREATE DATABASE bcplan" >/dev/null || return 1
    export BCPLAN_TEST_DATABASE_URL="postgresql://bcplan:$password@127.0.0.1:$port/bcplan"
    echo "==> PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $folder/data)" >&2
    pg_cluster_pgbouncer "$folder" "$port" "$password"
}

# PgBouncer in transaction mode in front of the cluster, when it is installed (it refuses to run
# as root, so it runs as the cluster's owner too).
pg_cluster_pgbouncer() {
    local folder=$1 port=$2 password=$3 pgbouncer listen
    pgbouncer=$(command -v pgbouncer || ls /usr/sbin/pgbouncer 2>/dev/null) || return 0
    listen=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mkdir -p "$folder/pgbouncer"
    printf '%s\n' "[databases]" "bcplan = host=127.0.0.1 port=$port dbname=bcplan" "[pgbouncer]" \
        "listen_addr = 127.0.0.1" "listen_port = $listen" "unix_socket_dir =" "auth_type = scram-sha-256" \
        "auth_file = $folder/pgbouncer/userlist.txt" "pool_mode = transaction" "default_pool_size = 10" \
        "max_client_conn = 200" "logfile = $folder/pgbouncer/pgbouncer.log" "pidfile = $folder/pgbouncer/pgbouncer.pid" \
        > "$folder/pgbouncer/pgbouncer.ini"
    printf '"bcplan" "%s"\n' "$password" > "$folder/pgbouncer/userlist.txt"
    [[ -n "${BCPLAN_TEST_PGUSER:-}" ]] && chown -R "$BCPLAN_TEST_PGUSER" "$folder/pgbouncer"
    pg_cluster_detached pg_cluster_as_owner "$pgbouncer" -d "$folder/pgbouncer/pgbouncer.ini" >/dev/null \
        || { cat "$folder/pgbouncer/pgbouncer.log" >&2; return 1; }
    export BCPLAN_TEST_PGBOUNCER_URL="postgresql://bcplan:$password@127.0.0.1:$listen/bcplan"
    echo "==> $("$pgbouncer" --version | head -n 1) in transaction mode on 127.0.0.1:$listen" >&2
}

pg_cluster_stop() {
    [[ -n "${BCPLAN_TEST_PGDATA:-}" && -d "$BCPLAN_TEST_PGDATA" ]] || return 0
    local bouncer pid
    bouncer="$(dirname "$BCPLAN_TEST_PGDATA")/pgbouncer/pgbouncer.pid"
    if [[ -f "$bouncer" ]]; then
        # PgBouncer keeps the signal mask it was started with: started from a process that blocks
        # SIGTERM (a Swift test's thread), it never sees one. SIGKILL cannot be blocked.
        pid=$(cat "$bouncer")
        kill "$pid" 2>/dev/null
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    pg_cluster_as_owner "$BCPLAN_TEST_PGBIN/pg_ctl" -D "$BCPLAN_TEST_PGDATA" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$(dirname "$BCPLAN_TEST_PGDATA")"
    unset BCPLAN_TEST_DATABASE_URL BCPLAN_TEST_PGDATA BCPLAN_TEST_PGBOUNCER_URL
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    case "${1:-}" in
        run)
            [[ $# -ge 2 ]] || { echo "usage: $0 run CMD ARGS..." >&2; exit 64; }
            shift
            trap pg_cluster_stop EXIT
            pg_cluster_start
            set +e
            "$@"
            exit $?
            ;;
        start)
            pg_cluster_start 2>/dev/null
            for name in BCPLAN_TEST_DATABASE_URL BCPLAN_TEST_PGDATA BCPLAN_TEST_PGBIN BCPLAN_TEST_PGUSER BCPLAN_TEST_PGBOUNCER_URL; do
                echo "$name=${!name}"
            done
            ;;
        stop | restart)
            [[ $# -eq 2 && "$2" == */data ]] || { echo "usage: $0 $1 PGDATA" >&2; exit 64; }
            BCPLAN_TEST_PGDATA="$2" BCPLAN_TEST_PGBIN=$(pg_cluster_bin)
            BCPLAN_TEST_PGUSER=$(stat -c %U "$2")
            [[ "$BCPLAN_TEST_PGUSER" == "$(id -un)" ]] && BCPLAN_TEST_PGUSER=""
            if [[ "$1" == stop ]]; then
                pg_cluster_stop
            else
                pg_cluster_detached pg_cluster_as_owner "$BCPLAN_TEST_PGBIN/pg_ctl" -D "$2" -w -l "$(dirname "$2")/server.log" \
                    restart -m fast >/dev/null
            fi
            ;;
        *)
            echo "usage: $0 run CMD ARGS... | start | restart PGDATA | stop PGDATA   (or source it: pg_cluster_start, pg_cluster_stop)" >&2
            exit 64
            ;;
    esac
fi
