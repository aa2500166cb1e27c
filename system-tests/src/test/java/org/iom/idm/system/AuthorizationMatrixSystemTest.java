package org.iom.idm.system;

import org.iom.idm.harness.ServiceApi.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iom.idm.system.EndToEndSystemTest.body;

/**
 * CONTRACT §4 and §9 as a table: every endpoint of §5–§9 on both real services, asked by every role and capacity and
 * by no one. A caller the roles table lets act gets its success status on a target prepared for it; anyone else gets
 * 403 {@code FORBIDDEN} (401 {@code UNAUTHENTICATED} without credentials), whatever state the target is in.
 */
@ExtendWith(SystemUnderTestExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixSystemTest {

    /** The states this test accredits people to; no other system test uses them. */
    private static final String STATE = "BTN";
    private static final String OTHER_STATE = "MNG";
    private static final String ADVISER_FROM = "KIR";
    private static final String UNACCREDITED_FROM = "VUT";

    /** Who asks: each role of §4, each capacity of §9, a delegate of another state, and no one. */
    enum Who {
        ANONYMOUS(null),
        SECRETARIAT("secretariat"),
        CHAIR("chair"),
        OBSERVER("observer"),
        METRICS("metrics"),
        HEAD("delegate-btn"),
        ALTERNATE("alternate-btn"),
        ADVISER("alternate-kir"),
        UNACCREDITED("alternate-vut"),
        OTHER_STATE_HEAD("delegate-mng");

        final String user;

        Who(String user) {
            this.user = user;
        }
    }

    private static final Set<Who> PEOPLE = EnumSet.complementOf(EnumSet.of(Who.ANONYMOUS, Who.METRICS));
    private static final Set<Who> COMMENTERS = EnumSet.complementOf(
            EnumSet.of(Who.ANONYMOUS, Who.METRICS, Who.UNACCREDITED));
    private static final Set<Who> SPEAKERS_FOR_STATE = EnumSet.of(Who.HEAD, Who.ALTERNATE);
    private static final Set<Who> SECRETARIAT = EnumSet.of(Who.SECRETARIAT);
    private static final Set<Who> CHAIR = EnumSet.of(Who.CHAIR);
    private static final Set<Who> STAFF_WHO_SEE_SEALED = EnumSet.of(Who.SECRETARIAT, Who.CHAIR);

    /** Any 2xx: a change answers 200 or 204 as its controller chose; a creation always 201. */
    private static final int SUCCESS = 0;

    private Api api;
    private final AtomicInteger sent = new AtomicInteger();
    private final Set<String> takenCodes = new HashSet<>();
    private int nextCode;

    @BeforeAll
    void accredit(Api api) {
        this.api = api;
        api.read(SECRETARIAT_USER, "/api/member-states").expect(200)
                .forEach(state -> takenCodes.add(state.path("code").asString()));
        withdraw(ADVISER_FROM, "alternate-kir");
        api.post(SECRETARIAT_USER, "/api/member-states/" + STATE + "/accreditations",
                body("user", "alternate-kir", "capacity", "ADVISER")).expect(201);
        withdraw(UNACCREDITED_FROM, "alternate-vut");
        api.awaitRead(SECRETARIAT_USER, "/api/member-states/" + STATE + "/accreditations",
                list -> list.toString().contains("alternate-kir"));
    }

    @AfterAll
    void report() {
        System.out.println("Authorization matrix: " + sent.get() + " requests sent");
    }

    private static final String SECRETARIAT_USER = "secretariat";

    private void withdraw(String state, String user) {
        api.post(SECRETARIAT_USER, "/api/member-states/" + state + "/accreditations/" + user + "/withdraw",
                body("reason", "Moved to another delegation for the authorization matrix")).expect2xx();
    }

    /** One endpoint: where it is, what it sends, who may call it, and what target each call gets. */
    private record Endpoint(String name, boolean command, String method, Function<Target, String> path,
                            Function<Target, Object> body, Set<Who> allowed, int success,
                            BiFunction<AuthorizationMatrixSystemTest, Who, Target> target) {
    }

    /** What a call acts on, prepared for the caller who makes it. */
    private record Target(String cid, String pid, String mid, String code, String user) {
        static Target of(String cid, String pid) {
            return new Target(cid, pid, null, null, null);
        }

        Target withPid(Function<String, String> proposal) {
            return new Target(cid, proposal.apply(cid), mid, code, user);
        }
    }

    private List<Endpoint> endpoints() {
        List<Endpoint> rows = new ArrayList<>();
        // CONTRACT §5 and §8: the command service.
        rows.add(write("create consultation", "POST", t -> "/api/consultations",
                t -> body("title", "Matrix " + UUID.randomUUID(), "question", "Which theme?"), SECRETARIAT, 201,
                (test, who) -> Target.of(null, null)));
        rows.add(write("cancel consultation", "POST", t -> c(t, "/cancel"), t -> body("reason", "Superseded"),
                SECRETARIAT, SUCCESS, (test, who) -> test.open()));
        rows.add(write("open voting", "POST", t -> c(t, "/open-voting"), t -> null, CHAIR, SUCCESS,
                (test, who) -> test.open()));
        rows.add(write("close voting", "POST", t -> c(t, "/close-voting"), t -> null, CHAIR, SUCCESS,
                (test, who) -> test.voting()));
        rows.add(write("change schedule", "PUT", t -> c(t, "/schedule"),
                t -> body("votingClosesAt", Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)
                        .toString()), EnumSet.of(Who.SECRETARIAT, Who.CHAIR), SUCCESS, (test, who) -> test.open()));
        rows.add(write("circulate a draft", "POST", t -> c(t, "/circulate"),
                t -> body("selected", List.of(t.pid()), "text", "The draft decision.", "deadline",
                        Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString()),
                CHAIR, SUCCESS, (test, who) -> test.silence(false)));
        rows.add(write("break silence", "POST", t -> c(t, "/break-silence"), t -> body("reason", "We object."),
                EnumSet.of(Who.HEAD, Who.ALTERNATE, Who.OTHER_STATE_HEAD), SUCCESS, (test, who) -> test.silence(true)));
        rows.add(write("open a runoff", "POST", t -> c(t, "/runoff"), t -> null, CHAIR, SUCCESS,
                (test, who) -> test.tied()));
        rows.add(write("record the decision", "POST", t -> c(t, "/decision"),
                t -> body("selected", List.of(t.pid()), "rationale", "As the vote showed."), CHAIR, SUCCESS,
                (test, who) -> test.closed()));
        rows.add(write("submit proposal", "POST", t -> c(t, "/proposals"),
                t -> body("title", "Proposal " + UUID.randomUUID(), "summary", "A summary."),
                EnumSet.of(Who.SECRETARIAT, Who.HEAD, Who.ALTERNATE, Who.OTHER_STATE_HEAD), 201,
                (test, who) -> test.open()));
        rows.add(write("amend the state's proposal", "PUT", t -> c(t, "/proposals/" + t.pid()),
                t -> body("title", "Amended " + UUID.randomUUID(), "summary", "Amended summary."),
                SPEAKERS_FOR_STATE, SUCCESS, (test, who) -> test.open()));
        rows.add(write("withdraw the state's proposal", "POST", t -> c(t, "/proposals/" + t.pid() + "/withdraw"),
                t -> body("reason", "Merged with another."), SPEAKERS_FOR_STATE, SUCCESS, (test, who) -> test.open()));
        rows.add(write("comment", "POST", t -> c(t, "/proposals/" + t.pid() + "/comments"),
                t -> body("text", "A comment."), COMMENTERS, 201, (test, who) -> test.open()));
        rows.add(write("edit own comment", "PUT", t -> c(t, "/proposals/" + t.pid() + "/comments/" + t.mid()),
                t -> body("text", "An edited comment."), COMMENTERS, SUCCESS, AuthorizationMatrixSystemTest::commented));
        rows.add(write("retract own comment", "POST",
                t -> c(t, "/proposals/" + t.pid() + "/comments/" + t.mid() + "/retract"), t -> null, COMMENTERS, SUCCESS,
                AuthorizationMatrixSystemTest::commented));
        rows.add(write("hide a comment", "POST",
                t -> c(t, "/proposals/" + t.pid() + "/comments/" + t.mid() + "/hide"),
                t -> body("reason", "Off topic."), SECRETARIAT, SUCCESS, (test, who) -> test.commented(Who.OBSERVER)));
        rows.add(write("cast the state's ballot", "PUT", t -> c(t, "/ballots/" + STATE),
                t -> body("choices", List.of(t.pid())), SPEAKERS_FOR_STATE, SUCCESS, (test, who) -> test.voting()));
        rows.add(write("register a member state", "POST", t -> "/api/member-states",
                t -> body("code", t.code(), "name", "Matrix " + t.code()), SECRETARIAT, 201,
                (test, who) -> new Target(null, null, null, test.freshCode(), null)));
        rows.add(write("suspend voting rights", "POST", t -> "/api/member-states/" + t.code() + "/suspend-voting-rights",
                t -> body("reason", "Arrears."), SECRETARIAT, SUCCESS, (test, who) -> test.registered()));
        rows.add(write("reinstate voting rights", "POST",
                t -> "/api/member-states/" + t.code() + "/reinstate-voting-rights", t -> null, SECRETARIAT, SUCCESS,
                (test, who) -> test.registered()));
        // CONTRACT §9: the roster.
        rows.add(write("accredit a delegate", "POST", t -> "/api/member-states/" + t.code() + "/accreditations",
                t -> body("user", t.user(), "capacity", "ALTERNATE"), SECRETARIAT, 201,
                (test, who) -> new Target(null, null, null, test.registered().code(), freshUser())));
        rows.add(write("withdraw an accreditation", "POST",
                t -> "/api/member-states/" + t.code() + "/accreditations/" + t.user() + "/withdraw",
                t -> body("reason", "Left the delegation."), SECRETARIAT, SUCCESS, (test, who) -> test.accredited()));

        // CONTRACT §5, §7, §8, §9: the query service.
        rows.add(read("list consultations", t -> "/api/consultations", PEOPLE, (test, who) -> Target.of(null, null)));
        rows.add(read("read a consultation", t -> c(t, ""), PEOPLE, (test, who) -> test.visible(test.open())));
        rows.add(read("read a proposal", t -> c(t, "/proposals/" + t.pid()), PEOPLE,
                (test, who) -> test.visible(test.open())));
        rows.add(read("tally while voting", t -> c(t, "/tally"), STAFF_WHO_SEE_SEALED,
                (test, who) -> test.visibleIn(test.voting(), "VOTING")));
        rows.add(read("ballots while voting", t -> c(t, "/ballots"), STAFF_WHO_SEE_SEALED,
                (test, who) -> test.visibleIn(test.voting(), "VOTING")));
        rows.add(read("tally after the close", t -> c(t, "/tally"), PEOPLE,
                (test, who) -> test.visibleIn(test.closed(), "CLOSED")));
        rows.add(read("ballots after the close", t -> c(t, "/ballots"), PEOPLE,
                (test, who) -> test.visibleIn(test.closed(), "CLOSED")));
        rows.add(read("the official record", t -> c(t, "/record"), PEOPLE,
                (test, who) -> test.visibleIn(test.decided(), "DECIDED")));
        rows.add(read("the record's signature", t -> c(t, "/record/signature"), PEOPLE,
                (test, who) -> test.visibleIn(test.decided(), "DECIDED")));
        rows.add(read("the record key", t -> "/api/record-key", PEOPLE, (test, who) -> Target.of(null, null)));
        rows.add(read("member states", t -> "/api/member-states", PEOPLE, (test, who) -> Target.of(null, null)));
        rows.add(read("a delegation", t -> "/api/member-states/" + STATE + "/accreditations", PEOPLE,
                (test, who) -> Target.of(null, null)));
        rows.add(read("who am I", t -> "/api/me", PEOPLE, (test, who) -> Target.of(null, null)));
        rows.add(read("audit head", t -> "/api/audit/head", PEOPLE, (test, who) -> Target.of(null, null)));
        rows.add(read("audit trail", t -> "/api/audit", SECRETARIAT, (test, who) -> Target.of(null, null)));
        rows.add(read("audit export", t -> "/api/audit/export?format=jsonl", SECRETARIAT,
                (test, who) -> Target.of(null, null)));
        rows.add(read("audit verification", t -> "/api/audit/verify", SECRETARIAT,
                (test, who) -> Target.of(null, null)));
        rows.add(read("projections", t -> "/api/admin/projections", SECRETARIAT, (test, who) -> Target.of(null, null)));
        rows.add(read("dead letters", t -> "/api/admin/dead-letters", SECRETARIAT,
                (test, who) -> Target.of(null, null)));
        rows.add(read("security events", t -> "/api/admin/security-events", SECRETARIAT,
                (test, who) -> Target.of(null, null)));
        rows.add(new Endpoint("metrics of the query service", false, "GET", t -> "/actuator/prometheus", t -> null,
                EnumSet.of(Who.METRICS), 200, (test, who) -> Target.of(null, null)));
        rows.add(new Endpoint("metrics of the command service", true, "GET", t -> "/actuator/prometheus", t -> null,
                EnumSet.of(Who.METRICS), 200, (test, who) -> Target.of(null, null)));
        return rows;
    }

    @TestFactory
    Stream<DynamicNode> everyEndpointAnswersEachRoleAndCapacityAsTheRolesTableSays() {
        return endpoints().stream().map(endpoint -> DynamicContainer.dynamicContainer(
                endpoint.method() + " " + endpoint.name(), Stream.of(Who.values()).map(who ->
                        DynamicTest.dynamicTest(who.name(), () -> check(endpoint, who)))));
    }

    @TestFactory
    Stream<DynamicNode> healthIsOpenToEveryoneOnBothServices() {
        return Stream.of(true, false).flatMap(command -> Stream.of(Who.values()).map(who ->
                DynamicTest.dynamicTest((command ? "command " : "query ") + who.name(), () ->
                        assertThat(send(command, "GET", who, "/actuator/health", null).status()).isEqualTo(200))));
    }

    private void check(Endpoint endpoint, Who who) {
        boolean allowed = endpoint.allowed().contains(who);
        // A refusal needs no target of its own: the same kind of target serves every refused caller.
        Target target = endpoint.target().apply(this, allowed ? who : Who.SECRETARIAT);
        Response response = send(endpoint.command(), endpoint.method(), who, endpoint.path().apply(target),
                endpoint.body().apply(target));
        if (who == Who.ANONYMOUS) {
            response.expectProblem(401, "UNAUTHENTICATED");
        } else if (!allowed) {
            response.expectProblem(403, "FORBIDDEN");
        } else if (endpoint.success() == SUCCESS) {
            assertThat(response.status() / 100).as("%s", response).isEqualTo(2);
        } else {
            assertThat(response.status()).as("%s", response).isEqualTo(endpoint.success());
        }
    }

    private Response send(boolean command, String method, Who who, String path, Object body) {
        sent.incrementAndGet();
        URI service = command ? api.commandService() : api.queryService();
        String accept = path.endsWith("/record") ? "application/json"
                : path.startsWith("/actuator/prometheus") ? "text/plain" : "application/json";
        return api.send(service, method, who.user, path, body, accept);
    }

    private static Endpoint write(String name, String method, Function<Target, String> path,
                                  Function<Target, Object> body, Set<Who> allowed, int success,
                                  BiFunction<AuthorizationMatrixSystemTest, Who, Target> target) {
        return new Endpoint(name, true, method, path, body, allowed, success, target);
    }

    private static Endpoint read(String name, Function<Target, String> path, Set<Who> allowed,
                                 BiFunction<AuthorizationMatrixSystemTest, Who, Target> target) {
        return new Endpoint(name, false, "GET", path, t -> null, allowed, 200, target);
    }

    private static String c(Target target, String rest) {
        return "/api/consultations/" + target.cid() + rest;
    }

    // Targets, each made fresh through ordinary commands.

    /** An open consultation with a proposal of {@link #STATE}, which its delegates may amend and withdraw. */
    private Target open() {
        return Target.of(consultation(Map.of()), null).withPid(this::stateProposal);
    }

    private Target voting() {
        Target target = open();
        api.post(SECRETARIAT_USER, c(target, "/proposals"),
                body("title", "Second " + UUID.randomUUID(), "summary", "The other one.")).expect(201);
        api.post(Who.CHAIR.user, c(target, "/open-voting"), null).expect2xx();
        return target;
    }

    private Target closed() {
        Target target = voting();
        api.put(Who.HEAD.user, c(target, "/ballots/" + STATE), body("choices", List.of(target.pid()))).expect2xx();
        api.post(Who.CHAIR.user, c(target, "/close-voting"), null).expect2xx();
        return target;
    }

    private Target decided() {
        Target target = closed();
        api.post(Who.CHAIR.user, c(target, "/decision"), body("selected", List.of(target.pid()),
                "rationale", "The quorum was not met.")).expect2xx();
        return target;
    }

    /** A closed first round that tied, under a runoff tie break. */
    private Target tied() {
        String cid = consultation(Map.of("tieBreak", "RUNOFF"));
        Target target = Target.of(cid, null).withPid(this::stateProposal);
        String other = api.post(SECRETARIAT_USER, c(target, "/proposals"),
                body("title", "Rival " + UUID.randomUUID(), "summary", "The rival.")).expect(201).path("id").asString();
        api.post(Who.CHAIR.user, c(target, "/open-voting"), null).expect2xx();
        api.put(Who.HEAD.user, c(target, "/ballots/" + STATE), body("choices", List.of(target.pid()))).expect2xx();
        api.put(Who.OTHER_STATE_HEAD.user, c(target, "/ballots/" + OTHER_STATE), body("choices", List.of(other)))
                .expect2xx();
        api.post(Who.CHAIR.user, c(target, "/close-voting"), null).expect2xx();
        return target;
    }

    /** A silence procedure, open or with a draft circulating until tomorrow. */
    private Target silence(boolean circulating) {
        Target target = Target.of(consultation(Map.of("procedure", "SILENCE")), null).withPid(this::stateProposal);
        if (circulating) {
            api.post(Who.CHAIR.user, c(target, "/circulate"), body("selected", List.of(target.pid()),
                    "text", "The draft decision.", "deadline",
                    Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString())).expect2xx();
        }
        return target;
    }

    /** An open consultation with a comment by {@code who} (by the secretariat for one who may not comment). */
    private Target commented(Who who) {
        Target target = open();
        Who author = COMMENTERS.contains(who) ? who : Who.SECRETARIAT;
        String mid = api.post(author.user, c(target, "/proposals/" + target.pid() + "/comments"),
                body("text", "My comment.")).expect(201).path("id").asString();
        return new Target(target.cid(), target.pid(), mid, null, null);
    }

    private Target registered() {
        String code = freshCode();
        api.post(SECRETARIAT_USER, "/api/member-states", body("code", code, "name", "Matrix " + code)).expect(201);
        return new Target(null, null, null, code, null);
    }

    private Target accredited() {
        String code = registered().code();
        String user = freshUser();
        api.post(SECRETARIAT_USER, "/api/member-states/" + code + "/accreditations",
                body("user", user, "capacity", "HEAD")).expect(201);
        return new Target(null, null, null, code, user);
    }

    private String consultation(Map<String, Object> declared) {
        Map<String, Object> body = new LinkedHashMap<>(body("title", "Matrix " + UUID.randomUUID(),
                "question", "Which theme?"));
        body.putAll(declared);
        return api.post(SECRETARIAT_USER, "/api/consultations", body).expect(201).path("id").asString();
    }

    private String stateProposal(String cid) {
        return api.post(Who.HEAD.user, "/api/consultations/" + cid + "/proposals",
                body("title", "From " + STATE + " " + UUID.randomUUID(), "summary", "Our proposal.")).expect(201)
                .path("id").asString();
    }

    /** The query service shows the target's proposal (reads are eventually consistent). */
    private Target visible(Target target) {
        api.awaitRead(SECRETARIAT_USER, c(target, "/proposals/" + target.pid()), JsonNode::isObject);
        return target;
    }

    private Target visibleIn(Target target, String phase) {
        api.awaitRead(SECRETARIAT_USER, c(target, "/tally"), tally -> phase.equals(tally.path("phase").asString())
                && (!"CLOSED".equals(phase) || tally.path("ballotsCast").asInt() > 0));
        if ("DECIDED".equals(phase)) {
            api.awaitRead(SECRETARIAT_USER, c(target, "/record/signature"), JsonNode::isObject);
        }
        return target;
    }

    /** A code of three letters that no member state has yet, from XAA on. */
    private String freshCode() {
        String code;
        do {
            code = "X" + (char) ('A' + nextCode / 26) + (char) ('A' + nextCode % 26);
            nextCode++;
        } while (!takenCodes.add(code));
        return code;
    }

    private static String freshUser() {
        return "matrix-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
