package org.iom.idm.ballot;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.iom.idm.actor.Role;
import org.iom.idm.asof.AsOfReads;
import org.iom.idm.ballot.BallotQueries.Ballot;
import org.iom.idm.ballot.BallotQueries.FindBallot;
import org.iom.idm.ballot.BallotQueries.FindBallots;
import org.iom.idm.ballot.BallotQueries.FindCurrentRound;
import org.iom.idm.ballot.BallotQueries.FindTally;
import org.iom.idm.ballot.BallotQueries.Tally;
import org.iom.idm.consultation.Phase;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.iom.kit.security.IdmUser;
import org.iom.idm.web.Queries;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The tally and the ballots, as far as {@link BallotSecrecy} lets the caller see them. */
@RestController
@RequestMapping(path = "/api/consultations/{cid}")
class TallyController {

    private static final String TALLY_EVENT = "tally";
    private static final String PHASE_EVENT = "phase";

    private final Queries queries;
    private final AsOfReads asOfReads;
    private final OpenStreams openStreams;
    private final RenderedTallies rendered;
    private final Duration heartbeat;

    TallyController(Queries queries, AsOfReads asOfReads, OpenStreams openStreams, RenderedTallies rendered,
                    TallyStreamProperties settings) {
        this.queries = queries;
        this.asOfReads = asOfReads;
        this.openStreams = openStreams;
        this.rendered = rendered;
        this.heartbeat = settings.heartbeat();
    }

    /**
     * With {@code asOf}, the tally (and below, the ballots) as it stood then, sealed or not by the phase it had then
     * (CONTRACT §7). With {@code round}, that round's (rule 10); an earlier round is closed and readable as such.
     */
    @GetMapping(path = "/tally", produces = MediaType.APPLICATION_JSON_VALUE)
    Tally tally(@PathVariable String cid, @AuthenticationPrincipal IdmUser user,
                @RequestParam(required = false) String asOf, @RequestParam(required = false) Integer round) {
        Tally tally = tallyOf(asOfReads.queries(cid, asOf), cid, round);
        requireMaySee(tally, user);
        return tally;
    }

    /**
     * The tally at once, then again on every change, with a comment now and then to keep proxies open. Each
     * tally is judged by its own phase (CONTRACT §7), see {@link #asSeenBy}.
     */
    @GetMapping(path = "/tally/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> tallyStream(@PathVariable String cid, @AuthenticationPrincipal IdmUser user) {
        requireMaySee(tallyOf(queries, cid, null), user);
        SubscriptionQueryResult<Optional<Tally>, Tally> subscription = queries.gateway().subscriptionQuery(
                new FindTally(cid), ResponseTypes.optionalInstanceOf(Tally.class), ResponseTypes.instanceOf(Tally.class));
        Flux<Tally> tallies = subscription.initialResult()
                .flatMapMany(initial -> Flux.fromStream(initial.stream()))
                .concatWith(subscription.updates());
        Flux<ServerSentEvent<Object>> keepAlive = Flux.interval(heartbeat)
                .map(tick -> ServerSentEvent.builder().comment("keep-alive").build());
        Flux<ServerSentEvent<Object>> messages = asSeenBy(user.role(), tallies).map(message ->
                message.data() instanceof Tally tally
                        ? ServerSentEvent.<Object>builder(rendered.json(tally)).event(message.event()).build()
                        : message);
        return openStreams.untilStop(Flux.merge(messages, keepAlive))
                .doFinally(signal -> subscription.close());
    }

    /**
     * A tally the role may see in its phase goes out whole, as a {@code tally} event. Otherwise a {@code phase}
     * event says only {@code {"consultationId", "phase"}}, once per phase: a message per ballot would count them.
     */
    static Flux<ServerSentEvent<Object>> asSeenBy(Role role, Flux<Tally> tallies) {
        return tallies
                .<Object>map(tally -> BallotSecrecy.maySee(tally.phase(), role) ? tally
                        : new PhaseChange(tally.consultationId(), tally.phase()))
                .distinctUntilChanged(Function.identity(),
                        (previous, next) -> next instanceof PhaseChange && next.equals(previous))
                .map(message -> ServerSentEvent.builder(message)
                        .event(message instanceof PhaseChange ? PHASE_EVENT : TALLY_EVENT).build());
    }

    /** What a caller who may not see the tally learns of it while it is sealed. */
    record PhaseChange(String consultationId, Phase phase) {
    }

    @GetMapping(path = "/ballots", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Ballot> ballots(@PathVariable String cid, @AuthenticationPrincipal IdmUser user,
                         @RequestParam(required = false) String asOf, @RequestParam(required = false) Integer round) {
        Queries then = asOfReads.queries(cid, asOf);
        Tally tally = tallyOf(then, cid, round);
        requireMaySee(tally, user);
        return then.list(new FindBallots(cid, tally.round()), Ballot.class);
    }

    /** Delegates ask this often while they vote: neither answer computes the tally. */
    @GetMapping(path = "/ballots/mine", produces = MediaType.APPLICATION_JSON_VALUE)
    Ballot myBallot(@PathVariable String cid, @AuthenticationPrincipal IdmUser user) {
        Optional<Ballot> ballot = user.memberState() == null ? Optional.empty()
                : queries.optional(new FindBallot(cid, user.memberState()), Ballot.class);
        if (ballot.isPresent()) {
            return ballot.get();
        }
        queries.one(new FindCurrentRound(cid), Integer.class, "no consultation '" + cid + "'");
        if (user.memberState() == null) {
            throw new RuleViolation(ErrorCode.NOT_FOUND, "only delegates cast ballots; " + user.username()
                    + " speaks for no member state");
        }
        throw new RuleViolation(ErrorCode.NOT_FOUND, user.memberState() + " has cast no ballot in '" + cid + "'");
    }

    private static Tally tallyOf(Queries queries, String cid, Integer round) {
        return queries.one(new FindTally(cid, round), Tally.class, round == null ? "no consultation '" + cid + "'"
                : "no round " + round + " in consultation '" + cid + "'");
    }

    private static void requireMaySee(Tally tally, IdmUser user) {
        if (!BallotSecrecy.maySee(tally.phase(), user.role())) {
            throw new RuleViolation(ErrorCode.FORBIDDEN, "the ballots are sealed while the consultation is "
                    + tally.phase() + "; delegates can read their own ballot at /ballots/mine");
        }
    }
}
