package org.iom.idm.web;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.iom.kit.problem.ErrorCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestContextManager;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input proven harmless (issue 15): thousands of generated requests to every write endpoint of CONTRACT
 * §5, §8 and §9, as every role and anonymously, with malformed and deeply nested JSON, wrong types, nulls, unknown
 * fields, oversize strings, control characters, invalid UTF-8, look-alike titles, odd path segments, SQL and
 * script. None is answered with a 5xx; every refusal is problem+json with a stable code and stores nothing.
 * <p>
 * jqwik runs the properties, with a fixed seed so that every run sends the same requests; Spring's test context
 * (its own in-memory database, so that no other test's deadlines append events meanwhile) is injected as it would
 * be into a JUnit test.
 */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:command-hostile;MODE=PostgreSQL;"
        + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
class HostileInputApiTest extends ApiTestSupport {

    static final String SEED = "20261115";

    private static final TestContextManager SPRING = new TestContextManager(HostileInputApiTest.class);
    private static final AtomicInteger SENT = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> CODES = Arrays.stream(ErrorCode.values()).map(Enum::name).toList();
    private static final String EXISTING_TITLE = "South-South Migration";

    @Autowired
    private JdbcTemplate jdbc;
    private Fixture fixture;

    @BeforeProperty
    void springInjectsAndAFreshFixtureIsMade() throws Exception {
        SPRING.prepareTestInstance(this);
        fixture = makeFixture();
    }

    @AfterContainer
    static void reportHowManyRequestsWereSent() {
        System.out.println("HostileInputApiTest sent " + SENT.get() + " generated requests");
    }

    // --- the properties ---------------------------------------------------------------------------------------

    @Property(tries = 2250, seed = SEED)
    void everyWriteEndpointAnswersHostileRequestsWithoutAServerErrorAndRefusalsStoreNothing(
            @ForAll("hostileRequests") HostileRequest request) {
        long before = lastGlobalIndex();

        Reply reply = send(request);

        assertThat(reply.status()).as("%s -> %s", request, reply).isBetween(200, 499);
        if (reply.status() >= 400) {
            assertStableProblem(request, reply);
            assertNothingStoredSince(before, request + " -> " + reply);
        }
    }

    /** Instants far beyond year 9999 or before 1970, and numbers of any size, in requests otherwise valid. */
    @Property(tries = 150, seed = SEED)
    void anExtremeValueInAnOtherwiseValidRequestIsAcceptedOrRefusedNeverFailed(
            @ForAll("extremeFields") String field, @ForAll("extremeValues") Object value) {
        String path;
        Map<String, Object> body = new LinkedHashMap<>();
        String user = SECRETARIAT;
        switch (field) {
            case "deadline" -> {
                String cid = newConsultation(Map.of("procedure", "SILENCE"));
                path = consultation(cid) + "/circulate";
                body.putAll(Map.of("selected", List.of(submitProposal(cid, SECRETARIAT)), "text", "Draft"));
                user = CHAIR;
            }
            case "votingClosesAt" -> path = consultation(newConsultation()) + "/schedule";
            default -> {
                path = "/api/consultations";
                body.putAll(Map.of("id", uniqueId("c"), "title", "Extreme", "question", "Which?"));
            }
        }
        if (field.startsWith("schedule.")) {
            body.put("schedule", Map.of(field.substring("schedule.".length()), value));
        } else {
            body.put(field, value);
        }
        long before = lastGlobalIndex();

        Reply reply = sent(as(user), path.endsWith("/schedule") ? "PUT" : "POST", path, JSON_TYPE,
                json(body).getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).as("%s %s -> %s", field, value, reply).isBetween(200, 499);
        if (reply.status() >= 400) {
            assertThat(reply.header("Content-Type")).as("%s", reply).startsWith(PROBLEM_JSON);
            assertNothingStoredSince(before, field + " " + value + " -> " + reply);
        }
    }

    /** Rule 2 of CONTRACT §3, hardened: a title that only looks different is the same title. */
    @Property(tries = 200, seed = SEED)
    void aLookAlikeOfAnExistingTitleIsRefusedAsADuplicate(@ForAll("lookAlikes") String title) {
        long before = lastGlobalIndex();

        Reply reply = sent(as(SECRETARIAT), "POST", proposalsOf(fixture.open().cid()), JSON_TYPE,
                json(Map.of("title", title, "summary", "Again")).getBytes(StandardCharsets.UTF_8));

        assertProblem(reply, 409, "DUPLICATE_TITLE");
        assertNothingStoredSince(before, reply);
    }

    /** CONTRACT §5 limits count characters (code points), not UTF-16 units. */
    @Property(tries = 200, seed = SEED)
    void aTitleIsMeasuredInCharactersNotUtf16Units(@ForAll("titleLengths") int length,
                                                    @ForAll("wideCharacters") String character) {
        String unique = uniqueId("t") + " ";
        String title = unique + character.repeat(length - unique.length());
        long before = lastGlobalIndex();

        Reply reply = sent(as(SECRETARIAT), "POST", proposalsOf(fixture.open().cid()), JSON_TYPE,
                json(Map.of("title", title, "summary", "Long")).getBytes(StandardCharsets.UTF_8));

        if (length <= Limits.TITLE) {
            assertThat(reply.status()).as("%d characters: %s", length, reply).isEqualTo(201);
        } else {
            assertProblem(reply, 400, "VALIDATION_FAILED");
            assertNothingStoredSince(before, reply);
        }
    }

    /** Control characters are refused in every text; multi-line texts keep their line breaks and tabs. */
    @Property(tries = 200, seed = SEED)
    void aControlCharacterInATextIsRefused(@ForAll("controlCharacters") int control,
                                           @ForAll("textFields") String field) {
        String text = "Before " + Character.toString(control) + " after";
        boolean multiLine = !field.equals("title");
        boolean lineBreakOrTab = control == '\n' || control == '\r' || control == '\t';
        Map<String, String> body = new LinkedHashMap<>(Map.of("title", uniqueId("Theme"), "summary", "Why"));
        body.put(field, text);
        long before = lastGlobalIndex();

        Reply reply = sent(as(SECRETARIAT), "POST", proposalsOf(fixture.open().cid()), JSON_TYPE,
                json(body).getBytes(StandardCharsets.UTF_8));

        if (multiLine && lineBreakOrTab) {
            assertThat(reply.status()).as("%s with U+%04X: %s", field, control, reply).isEqualTo(201);
        } else {
            JsonNode problem = assertProblem(reply, 400, "VALIDATION_FAILED");
            assertThat(problem.path("fields").findValuesAsString("field")).contains(field);
            assertNothingStoredSince(before, reply);
        }
    }

    // --- checking answers -------------------------------------------------------------------------------------

    private long lastGlobalIndex() {
        Long last = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return last == null ? 0 : last;
    }

    /** The event store's global index has not moved; if it has, the events appended say by whom and why. */
    private void assertNothingStoredSince(long lastIndex, Object request) {
        List<Map<String, Object>> appended = jdbc.queryForList("select global_index, aggregate_identifier, "
                + "payload_type, time_stamp from domain_event_entry where global_index > ? order by global_index",
                lastIndex);
        assertThat(appended).as("events stored by a refusal: %s", request).isEmpty();
    }

    private static void assertStableProblem(HostileRequest request, Reply reply) {
        assertThat(reply.header("Content-Type")).as("%s -> %s", request, reply).startsWith(PROBLEM_JSON);
        JsonNode problem = reply.json();
        assertThat(problem.path("status").asInt()).as("%s -> %s", request, reply).isEqualTo(reply.status());
        assertThat(problem.path("code").asString("")).as("%s -> %s", request, reply)
                .isIn(CODES);
    }

    // --- sending ----------------------------------------------------------------------------------------------

    private Reply send(HostileRequest request) {
        Scene scene = fixture.scene(request.scene());
        String path = request.endpoint().path(scene, request.segments(), fixture);
        Caller caller = switch (request.caller()) {
            case "anonymous" -> anonymous();
            case "delegate" -> as(delegateOf(fixture.state()));
            case "alternate" -> as("alternate-" + fixture.state().toLowerCase());
            case "other-delegate" -> as(delegateOf(fixture.otherState()));
            default -> as(request.caller());
        };
        if (request.accept() != null) {
            caller = caller.header("Accept", request.accept());
        }
        return sent(caller, request.endpoint().method(), path, request.contentType(), request.body().bytes(fixture));
    }

    private static Reply sent(Caller caller, String method, String path, String contentType, byte[] body) {
        SENT.incrementAndGet();
        return caller.send(method, path, contentType,
                body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
    }

    // --- the fixture ------------------------------------------------------------------------------------------

    /** The consultations and member state that generated requests address, one in each phase they can reach. */
    record Fixture(Scene open, Scene voting, Scene closed, Scene silence, String state, String otherState) {

        Scene scene(Phase phase) {
            return switch (phase) {
                case OPEN -> open;
                case VOTING -> voting;
                case CLOSED -> closed;
                case CIRCULATED -> silence;
            };
        }
    }

    /** A consultation, its proposals, and a comment on the first of them. */
    record Scene(String cid, List<String> pids, String mid) {
    }

    enum Phase { OPEN, VOTING, CLOSED, CIRCULATED }

    private Fixture makeFixture() {
        String state = claimMemberState();
        String otherState = claimMemberState();
        String open = newConsultation();
        List<String> openPids = List.of(submitProposal(open, SECRETARIAT, EXISTING_TITLE),
                submitProposal(open, delegateOf(state)));
        String openComment = addComment(open, openPids.get(0), OBSERVER);

        String voting = newConsultation(Map.of("selectCount", 2));
        List<String> votingPids = List.of(submitProposal(voting, SECRETARIAT), submitProposal(voting, SECRETARIAT));
        String votingComment = addComment(voting, votingPids.get(0), delegateOf(state));
        openVoting(voting);

        String closed = newConsultation();
        List<String> closedPids = List.of(submitProposal(closed, SECRETARIAT), submitProposal(closed, SECRETARIAT));
        openVoting(closed);
        castBallot(closed, otherState, closedPids.get(1));
        closeVoting(closed);

        String silence = newConsultation(Map.of("procedure", "SILENCE"));
        List<String> silencePids = List.of(submitProposal(silence, SECRETARIAT));
        assertNoContent(as(CHAIR).post(consultation(silence) + "/circulate", Map.of("selected", silencePids,
                "text", "The draft decision", "deadline", "2999-01-01T00:00:00Z")));

        return new Fixture(new Scene(open, openPids, openComment), new Scene(voting, votingPids, votingComment),
                new Scene(closed, closedPids, null), new Scene(silence, silencePids, null), state, otherState);
    }

    // --- write endpoints --------------------------------------------------------------------------------------

    /** What a body field holds, for generating plausible and implausible values of it. */
    enum Kind { TITLE, TEXT, ID, PROPOSAL_ID, STATE, NUMBER, FLAG, INSTANT, PROPOSAL_IDS, SCHEDULE, WORD, USER }

    /** A write endpoint: its path template ({cid}, {pid}, {mid}, {code}, {user}) and its body's fields. */
    record Endpoint(String method, String template, Map<String, Kind> fields) {

        String path(Scene scene, List<Segment> segments, Fixture fixture) {
            StringBuilder path = new StringBuilder();
            int next = 0;
            for (String part : template.split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                path.append('/');
                if (part.startsWith("{")) {
                    Segment segment = segments.get(next++ % segments.size());
                    path.append(segment.in(part, scene, fixture));
                } else {
                    path.append(part);
                }
            }
            return path.toString();
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    private static Map<String, Kind> fields(Object... namesAndKinds) {
        Map<String, Kind> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndKinds.length; i += 2) {
            fields.put((String) namesAndKinds[i], (Kind) namesAndKinds[i + 1]);
        }
        return fields;
    }

    static final List<Endpoint> WRITE_ENDPOINTS = List.of(
            new Endpoint("POST", "/api/consultations", fields("id", Kind.ID, "title", Kind.TITLE,
                    "question", Kind.TEXT, "description", Kind.TEXT, "selectCount", Kind.NUMBER,
                    "quorum", Kind.NUMBER, "parentId", Kind.ID, "procedure", Kind.WORD, "majority", Kind.WORD,
                    "tieBreak", Kind.WORD, "fallback", Kind.WORD, "schedule", Kind.SCHEDULE)),
            new Endpoint("POST", "/api/consultations/{cid}/cancel", fields("reason", Kind.TEXT)),
            new Endpoint("POST", "/api/consultations/{cid}/open-voting", null),
            new Endpoint("POST", "/api/consultations/{cid}/close-voting", null),
            new Endpoint("PUT", "/api/consultations/{cid}/schedule", fields("commentsCloseAt", Kind.INSTANT,
                    "votingOpensAt", Kind.INSTANT, "votingClosesAt", Kind.INSTANT)),
            new Endpoint("POST", "/api/consultations/{cid}/circulate", fields("selected", Kind.PROPOSAL_IDS,
                    "text", Kind.TEXT, "deadline", Kind.INSTANT)),
            new Endpoint("POST", "/api/consultations/{cid}/break-silence", fields("reason", Kind.TEXT)),
            new Endpoint("POST", "/api/consultations/{cid}/runoff", null),
            new Endpoint("POST", "/api/consultations/{cid}/proposals", fields("title", Kind.TITLE,
                    "summary", Kind.TEXT)),
            new Endpoint("PUT", "/api/consultations/{cid}/proposals/{pid}", fields("title", Kind.TITLE,
                    "summary", Kind.TEXT)),
            new Endpoint("POST", "/api/consultations/{cid}/proposals/{pid}/withdraw", fields("reason", Kind.TEXT)),
            new Endpoint("POST", "/api/consultations/{cid}/proposals/{pid}/comments", fields("text", Kind.TEXT,
                    "inReplyTo", Kind.ID)),
            new Endpoint("PUT", "/api/consultations/{cid}/proposals/{pid}/comments/{mid}",
                    fields("text", Kind.TEXT)),
            new Endpoint("POST", "/api/consultations/{cid}/proposals/{pid}/comments/{mid}/retract", null),
            new Endpoint("POST", "/api/consultations/{cid}/proposals/{pid}/comments/{mid}/hide",
                    fields("reason", Kind.TEXT)),
            new Endpoint("PUT", "/api/consultations/{cid}/ballots/{code}", fields("choices", Kind.PROPOSAL_IDS,
                    "abstain", Kind.FLAG, "explanation", Kind.TEXT)),
            new Endpoint("POST", "/api/consultations/{cid}/decision", fields("selected", Kind.PROPOSAL_IDS,
                    "rationale", Kind.TEXT)),
            new Endpoint("POST", "/api/member-states", fields("code", Kind.STATE, "name", Kind.TITLE)),
            new Endpoint("POST", "/api/member-states/{code}/suspend-voting-rights", fields("reason", Kind.TEXT)),
            new Endpoint("POST", "/api/member-states/{code}/reinstate-voting-rights", null),
            new Endpoint("POST", "/api/member-states/{code}/accreditations", fields("user", Kind.USER,
                    "capacity", Kind.WORD)),
            new Endpoint("POST", "/api/member-states/{code}/accreditations/{user}/withdraw",
                    fields("reason", Kind.TEXT)));

    // --- path segments ----------------------------------------------------------------------------------------

    /** One path variable's value: the fixture's own (mostly), or a hostile one, sent percent-encoded. */
    sealed interface Segment {
        String in(String placeholder, Scene scene, Fixture fixture);
    }

    /** The fixture's value for the placeholder; {@code index} picks among the scene's proposals. */
    record Own(int index) implements Segment {
        @Override
        public String in(String placeholder, Scene scene, Fixture fixture) {
            return switch (placeholder) {
                case "{cid}" -> scene.cid();
                case "{pid}" -> scene.pids().get(index % scene.pids().size());
                case "{mid}" -> scene.mid() == null ? "no-such-comment" : scene.mid();
                case "{code}" -> index % 3 == 2 ? fixture.otherState() : fixture.state();
                case "{user}" -> delegateOf(fixture.state());
                default -> throw new IllegalArgumentException(placeholder);
            };
        }
    }

    /** A segment as sent on the wire (already encoded, or deliberately not). */
    record Raw(String onTheWire) implements Segment {
        @Override
        public String in(String placeholder, Scene scene, Fixture fixture) {
            return onTheWire;
        }
    }

    private static Arbitrary<Segment> segments() {
        Arbitrary<Segment> own = Arbitraries.integers().between(0, 5).map(Own::new);
        Arbitrary<Segment> raw = Arbitraries.of("..", ".", "%2e%2e", "%2E", "..%2f..%2fetc%2fpasswd", "%2F", "%5C",
                "%00", "%0A", "%0D%0A", "%20", "a;b", "%3B", "%25", "%252e%252e", "~root", "*", "-", "%FF%FE",
                "%C0%AF", "%ED%A0%80", "phl", "PHL", "XXX", "idm-2010-theme").map(Raw::new);
        // Tomcat closes the connection on a request line over its 8 KiB header limit, before any answer.
        Arbitrary<Segment> encoded = hostileStrings().filter(text -> !text.isEmpty())
                .map(text -> new Raw(percentEncoded(text.substring(0, Math.min(text.length(), 500)))));
        return Arbitraries.frequencyOf(Tuple.of(12, own), Tuple.of(2, raw), Tuple.of(2, encoded));
    }

    /** Every byte of the text's UTF-8 form that is not unreserved is escaped, lone surrogates as '?'. */
    private static String percentEncoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // --- bodies -----------------------------------------------------------------------------------------------

    /** A request body: none, JSON built from a tree of values, or bytes that are no valid JSON at all. */
    sealed interface Body {
        byte[] bytes(Fixture fixture);
    }

    record NoBody() implements Body {
        @Override
        public byte[] bytes(Fixture fixture) {
            return null;
        }
    }

    /** A placeholder in a JSON tree for one of the fixture's ids, resolved as the request is sent. */
    record Ref(String what, int index) {
        Object in(Fixture fixture) {
            Scene scene = fixture.scene(Phase.values()[index % Phase.values().length]);
            return switch (what) {
                case "pid" -> scene.pids().get(index % scene.pids().size());
                case "cid" -> scene.cid();
                case "mid" -> scene.mid();
                case "user" -> delegateOf(fixture.state());
                default -> fixture.state();
            };
        }
    }

    /** How a serialised JSON body is spoiled before it is sent. */
    enum Spoiling { NONE, INVALID_UTF8, TRUNCATED, TRAILING_GARBAGE, BYTE_ORDER_MARK, NUL_BYTE }

    record JsonBody(Object tree, Spoiling spoiling) implements Body {
        @Override
        public byte[] bytes(Fixture fixture) {
            String text = escapedLoneSurrogates(json(resolved(tree, fixture)));
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            return switch (spoiling) {
                case NONE -> utf8;
                case INVALID_UTF8 -> spliced(text, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED,
                        (byte) 0xA0, (byte) 0x80, (byte) 0xC0, (byte) 0xAF, (byte) 0x80});
                case TRUNCATED -> Arrays.copyOf(utf8, utf8.length / 2);
                case TRAILING_GARBAGE -> (text + "}{\"x\": ]").getBytes(StandardCharsets.UTF_8);
                case BYTE_ORDER_MARK -> ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
                case NUL_BYTE -> (text.substring(0, text.length() / 2) + "\u0000" + text.substring(text.length() / 2))
                        .getBytes(StandardCharsets.UTF_8);
            };
        }

        @Override
        public String toString() {
            String shown = String.valueOf(tree);
            return "JSON " + spoiling + " " + (shown.length() > 300 ? shown.substring(0, 300) + "..." : shown);
        }
    }

    record RawBody(String name, byte[] content) implements Body {
        @Override
        public byte[] bytes(Fixture fixture) {
            return content;
        }

        @Override
        public String toString() {
            return name + " (" + content.length + " bytes)";
        }
    }

    private static Object resolved(Object tree, Fixture fixture) {
        if (tree instanceof Ref ref) {
            return ref.in(fixture);
        }
        if (tree instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(key, resolved(value, fixture)));
            return copy;
        }
        if (tree instanceof List<?> list) {
            return list.stream().map(value -> resolved(value, fixture)).toList();
        }
        return tree;
    }

    /** Invalid UTF-8 bytes inside the first string value of the JSON text (or at its end, if it has none). */
    private static byte[] spliced(String json, byte[] invalid) {
        int quote = json.indexOf(":\"");
        int at = quote < 0 ? json.length() : quote + 2;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(invalid);
        bytes.writeBytes(json.substring(at).getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    /** A lone surrogate cannot be encoded in UTF-8; sent as a JSON escape, it reaches the parser as such. */
    private static String escapedLoneSurrogates(String json) {
        StringBuilder escaped = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < json.length()
                    && Character.isLowSurrogate(json.charAt(i + 1));
            boolean pairedLow = Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(json.charAt(i - 1));
            if (Character.isSurrogate(c) && !pairedHigh && !pairedLow) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static Arbitrary<Body> bodies(Endpoint endpoint) {
        Map<String, Kind> known = endpoint.fields() == null ? Map.of("reason", Kind.TEXT) : endpoint.fields();
        Arbitrary<Object> object = objects(known);
        Arbitrary<Body> json = Combinators.combine(object, Arbitraries.frequency(Tuple.of(20, Spoiling.NONE),
                        Tuple.of(1, Spoiling.INVALID_UTF8), Tuple.of(1, Spoiling.TRUNCATED),
                        Tuple.of(1, Spoiling.TRAILING_GARBAGE), Tuple.of(1, Spoiling.BYTE_ORDER_MARK),
                        Tuple.of(1, Spoiling.NUL_BYTE)))
                .as(JsonBody::new);
        Arbitrary<Body> notAnObject = values(Kind.TEXT).map(value -> new JsonBody(value, Spoiling.NONE));
        Arbitrary<Body> raw = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 40_000).map(depth -> new RawBody("nested " + depth + " deep",
                        ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8))),
                Arbitraries.integers().between(1, 20_000).map(depth -> new RawBody("objects nested " + depth,
                        ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(StandardCharsets.UTF_8))),
                Arbitraries.integers().between(BODY_LIMIT - 64, BODY_LIMIT * 2).map(size -> new RawBody("oversize",
                        ("{\"reason\": \"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8))),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(bytes -> new RawBody("random bytes",
                        bytes)),
                Arbitraries.of("", " ", "{", "}", "{\"reason\":}", "{'reason': 'single'}", "{reason: 1}",
                        "{\"reason\": NaN}", "{\"reason\": \"a\" /* comment */}", "{\"reason\": \"\\uZZZZ\"}",
                        "{\"reason\": \"\\ud800\"}", "{\"reason\": \"\\u0000\"}", "{\"a\":1,\"a\":2}",
                        "{\"reason\": 1e999999}", "{\"reason\": -}", "\"\\\"", "nul", "[]", "{}{}")
                        .map(text -> new RawBody("text " + text, text.getBytes(StandardCharsets.UTF_8))));
        return Arbitraries.frequencyOf(Tuple.of(14, json), Tuple.of(1, notAnObject), Tuple.of(3, raw),
                Tuple.of(endpoint.fields() == null ? 6 : 1, Arbitraries.just(new NoBody())));
    }

    /** A JSON object with the endpoint's fields (each maybe left out, null or of any kind) and unknown ones. */
    private static Arbitrary<Object> objects(Map<String, Kind> known) {
        List<Arbitrary<Map.Entry<String, Object>>> entries = new ArrayList<>();
        known.forEach((name, kind) -> entries.add(Arbitraries.frequencyOf(
                Tuple.of(5, values(kind)), Tuple.of(3, anyValue()), Tuple.of(1, Arbitraries.just(null)))
                .map(value -> Map.entry(name, value == null ? NULL : value))));
        Arbitrary<Map<String, Object>> unknown = Arbitraries.maps(
                Arbitraries.oneOf(Arbitraries.of("__proto__", "constructor", "@class", "$type", "actor", "role",
                        "memberState", "aggregateIdentifier", "padding"), hostileStrings()),
                anyValue()).ofMaxSize(3);
        Arbitrary<List<Map.Entry<String, Object>>> present = Combinators.combine(entries.stream()
                        .map(entry -> entry.injectNull(0.15)).toList())
                .as(list -> list.stream().filter(entry -> entry != null).toList());
        return Combinators.combine(present, unknown, Arbitraries.integers().between(0, 9))
                .as((fields, extra, shuffle) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    if (shuffle == 0) {
                        body.putAll(extra);
                    }
                    fields.forEach(entry -> body.put(entry.getKey(), entry.getValue() == NULL ? null
                            : entry.getValue()));
                    if (shuffle == 1) {
                        body.putAll(extra);
                    }
                    return body;
                });
    }

    /** Stands for JSON null where a value may not be null. */
    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Values that fit the field's kind, many of them only in shape. */
    private static Arbitrary<Object> values(Kind kind) {
        Arbitrary<?> values = switch (kind) {
            case TITLE -> Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().withChars(' ').ofMinLength(1)
                    .ofMaxLength(40), hostileStrings(), lookAlikesOf(EXISTING_TITLE));
            case TEXT -> Arbitraries.oneOf(Arbitraries.strings().alpha().withChars(" .,\n").ofMinLength(1)
                    .ofMaxLength(80), hostileStrings());
            case ID -> Arbitraries.oneOf(Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
                    .ofMinLength(0).ofMaxLength(70), refs("cid"), refs("mid"), hostileStrings());
            case PROPOSAL_ID -> Arbitraries.oneOf(refs("pid"), hostileStrings());
            case STATE -> Arbitraries.oneOf(Arbitraries.strings().withCharRange('A', 'Z').ofLength(3),
                    refs("state"), hostileStrings());
            case NUMBER -> Arbitraries.oneOf(Arbitraries.integers().between(-3, 25),
                    Arbitraries.of(Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE,
                            new java.math.BigInteger("1" + "0".repeat(40)), 1.5, -0.0, 1e308,
                            new java.math.BigDecimal("1e400")));
            case FLAG -> Arbitraries.of(true, false, "true", 1, 0);
            case INSTANT -> instants();
            case PROPOSAL_IDS -> Arbitraries.oneOf(refs("pid").list().ofMaxSize(4).map(Object.class::cast),
                    values(Kind.PROPOSAL_ID).list().ofMaxSize(3).map(Object.class::cast),
                    refs("pid").list().ofMinSize(100).ofMaxSize(120).map(Object.class::cast));
            case SCHEDULE -> Arbitraries.maps(Arbitraries.of("commentsCloseAt", "votingOpensAt", "votingClosesAt",
                    "unknown"), instants()).ofMaxSize(4);
            case WORD -> Arbitraries.oneOf(Arbitraries.of("RECORDED_VOTE", "SILENCE", "PLURALITY", "SIMPLE",
                    "TWO_THIRDS", "CHAIR", "RUNOFF", "HEAD", "ALTERNATE", "ADVISER", "head", "HEAD ", "ＨＥＡＤ",
                    "HEAD\u0000"), hostileStrings());
            case USER -> Arbitraries.oneOf(refs("user"), Arbitraries.of("alternate-new", "delegate-phl",
                    "secretariat", "chair", "../secretariat", "user@example.org"), hostileStrings());
        };
        return values.map(Object.class::cast);
    }

    private static Arbitrary<Ref> refs(String what) {
        return Arbitraries.integers().between(0, 11).map(index -> new Ref(what, index));
    }

    private static Arbitrary<Object> instants() {
        return Arbitraries.of("2999-01-01T00:00:00Z", "2100-06-30T12:00:00+14:00", "9999-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59.999999999Z",
                "-1000000000-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2000-01-01T00:00:00Z",
                "2026-02-30T00:00:00Z", "2100-01-01T00:00:00", "2100-01-01", "tomorrow", "",
                1e20, -1e20, Long.MAX_VALUE, 4_102_444_800L, 1.5e9, true);
    }

    /** Any JSON value: scalars, arrays, objects, nested a little. */
    private static Arbitrary<Object> anyValue() {
        Arbitrary<Object> scalar = Arbitraries.oneOf(hostileStrings().map(Object.class::cast),
                values(Kind.NUMBER), Arbitraries.of(true, false).map(Object.class::cast));
        return Arbitraries.frequencyOf(Tuple.of(6, scalar),
                Tuple.of(1, scalar.list().ofMaxSize(4).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(8), scalar).ofMaxSize(3)
                        .map(Object.class::cast)));
    }

    /** Strings that have hurt other systems: control characters, look-alikes, oversize, SQL, script. */
    static Arbitrary<String> hostileStrings() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(60)),
                Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars('\u007f', '\u0085',
                        '\u2028', '\u2029', '\u200b', '\u200d', '\u202e', '\ufeff', 'a').ofMinLength(1)
                        .ofMaxLength(12)),
                Tuple.of(3, Arbitraries.of(
                        "' OR '1'='1", "'; DROP TABLE domain_event_entry; --", "\" OR 1=1 --", "1; SELECT 1",
                        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
                        "{{7*7}}", "${jndi:ldap://127.0.0.1/a}", "%s%n%x", "../../etc/passwd", "..\\..\\boot.ini",
                        "=HYPERLINK(\"http://127.0.0.1\")", "+cmd|' /C calc'!A0", "@SUM(1)", "-1+1",
                        "\u202Egnp.exe", "Mi\u0433ration", "\uFF33outh", "e\u0301\u0301\u0301", "\uD83D\uDE00",
                        "\uD800", "\uDC00x", "\uFFFF", "\uFFFE", "\u0000", " ", "\u00a0", "\u3000", "\u200b",
                        "null", "true", "0", "NaN", "")),
                Tuple.of(1, Arbitraries.of(Limits.TITLE, Limits.TITLE + 1, Limits.REASON + 1, Limits.TEXT,
                        Limits.TEXT + 1, 20_000).flatMap(length -> Arbitraries.of("x", "\u00e9", "\uD83D\uDE00",
                        "\u200b", "\u0007").map(unit -> unit.repeat(length)))));
    }

    // --- the generated requests -------------------------------------------------------------------------------

    /** One generated request, symbolic until sent so that its ids are the fixture's of the moment. */
    record HostileRequest(String caller, Endpoint endpoint, Phase scene, List<Segment> segments, Body body,
                          String contentType, String accept) {

        @Override
        public String toString() {
            return caller + " " + endpoint + " in " + scene + " " + segments + " [" + contentType + "] " + body
                    + (accept == null ? "" : " Accept: " + accept);
        }
    }

    @Provide
    Arbitrary<HostileRequest> hostileRequests() {
        Arbitrary<String> callers = Arbitraries.frequency(Tuple.of(1, "anonymous"), Tuple.of(3, SECRETARIAT),
                Tuple.of(3, CHAIR), Tuple.of(2, OBSERVER), Tuple.of(3, "delegate"), Tuple.of(1, "alternate"),
                Tuple.of(1, "other-delegate"));
        Arbitrary<String> contentTypes = Arbitraries.frequency(Tuple.of(40, JSON_TYPE),
                Tuple.of(1, "application/json; charset=ISO-8859-1"), Tuple.of(1, "application/json; charset=UTF-16"),
                Tuple.of(1, "application/json; charset=no-such-charset"), Tuple.of(1, "application/json;;;"),
                Tuple.of(1, "text/plain"), Tuple.of(1, "application/x-www-form-urlencoded"),
                Tuple.of(1, "multipart/form-data; boundary=x"), Tuple.of(1, "application/*"),
                Tuple.of(1, "application/problem+json"), Tuple.of(1, "*/*"));
        Arbitrary<String> accepts = Arbitraries.frequency(Tuple.of(16, (String) null), Tuple.of(1, "text/html"),
                Tuple.of(1, "application/xml"), Tuple.of(1, "*/*;q=0.1, nonsense"), Tuple.of(1, "application/*"));
        return Arbitraries.of(WRITE_ENDPOINTS).flatMap(endpoint -> Combinators.combine(callers,
                        Arbitraries.of(Phase.class), segments().list().ofMinSize(3).ofMaxSize(3), bodies(endpoint),
                        contentTypes.injectNull(0.05), accepts)
                .as((caller, scene, segments, body, type, accept) -> new HostileRequest(caller, endpoint, scene,
                        segments, body, type, accept)));
    }

    @Provide
    Arbitrary<String> extremeFields() {
        return Arbitraries.of("deadline", "votingClosesAt", "schedule.commentsCloseAt", "schedule.votingOpensAt",
                "selectCount", "quorum");
    }

    @Provide
    Arbitrary<Object> extremeValues() {
        return Arbitraries.oneOf(instants(), values(Kind.NUMBER), Arbitraries.longs().map(Object.class::cast),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(30).negate(),
                        java.math.BigInteger.TEN.pow(30)).map(Object.class::cast));
    }

    @Provide
    Arbitrary<String> lookAlikes() {
        return lookAlikesOf(EXISTING_TITLE);
    }

    /** The title with fullwidth letters, zero-width characters, other spaces and other case mixed in. */
    static Arbitrary<String> lookAlikesOf(String title) {
        Arbitrary<String> zeroWidth = Arbitraries.of("", "", "", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
                "\u00ad");
        List<Arbitrary<String>> characters = title.chars().mapToObj(c -> {
            char letter = (char) c;
            List<String> forms = new ArrayList<>(List.of(String.valueOf(letter), String.valueOf(letter),
                    String.valueOf(Character.toUpperCase(letter)), String.valueOf(Character.toLowerCase(letter))));
            if (letter > ' ' && letter < 0x7f) {
                forms.add(String.valueOf((char) (letter - 0x21 + 0xff01)));
            }
            if (letter == ' ') {
                forms.addAll(List.of("\u00a0", "\u3000", "  ", "\u2002"));
            }
            return Combinators.combine(Arbitraries.of(forms), zeroWidth).as(String::concat);
        }).toList();
        return Combinators.combine(characters).as(parts -> String.join("", parts))
                .filter(candidate -> !candidate.equals(title));
    }

    @Provide
    Arbitrary<Integer> titleLengths() {
        return Arbitraries.integers().between(Limits.TITLE - 40, Limits.TITLE + 40)
                .edgeCases(edges -> edges.includeOnly(Limits.TITLE, Limits.TITLE + 1));
    }

    @Provide
    Arbitrary<String> wideCharacters() {
        return Arbitraries.of("\uD83D\uDE00", "\uD840\uDC00", "\u00e9", "\u4e2d", "x");
    }

    @Provide
    Arbitrary<Integer> controlCharacters() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 0x1f), Arbitraries.integers().between(0x7f, 0x9f));
    }

    @Provide
    Arbitrary<String> textFields() {
        return Arbitraries.of("title", "summary");
    }
}
