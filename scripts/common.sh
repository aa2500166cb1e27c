# shellcheck shell=bash disable=SC2034  # sourced: the settings are used by the scripts that source it
# Shared settings of the scripts in this folder; sourced, never run on its own.
#   IDM_DATA_DIR       the embedded database, logs and pid files (default: <repo>/data)
#   IDM_COMMAND_PORT   the command service's port (default 8080)
#   IDM_QUERY_PORT     the query service's port (default 8081)
#   IDM_DEMO_PASSWORD  the demo users' password (default: demo)

IDM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

idm_abs_path() {
    case "$1" in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s/%s\n' "$(pwd)" "${1#./}" ;;
    esac
}

IDM_DATA_DIR="$(idm_abs_path "${IDM_DATA_DIR:-$IDM_ROOT/data}")"
IDM_COMMAND_PORT="${IDM_COMMAND_PORT:-8080}"
IDM_QUERY_PORT="${IDM_QUERY_PORT:-8081}"
IDM_COMMAND_URL="http://localhost:${IDM_COMMAND_PORT}"
IDM_QUERY_URL="http://localhost:${IDM_QUERY_PORT}"
IDM_PASSWORD="${IDM_DEMO_PASSWORD:-demo}"
# The embedded database: IDM_DB_URL if it names an H2 database, else the URL the services build from IDM_DATA_DIR (see */src/main/resources/application.yml).
case "${IDM_DB_URL:-}" in
    jdbc:h2:*) IDM_JDBC_URL="$IDM_DB_URL" ;;
    *) IDM_JDBC_URL="jdbc:h2:file:${IDM_DATA_DIR}/idm;AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" ;;
esac

idm_say() { printf '%s\n' "$*"; }
idm_die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# HTTP GET of a URL, body on stdout; curl where there is one, else plain bash.
idm_http_get() {
    if command -v curl >/dev/null 2>&1; then
        curl -fsS --max-time 3 "$1" 2>/dev/null
    else
        local rest="${1#http://}" host port path
        host="${rest%%/*}"; path="/${rest#*/}"; port="${host##*:}"; host="${host%%:*}"
        [ "$port" = "$host" ] && port=80
        (exec 3<>"/dev/tcp/$host/$port" || exit 1
         printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$host" >&3
         sed '1,/^\r\{0,1\}$/d' <&3) 2>/dev/null
    fi
}

idm_health_up() {
    idm_http_get "$1/actuator/health" | grep -q '"status":"UP"'
}

# Something listening on a port of this machine?
idm_port_busy() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The executable jar of a module (command-service, query-service, audit-verifier), empty when not built.
idm_service_jar() {
    local jar
    for jar in "$IDM_ROOT/$1/target/$1"-*.jar; do
        case "$jar" in
            *-sources.jar | *-javadoc.jar | *-plain.jar | *"*"*) ;;
            *) [ -f "$jar" ] && { printf '%s\n' "$jar"; return 0; } ;;
        esac
    done
    return 0
}
