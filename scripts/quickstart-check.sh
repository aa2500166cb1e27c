#!/usr/bin/env bash
# Checks the README's quick start end to end, on a fresh temporary data directory, with the jars that the
# Maven build left in */target (CI runs it after `mvn -B -T 2 verify`):
#   start the demo, run the tour, count the events; stop; start again: nothing re-seeded, the event count
#   unchanged, the tour's consultation still DECIDED on both sides; stop. Before the restart and at the end the
#   secretariat exports the audit trail and the independent verifier (audit-verifier's jar) checks it; the first
#   export's head is still in the last one (no hash changed); the decided consultation's official record and its
#   signature verify with the trail, and no longer once one byte of the record is changed.
# Nothing is left running, whatever happens. IDM_KEEP_DATA=1 keeps the data directory (logs included).
set -euo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
IDM_DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/idm-quickstart.XXXXXX")"
export IDM_DATA_DIR
# shellcheck source=scripts/common.sh
. "$SCRIPTS/common.sh"

CID="quickstart-check-$(date -u +%H%M%S)-$RANDOM"
LOGS="$IDM_DATA_DIR/logs"

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    "$SCRIPTS/demo.sh" stop >/dev/null 2>&1 || true
    if [ "$status" -ne 0 ]; then
        for log in "$LOGS"/command-service.log "$LOGS"/query-service.log; do
            if [ -f "$log" ]; then
                echo "----- last 60 lines of $log -----"
                tail -n 60 "$log"
            fi
        done
        echo "QUICK-START CHECK FAILED (exit $status)"
    fi
    if [ "${IDM_KEEP_DATA:-0}" = 1 ]; then
        echo "Data kept in $IDM_DATA_DIR"
    else
        rm -rf "$IDM_DATA_DIR"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() { printf '\n### quick-start check: %s\n' "$*"; }

# The single value of a one-row, one-column query.
sql_value() {
    "$SCRIPTS/h2-sql.sh" "$1" | sed -n 2p | tr -d '[:space:]'
}

# The whole trail exported as the secretariat into $1, once it has an entry for each of the store's $2 events,
# checked by the independent verifier; its head hash is left in VERIFIED_HEAD.
verify_audit_trail() {
    local export="$1" events="$2" entries output deadline=$((SECONDS + 30))
    while :; do
        curl -fsS -u "secretariat:$IDM_PASSWORD" -o "$export" "$IDM_QUERY_URL/api/audit/export?format=jsonl"
        entries="$(grep -c . "$export" || true)"
        [ "$entries" -lt "$events" ] || break
        [ "$SECONDS" -lt "$deadline" ] || idm_die "the audit export has $entries entries after 30 s, the store $events events"
        sleep 0.5
    done
    output="$(java -jar "$VERIFIER_JAR" "$export" 2>&1)" || idm_die "the verifier refused the exported trail: $output"
    grep -q '^verified ' <<<"$output" || idm_die "the verifier did not say verified: $output"
    VERIFIED_HEAD="${output##*, head }"
    idm_say "audit export of $entries entries: $output"
}

VERIFIER_JAR="$(idm_service_jar audit-verifier)"
[ -n "$VERIFIER_JAR" ] || idm_die "no jar under $IDM_ROOT/audit-verifier/target; build first (mvn -B -T 2 verify)"

step "start on a fresh data directory ($IDM_DATA_DIR)"
"$SCRIPTS/demo.sh" start --no-build
grep -q 'Demo seed: 186 member state(s) registered, consultation idm-2010-theme seeded' "$LOGS/command-service.log" \
    || idm_die "the command service's log does not report the first demo seed"

step "the tour"
IDM_TOUR_CONSULTATION="$CID" "$SCRIPTS/tour.sh"

EVENTS_BEFORE="$(sql_value "select count(*) as n from domain_event_entry")"
TOUR_BEFORE="$(sql_value "select count(*) as n from domain_event_entry where aggregate_identifier = '$CID'")"
idm_say "events in the store: $EVENTS_BEFORE ($TOUR_BEFORE for $CID)"
[ "$TOUR_BEFORE" = 12 ] || idm_die "expected 12 events for $CID, found '$TOUR_BEFORE'"

step "the audit trail, exported and checked by the independent verifier"
verify_audit_trail "$IDM_DATA_DIR/audit-before-restart.jsonl" "$EVENTS_BEFORE"
HEAD_BEFORE="$VERIFIED_HEAD"

step "the demo's own token secret, and a sign-in signed with it"
SECRET_FILE="$IDM_DATA_DIR/token-secret"
[ -f "$SECRET_FILE" ] || idm_die "the demo made no token secret in $SECRET_FILE"
# shellcheck disable=SC2012 # ls -n shows the mode the same way everywhere, stat does not
[ "$(ls -ln "$SECRET_FILE" | cut -c1-10)" = "-rw-------" ] || idm_die "$SECRET_FILE is not owner-only: $(ls -l "$SECRET_FILE")"
SECRET_BEFORE="$(cksum < "$SECRET_FILE")"
SESSION="$IDM_DATA_DIR/session-before-restart"
curl -fsS -o /dev/null -c "$SESSION" --data "username=observer&password=$IDM_PASSWORD" "$IDM_QUERY_URL/login"
idm_say "the demo made its token secret in $SECRET_FILE (owner-only); signed in as observer"

step "stop"
"$SCRIPTS/demo.sh" stop
if "$SCRIPTS/demo.sh" status; then
    idm_die "the services still run after stop"
fi

step "start again on the same data"
"$SCRIPTS/demo.sh" start --no-build
grep -q 'Demo seed: 0 member state(s) registered, consultation idm-2010-theme already present' "$LOGS/command-service.log" \
    || idm_die "the command service's log does not say that the seed was already present: $(grep 'Demo seed' "$LOGS/command-service.log" || echo 'no Demo seed line')"

EVENTS_AFTER="$(sql_value "select count(*) as n from domain_event_entry")"
TOUR_AFTER="$(sql_value "select count(*) as n from domain_event_entry where aggregate_identifier = '$CID'")"
LAST_EVENT="$(sql_value "select regexp_replace(payload_type, '^.*[.\$]', '') as e from domain_event_entry where aggregate_identifier = '$CID' order by sequence_number desc limit 1")"
idm_say "events in the store after the restart: $EVENTS_AFTER ($TOUR_AFTER for $CID, the last $LAST_EVENT)"
[ "$EVENTS_AFTER" = "$EVENTS_BEFORE" ] || idm_die "the restart changed the number of events: $EVENTS_BEFORE before, $EVENTS_AFTER after (re-seeded?)"
[ "$TOUR_AFTER" = "$TOUR_BEFORE" ] || idm_die "$CID had $TOUR_BEFORE events before the restart, $TOUR_AFTER after"
[ "$LAST_EVENT" = DecisionRecorded ] || idm_die "$CID's last event is $LAST_EVENT, not DecisionRecorded"

step "the same token secret, and the sign-in from before the restart still holds"
[ "$(cksum < "$SECRET_FILE")" = "$SECRET_BEFORE" ] || idm_die "the restart changed the demo's token secret"
page="$(curl -fsS -b "$SESSION" "$IDM_QUERY_URL/consultations/$CID")"
grep -q 'phase-decided' <<<"$page" || idm_die "the observer's sign-in from before the restart no longer holds"
idm_say "the observer signed in before the restart still sees $CID"

step "the decided consultation is still decided"
# The command side rebuilds the consultation from its events: voting cannot open again.
status="$(curl -sS -o /dev/null -w '%{http_code}' -u "chair:$IDM_PASSWORD" -X POST "$IDM_COMMAND_URL/api/consultations/$CID/open-voting")" || true
[ "$status" = 409 ] || idm_die "open-voting on the decided $CID answered $status, expected 409 WRONG_PHASE"
idm_say "open-voting on $CID: 409 (WRONG_PHASE), as expected"
# The query side shows it decided (its projections survive the restart or are rebuilt from the events).
deadline=$((SECONDS + 30))
until curl -fsS -u "observer:$IDM_PASSWORD" "$IDM_QUERY_URL/api/consultations/$CID" 2>/dev/null | grep -q '"phase":"DECIDED"'; do
    [ "$SECONDS" -lt "$deadline" ] || idm_die "the query service does not show $CID as DECIDED after the restart"
    sleep 0.5
done
idm_say "the query service shows $CID as DECIDED"

step "the web UI: sign in, a page, a write through the query service"
JAR="$(mktemp)"
curl -fsS -o /dev/null -c "$JAR" --data "username=delegate-phl&password=$IDM_PASSWORD" "$IDM_QUERY_URL/login"
# Pages are read whole before grep looks at them (grep -q stops reading early, which pipefail counts as failure).
page="$(curl -fsS -b "$JAR" "$IDM_QUERY_URL/consultations/$CID")"
grep -q 'phase-decided' <<<"$page" || idm_die "the web UI does not show $CID as decided to a signed-in delegate"
COMMENT="Quick-start check $(date +%s)"
status="$(curl -sS -o /dev/null -w '%{http_code}' -b "$JAR" -H 'Content-Type: application/json' \
    --data "{\"text\":\"$COMMENT\"}" "$IDM_QUERY_URL/api/consultations/idm-2010-theme/proposals/south-south-migration/comments")"
[ "$status" = 201 ] || idm_die "a comment sent through the query service answered $status, expected 201"
# The forwarded write answers once the read models show it, so the page has it at once.
page="$(curl -fsS -b "$JAR" "$IDM_QUERY_URL/consultations/idm-2010-theme/proposals/south-south-migration")"
grep -q "$COMMENT" <<<"$page" || idm_die "the proposal page does not show the comment just made"
rm -f "$JAR"
idm_say "signed in as delegate-phl, saw $CID decided, commented through the query service and saw the comment"

step "the audit trail again: it verifies, and the head from before the restart is unchanged in it"
EXPORT_AFTER="$IDM_DATA_DIR/audit-at-the-end.jsonl"
verify_audit_trail "$EXPORT_AFTER" "$(sql_value "select count(*) as n from domain_event_entry")"
# A verified chain holding the earlier head holds every entry up to it unchanged.
grep -qF "\"hash\":\"$HEAD_BEFORE\"" "$EXPORT_AFTER" || idm_die "the head from before the restart ($HEAD_BEFORE) is no longer in the trail"
idm_say "the head from before the restart, $HEAD_BEFORE, is still in the trail"

step "the official record of $CID, its signature checked by the independent verifier"
RECORD="$IDM_DATA_DIR/record-$CID.json"
SIGNATURE="$IDM_DATA_DIR/record-$CID.signature.json"
curl -fsS -u "observer:$IDM_PASSWORD" -H 'Accept: application/json' -o "$RECORD" "$IDM_QUERY_URL/api/consultations/$CID/record"
curl -fsS -u "observer:$IDM_PASSWORD" -o "$SIGNATURE" "$IDM_QUERY_URL/api/consultations/$CID/record/signature"
output="$(java -jar "$VERIFIER_JAR" "$EXPORT_AFTER" --record "$RECORD" --signature "$SIGNATURE" 2>&1)" \
    || idm_die "the verifier refused the record of $CID: $output"
idm_say "record of $CID: $output"
# One byte of the record changed: the signature no longer holds.
sed -i 's/"question":"./"question":"#/' "$RECORD"
if output="$(java -jar "$VERIFIER_JAR" "$EXPORT_AFTER" --record "$RECORD" --signature "$SIGNATURE" 2>&1)"; then
    idm_die "the verifier accepted a changed record: $output"
fi
idm_say "a changed record is refused: $output"

step "stop"
"$SCRIPTS/demo.sh" stop
printf '\nQuick-start check passed: start, tour (%s events), audit trail verified, restart without re-seeding (%s events), stop.\n' \
    "$TOUR_BEFORE" "$EVENTS_AFTER"
