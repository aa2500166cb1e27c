#!/usr/bin/env bash
# Runs SQL against the demo's embedded database with H2's own Shell, e.g.
#   ./scripts/h2-sql.sh "select count(*) from domain_event_entry"
# Works while the services run (AUTO_SERVER: the Shell joins the database that a service holds open) and
# while they are stopped. Uses the H2 jar of the version the command service ships: $H2_JAR if set, else the
# one in the local Maven repository, else the copy inside the command service's jar (unpacked once into
# $IDM_DATA_DIR/tools). With --jar, only prints the H2 jar's path.
set -euo pipefail

# shellcheck source=scripts/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# The H2 version inside the command service's executable jar, e.g. 2.4.240.
h2_version() {
    local jar="$1" entries
    if command -v unzip >/dev/null 2>&1; then
        entries="$(unzip -Z1 "$jar")"
    elif command -v jar >/dev/null 2>&1; then
        entries="$(jar tf "$jar")"
    else
        idm_die "neither unzip nor the JDK's jar tool is on the PATH"
    fi
    printf '%s\n' "$entries" | sed -n 's|^BOOT-INF/lib/h2-\([0-9][0-9.]*\)\.jar$|\1|p' | head -n 1
}

find_h2_jar() {
    if [ -n "${H2_JAR:-}" ]; then
        [ -f "$H2_JAR" ] || idm_die "H2_JAR=$H2_JAR does not exist"
        printf '%s\n' "$H2_JAR"
        return
    fi
    local service_jar version m2 cached tmp
    service_jar="$(idm_service_jar command-service)"
    [ -n "$service_jar" ] || idm_die "command-service is not built (no jar under command-service/target); run: mvn -B -q package -DskipTests"
    version="$(h2_version "$service_jar")"
    [ -n "$version" ] || idm_die "no H2 jar inside $service_jar"
    m2="${MAVEN_REPO:-$HOME/.m2/repository}/com/h2database/h2/$version/h2-$version.jar"
    if [ -f "$m2" ]; then
        printf '%s\n' "$m2"
        return
    fi
    cached="$IDM_DATA_DIR/tools/h2-$version.jar"
    if [ ! -f "$cached" ]; then
        mkdir -p "$IDM_DATA_DIR/tools"
        tmp="$(mktemp -d)"
        if command -v unzip >/dev/null 2>&1; then
            unzip -q -o "$service_jar" "BOOT-INF/lib/h2-$version.jar" -d "$tmp"
        else
            (cd "$tmp" && jar xf "$service_jar" "BOOT-INF/lib/h2-$version.jar")
        fi
        mv "$tmp/BOOT-INF/lib/h2-$version.jar" "$cached"
        rm -rf "$tmp"
    fi
    printf '%s\n' "$cached"
}

[ $# -ge 1 ] || idm_die "usage: $0 \"<sql>\" | --jar"
H2="$(find_h2_jar)"
if [ "$1" = --jar ]; then
    printf '%s\n' "$H2"
    exit 0
fi
[ -f "$IDM_DATA_DIR/idm.mv.db" ] || idm_die "no database at $IDM_DATA_DIR/idm.mv.db (start the demo first: ./scripts/demo.sh)"
exec java -cp "$H2" org.h2.tools.Shell -url "$IDM_JDBC_URL" -user "${IDM_DB_USER:-sa}" -password "${IDM_DB_PASSWORD:-}" \
    -sql "$1" </dev/null
