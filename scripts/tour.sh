#!/usr/bin/env bash
# A short tour with curl, against the running demo (./scripts/demo.sh first):
# the secretariat opens a consultation, three delegates propose, comment and vote (one changes its
# ballot, one abstains), the chair opens and closes voting and records the decision; a few commands
# that the rules refuse are tried on the way, and the query service shows the tally and the outcome.
# Then the tour reads the consultation's events straight from the event store, with who did what, and
# checks them.
#
# Exits non-zero with a message when any call answers an unexpected status or the events are not as
# expected. Environment: IDM_TOUR_CONSULTATION (the new consultation's id; default tour-<time>-<n>),
# IDM_DEMO_PASSWORD, IDM_COMMAND_PORT, IDM_QUERY_PORT, IDM_DATA_DIR (as for ./scripts/demo.sh); with
# IDM_DB_URL=jdbc:postgresql:... (the postgres profile) it reads the events with psql instead of H2's Shell.
set -euo pipefail

SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/common.sh
. "$SCRIPTS/common.sh"

command -v curl >/dev/null 2>&1 || idm_die "the tour needs curl"
CID="${IDM_TOUR_CONSULTATION:-tour-$(date -u +%Y%m%d-%H%M%S)-$RANDOM}"
SHOWN_PASSWORD="demo"
# shellcheck disable=SC2016  # shown literally, not expanded
[ -n "${IDM_DEMO_PASSWORD:-}" ] && SHOWN_PASSWORD='$IDM_DEMO_PASSWORD'
STEP=0
RESPONSE=""
TMP="$(mktemp)"
trap 'rm -f "$TMP"' EXIT

section() { printf '\n== %s\n' "$*"; }

# call EXPECTED_STATUS USER METHOD URL [JSON_BODY]: shows the curl command and the answer; fails on any
# other status. The response body is left in $RESPONSE.
call() {
    local expected="$1" user="$2" method="$3" url="$4" body="${5:-}" status shown
    local args=(-sS -o "$TMP" -w '%{http_code}' -u "$user:$IDM_PASSWORD" -X "$method")
    shown="curl -u $user:$SHOWN_PASSWORD -X $method $url"
    if [ -n "$body" ]; then
        args+=(-H 'Content-Type: application/json' --data "$body")
        shown="$shown -H 'Content-Type: application/json' -d '$body'"
    fi
    STEP=$((STEP + 1))
    printf '$ %s\n' "$shown"
    status="$(curl "${args[@]}" "$url" 2>/dev/null)" || status="${status:-000}"
    RESPONSE="$(cat "$TMP")"
    printf '  -> %s %s\n' "$status" "$RESPONSE"
    if [ "$status" = 000 ]; then
        idm_die "step $STEP: no answer from $url; is the demo running? (./scripts/demo.sh)"
    fi
    if [ "$status" != "$expected" ]; then
        idm_die "step $STEP: expected HTTP $expected from $method $url as $user, got $status: $RESPONSE"
    fi
}

# read USER URL PATTERN: a GET on the query service, repeated for up to 10 s until the answer matches the
# (grep -E) pattern: reads are eventually consistent (CONTRACT §5), usually within 100 ms.
read_until() {
    local user="$1" url="$2" pattern="$3" status deadline=$((SECONDS + 10))
    STEP=$((STEP + 1))
    printf '$ curl -u %s:%s %s\n' "$user" "$SHOWN_PASSWORD" "$url"
    while :; do
        status="$(curl -sS -o "$TMP" -w '%{http_code}' -u "$user:$IDM_PASSWORD" "$url" 2>/dev/null)" || status="${status:-000}"
        RESPONSE="$(cat "$TMP")"
        if [ "$status" = 200 ] && printf '%s' "$RESPONSE" | grep -Eq "$pattern"; then
            printf '  -> %s %s\n' "$status" "$RESPONSE"
            return 0
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            printf '  -> %s %s\n' "$status" "$RESPONSE"
            idm_die "step $STEP: the query service did not show /$pattern/ within 10 s at $url"
        fi
        sleep 0.2
    done
}

# The "id" of a 201 body, e.g. {"id":"..."}.
created_id() {
    local id
    id="$(printf '%s' "$RESPONSE" | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p')"
    [ -n "$id" ] || idm_die "step $STEP: no id in the answer: $RESPONSE"
    printf '%s\n' "$id"
}

expect_code() {
    printf '%s' "$RESPONSE" | grep -q "\"code\" *: *\"$1\"" \
        || idm_die "step $STEP: expected the error code $1 in: $RESPONSE"
}

C="$IDM_COMMAND_URL/api/consultations"

idm_health_up "$IDM_COMMAND_URL" || idm_die "the command service does not answer at $IDM_COMMAND_URL; start the demo first: ./scripts/demo.sh"

section "Who am I? The query service knows the signed-in user"
call 200 delegate-phl GET "$IDM_QUERY_URL/api/me"

section "The secretariat opens a consultation ($CID); a quorum of 3 ballots"
call 201 secretariat POST "$C" "{\"id\":\"$CID\",\"title\":\"Overarching theme for IDM 2011 (tour)\",\"question\":\"Which overarching theme should guide the IDM in 2011?\",\"selectCount\":1,\"quorum\":3}"

section "Delegates make suggestions for their own member states"
call 201 delegate-phl POST "$C/$CID/proposals" '{"title":"Migration and Climate Change","summary":"Environmental change as a driver of migration, and migration as adaptation."}'
P_PHL="$(created_id)"
call 201 delegate-mex POST "$C/$CID/proposals" '{"title":"Engaging Diasporas","summary":"Diasporas as partners in development at home and abroad."}'
P_MEX="$(created_id)"

section "Comments, and a reply"
call 201 delegate-ken POST "$C/$CID/proposals/$P_PHL/comments" '{"text":"Kenya supports this, with a focus on the Horn of Africa."}'
COMMENT="$(created_id)"
call 201 delegate-phl POST "$C/$CID/proposals/$P_PHL/comments" "{\"text\":\"Thank you; we will add regional examples.\",\"inReplyTo\":\"$COMMENT\"}"

section "Refused: only the proposer amends a proposal; nobody votes before voting opens"
call 403 delegate-ken PUT "$C/$CID/proposals/$P_PHL" '{"title":"Climate Change","summary":"Shorter."}'
expect_code FORBIDDEN
call 409 delegate-mex PUT "$C/$CID/ballots/MEX" "{\"choices\":[\"$P_MEX\"]}"
expect_code WRONG_PHASE

section "The chair opens voting"
call 204 chair POST "$C/$CID/open-voting"

section "Delegates vote; Kenya abstains and explains why; the Philippines change their ballot"
call 204 delegate-phl PUT "$C/$CID/ballots/PHL" "{\"choices\":[\"$P_PHL\"]}"
call 204 delegate-mex PUT "$C/$CID/ballots/MEX" "{\"choices\":[\"$P_MEX\"]}"
call 204 delegate-ken PUT "$C/$CID/ballots/KEN" '{"abstain":true,"explanation":"Kenya abstains until the themes are merged."}'
call 204 delegate-phl PUT "$C/$CID/ballots/PHL" "{\"choices\":[\"$P_MEX\"]}"

section "The chair follows the live tally on the query service (also as a stream: .../tally/stream)"
read_until chair "$IDM_QUERY_URL/api/consultations/$CID/tally" '"ballotsCast": *3[,}]'

section "Refused: a delegate votes only for its own member state"
call 403 delegate-mex PUT "$C/$CID/ballots/PHL" "{\"choices\":[\"$P_PHL\"]}"
expect_code FORBIDDEN

section "The chair closes voting (3 ballots: quorum met; $P_MEX leads 2-0)"
call 204 chair POST "$C/$CID/close-voting"

section "Refused: selecting the proposal with fewer votes needs a rationale"
call 409 chair POST "$C/$CID/decision" "{\"selected\":[\"$P_PHL\"]}"
expect_code RATIONALE_REQUIRED

section "The chair records the decision"
call 204 chair POST "$C/$CID/decision" "{\"selected\":[\"$P_MEX\"],\"rationale\":\"Selected by the membership: 2 of 3 ballots, 1 abstention.\"}"

section "Everyone reads the outcome on the query service"
read_until observer "$IDM_QUERY_URL/api/consultations/$CID" '"phase":"DECIDED"'

section "The consultation's events in the event store: who did what"
# Every event's metadata carries the actor. The H2 Shell cuts long columns, so the query picks the fields out.
case "${IDM_DB_URL:-}" in
    "" | jdbc:h2:*)
        field() { printf "coalesce(regexp_substr(utf8tostring(meta_data), '\"%s\":\"([^\"]*)\"', 1, 1, '', 1), '-') as %s" "$1" "$2"; }
        SQL="select global_index as pos, regexp_replace(payload_type, '^.*[.\$]', '') as event, $(field actor actor), \
$(field role role), $(field memberState member_state), time_stamp as at_utc \
from domain_event_entry where aggregate_identifier = '$CID' order by global_index"
        H2="$("$SCRIPTS/h2-sql.sh" --jar)"
        printf "\$ java -cp %s org.h2.tools.Shell -url '%s' -user sa -sql \"\$SQL\"\n  with SQL: %s\n" \
            "$H2" "$IDM_JDBC_URL" "$SQL"
        EVENTS="$("$SCRIPTS/h2-sql.sh" "$SQL")" || idm_die "could not read the event store: $EVENTS"
        ;;
    jdbc:postgresql:*)
        # The same on PostgreSQL (SPRING_PROFILES_ACTIVE=postgres with IDM_DB_URL, IDM_DB_USER, IDM_DB_PASSWORD).
        command -v psql >/dev/null 2>&1 || idm_die "the events are in PostgreSQL ($IDM_DB_URL); the tour needs psql to read them"
        field() { printf "coalesce(substring(convert_from(meta_data, 'UTF8') from '\"%s\":\"([^\"]*)\"'), '-') as %s" "$1" "$2"; }
        SQL="select global_index as pos, regexp_replace(payload_type, '^.*[.\$]', '') as event, $(field actor actor), \
$(field role role), $(field memberState member_state), time_stamp as at_utc \
from domain_event_entry where aggregate_identifier = '$CID' order by global_index"
        PG_URL="${IDM_DB_URL#jdbc:}"
        printf "\$ psql '%s' -U %s -c \"\$SQL\"\n  with SQL: %s\n" "$PG_URL" "${IDM_DB_USER:-postgres}" "$SQL"
        EVENTS="$(PGPASSWORD="${IDM_DB_PASSWORD:-}" psql -X -q -A -F ' | ' -v ON_ERROR_STOP=1 "$PG_URL" \
            -U "${IDM_DB_USER:-postgres}" -c "$SQL" </dev/null 2>&1)" || idm_die "could not read the event store: $EVENTS"
        ;;
    *) idm_die "the tour reads events from H2 or PostgreSQL only, not from $IDM_DB_URL" ;;
esac
printf '%s\n' "$EVENTS"

# expect_events EVENT ACTOR COUNT: that many events of that type by that actor.
expect_events() {
    local found
    found="$(printf '%s\n' "$EVENTS" | awk -F' *[|] *' -v e="$1" -v a="$2" '$2 == e && $3 == a { n++ } END { print n + 0 }')"
    [ "$found" = "$3" ] || idm_die "expected $3 $1 event(s) by $2 in the event store, found $found"
}
expect_events ConsultationCreated secretariat 1
expect_events ProposalSubmitted delegate-phl 1
expect_events ProposalSubmitted delegate-mex 1
expect_events CommentAdded delegate-ken 1
expect_events CommentAdded delegate-phl 1
expect_events VotingOpened chair 1
expect_events BallotCast delegate-phl 1
expect_events BallotCast delegate-mex 1
expect_events BallotCast delegate-ken 1
expect_events BallotChanged delegate-phl 1
expect_events VotingClosed chair 1
expect_events DecisionRecorded chair 1
TOTAL="$(printf '%s\n' "$EVENTS" | awk -F' *[|] *' '$1 ~ /^[0-9]+$/ { n++ } END { print n + 0 }')"
[ "$TOTAL" = 12 ] || idm_die "expected 12 events for $CID (the refused commands add none), found $TOTAL"
printf '%s\n' "$EVENTS" | awk -F' *[|] *' '$2 == "BallotCast" && $3 == "delegate-phl" && $5 != "PHL" { bad = 1 } END { exit bad }' \
    || idm_die "delegate-phl's BallotCast does not carry the member state PHL"

section "Done"
printf 'Consultation %s is DECIDED: %s ("Engaging Diasporas") selected.\n' "$CID" "$P_MEX"
printf 'All 12 events carry their actor; the 4 refused commands left no trace.\n'
case "${IDM_DB_URL:-}" in
    "" | jdbc:h2:*)
        printf 'Every event with its full metadata:\n  ./scripts/h2-sql.sh "%s"\n' \
            "select global_index, payload_type, utf8tostring(meta_data) from domain_event_entry where aggregate_identifier = '$CID' order by global_index"
        ;;
esac
