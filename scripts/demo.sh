#!/usr/bin/env bash
# The quick start: builds the project, starts the command service (writes, :8080) and the query service
# (reads, :8081) in the background with the demo profile on the embedded database, and waits until both
# are healthy.
#
#   ./scripts/demo.sh [start] [--no-build]   build (unless --no-build) and start both; no-op if running
#   ./scripts/demo.sh stop                    stop both (SIGTERM, then wait)
#   ./scripts/demo.sh status                  show both; exit 0 only when both answer UP
#   ./scripts/demo.sh restart [--no-build]    stop, then start (with a build unless --no-build)
#
# Environment: IDM_DATA_DIR (default ./data), IDM_DEMO_PASSWORD (default demo), IDM_COMMAND_PORT (8080),
# IDM_QUERY_PORT (8081), IDM_START_TIMEOUT / IDM_STOP_TIMEOUT (seconds, default 180 / 60), JAVA_OPTS,
# IDM_TOKEN_SECRET (default: the one the demo made at its first start in IDM_DATA_DIR/token-secret).
set -euo pipefail

# shellcheck source=scripts/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SERVICES=(command-service query-service)
LOG_DIR="$IDM_DATA_DIR/logs"
RUN_DIR="$IDM_DATA_DIR/run"
START_TIMEOUT="${IDM_START_TIMEOUT:-180}"
STOP_TIMEOUT="${IDM_STOP_TIMEOUT:-60}"

usage() {
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

port_of() { if [ "$1" = command-service ]; then echo "$IDM_COMMAND_PORT"; else echo "$IDM_QUERY_PORT"; fi; }
url_of() { echo "http://localhost:$(port_of "$1")"; }
pid_file() { echo "$RUN_DIR/$1.pid"; }
log_file() { echo "$LOG_DIR/$1.log"; }

# The pid of our running instance of a service, or nothing (a stale pid file is removed).
running_pid() {
    local file pid
    file="$(pid_file "$1")"
    [ -f "$file" ] || return 0
    pid="$(cat "$file" 2>/dev/null || true)"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null \
        && { ! command -v ps >/dev/null 2>&1 || ps -p "$pid" -o args= 2>/dev/null | grep -q -- "$1"; }; then
        echo "$pid"
    else
        rm -f "$file"
    fi
}

log_tail() {
    local log
    log="$(log_file "$1")"
    if [ -f "$log" ]; then
        echo "----- last 40 lines of $log -----" >&2
        tail -n 40 "$log" >&2
        if grep -q -e ' ERROR ' -e '^Caused by' "$log"; then
            echo "----- its first errors and causes -----" >&2
            grep -e ' ERROR ' -e '^Caused by' "$log" | head -n 8 | cut -c1-400 >&2
        fi
        echo "-----" >&2
    fi
}

launch() {
    local service="$1" jar port log pid profiles
    jar="$(idm_service_jar "$service")"
    [ -n "$jar" ] || idm_die "no jar for $service under $IDM_ROOT/$service/target; build first: ./scripts/demo.sh start (without --no-build)"
    port="$(port_of "$service")"
    if idm_port_busy "$port"; then
        idm_die "port $port is already in use, but not by a $service that this script started (see ./scripts/demo.sh status). Stop whatever listens there, or set $( [ "$service" = command-service ] && echo IDM_COMMAND_PORT || echo IDM_QUERY_PORT )."
    fi
    log="$(log_file "$service")"
    [ -f "$log" ] && mv -f "$log" "$log.1"
    # Run a copy: a build that rewrites target/*.jar under a running JVM would break it (NoClassDefFoundError).
    cp -f "$jar" "$RUN_DIR/$service.jar.tmp"
    mv -f "$RUN_DIR/$service.jar.tmp" "$RUN_DIR/$service.jar"
    jar="$RUN_DIR/$service.jar"
    profiles="demo"
    case ",${SPRING_PROFILES_ACTIVE:-}," in
        ,,) ;;
        *,demo,*) profiles="$SPRING_PROFILES_ACTIVE" ;;
        *) profiles="$SPRING_PROFILES_ACTIVE,demo" ;;
    esac
    local detach=() file
    command -v setsid >/dev/null 2>&1 && detach=(setsid)
    file="$(pid_file "$service")"
    rm -f "$file"
    # The shell writes its own pid, then becomes the JVM: the pid file holds the JVM's pid however setsid forks.
    # The query service forwards the web UI's writes to this script's command service.
    # shellcheck disable=SC2016,SC2086  # $0/$$ belong to the inner shell; JAVA_OPTS is a list of options
    (cd "$IDM_ROOT" && exec env PORT="$port" IDM_DATA_DIR="$IDM_DATA_DIR" SPRING_PROFILES_ACTIVE="$profiles" \
        IDM_COMMAND_SERVICE_URL="${IDM_COMMAND_SERVICE_URL:-http://localhost:$IDM_COMMAND_PORT}" \
        ${detach[@]+"${detach[@]}"} nohup sh -c 'echo $$ >"$0"; exec "$@"' "$file" java ${JAVA_OPTS:-} -jar "$jar" \
        </dev/null >>"$log" 2>&1) &
    local tries=0
    while [ ! -s "$file" ] && [ "$tries" -lt 50 ]; do sleep 0.1; tries=$((tries + 1)); done
    pid="$(cat "$file" 2>/dev/null || true)"
    [ -n "$pid" ] || { log_tail "$service"; idm_die "$service did not start (see the log above)"; }
    idm_say "Started $service (pid $pid, port $port, profile $profiles), log: $log"
}

await_healthy() {
    local service="$1" url pid deadline
    url="$(url_of "$service")"
    deadline=$((SECONDS + START_TIMEOUT))
    printf 'Waiting for %s at %s/actuator/health ' "$service" "$url"
    while :; do
        if idm_health_up "$url"; then
            echo " UP"
            return 0
        fi
        pid="$(running_pid "$service")"
        if [ -z "$pid" ]; then
            echo
            log_tail "$service"
            idm_die "$service exited during start-up (see the log above)"
        fi
        # A failed Spring start-up does not always end the JVM: don't wait for the timeout, and don't leave it.
        if grep -q -e 'APPLICATION FAILED TO START' -e 'Application run failed' "$(log_file "$service")" 2>/dev/null; then
            echo
            log_tail "$service"
            stop_one "$service" >/dev/null
            idm_die "$service failed to start (see the log above); stopped it"
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo
            log_tail "$service"
            stop_one "$service" >/dev/null
            idm_die "$service did not report UP within ${START_TIMEOUT}s (see the log above); stopped it"
        fi
        printf '.'
        sleep 1
    done
}

print_welcome() {
    local password_hint="demo" try_user="delegate-phl:demo"
    if [ -n "${IDM_DEMO_PASSWORD:-}" ]; then
        password_hint="the value of IDM_DEMO_PASSWORD"
        # shellcheck disable=SC2016  # shown literally, not expanded
        try_user='"delegate-phl:$IDM_DEMO_PASSWORD"'
    fi
    cat <<EOF

The IDM theme selection demo is running.
  Writes (command service):      $IDM_COMMAND_URL   e.g. POST $IDM_COMMAND_URL/api/consultations
  Reads  (query service, UI):    $IDM_QUERY_URL   e.g. GET  $IDM_QUERY_URL/api/me
  Data, logs and pid files:      $IDM_DATA_DIR

Sign in on the web UI at $IDM_QUERY_URL/ (or with HTTP Basic on the API); every user's password is $password_hint:
  secretariat                     opens consultations, tables the Administration's proposals, audits
  chair                           opens and closes voting, records the decision
  observer                        reads
  delegate-<iso3 in lower case>   a member state's delegate, e.g. delegate-phl, delegate-mex, delegate-ken

Seeded: 186 member states and the consultation idm-2010-theme (OPEN) with the proposals
south-south-migration and migration-and-social-change.

Try:   curl -u $try_user $IDM_QUERY_URL/api/me
Tour:  ./scripts/tour.sh        Status: ./scripts/demo.sh status        Stop: ./scripts/demo.sh stop
EOF
}

start() {
    local build=1 arg service pid any_running=0
    for arg in "$@"; do
        case "$arg" in
            --no-build) build=0 ;;
            *) usage >&2; idm_die "unknown option: $arg" ;;
        esac
    done
    command -v java >/dev/null 2>&1 || idm_die "java is not on the PATH; install Java 17 or newer"
    mkdir -p "$LOG_DIR" "$RUN_DIR"

    for service in "${SERVICES[@]}"; do
        [ -n "$(running_pid "$service")" ] && any_running=1
    done
    if [ "$build" = 1 ]; then
        if [ "$any_running" = 1 ]; then
            idm_say "A service is already running; not rebuilding (to run a new build: ./scripts/demo.sh restart)."
        else
            command -v mvn >/dev/null 2>&1 || idm_die "mvn is not on the PATH; install Maven 3.8+ (or start with --no-build after a build)"
            idm_say "Building (mvn -B -q package -DskipTests) ..."
            (cd "$IDM_ROOT" && mvn -B -q package -DskipTests) || idm_die "the Maven build failed (see above)"
        fi
    fi

    # The command service first: it owns the event store's schema, which the query service reads.
    for service in "${SERVICES[@]}"; do
        pid="$(running_pid "$service")"
        if [ -n "$pid" ]; then
            idm_say "$service is already running (pid $pid); not starting another."
        else
            launch "$service"
        fi
        await_healthy "$service"
    done
    print_welcome
}

stop_one() {
    local service="$1" pid deadline
    pid="$(running_pid "$service")"
    if [ -z "$pid" ]; then
        idm_say "$service is not running."
        return 0
    fi
    printf 'Stopping %s (pid %s) ' "$service" "$pid"
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo " did not stop within ${STOP_TIMEOUT}s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 1
            break
        fi
        printf '.'
        sleep 1
    done
    rm -f "$(pid_file "$service")" "$RUN_DIR/$service.jar"
    echo " stopped"
}

stop() {
    # The query service first: the command service is usually the embedded database's host process.
    stop_one query-service
    stop_one command-service
}

status() {
    local service pid url healthy=1
    for service in "${SERVICES[@]}"; do
        pid="$(running_pid "$service")"
        url="$(url_of "$service")"
        if [ -n "$pid" ]; then
            if idm_health_up "$url"; then
                printf '%-16s running  pid %-8s %s  health UP\n' "$service" "$pid" "$url"
            else
                printf '%-16s running  pid %-8s %s  health not UP (yet?)\n' "$service" "$pid" "$url"
                healthy=0
            fi
        else
            if idm_port_busy "$(port_of "$service")"; then
                printf '%-16s stopped  (but port %s is in use by another process)\n' "$service" "$(port_of "$service")"
            else
                printf '%-16s stopped\n' "$service"
            fi
            healthy=0
        fi
    done
    printf 'data dir: %s\n' "$IDM_DATA_DIR"
    [ "$healthy" = 1 ] || return 3
}

command="${1:-start}"
[ $# -gt 0 ] && shift
case "$command" in
    start) start "$@" ;;
    --no-build) start --no-build "$@" ;;
    stop) stop ;;
    status) status ;;
    restart) stop; start "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
esac
