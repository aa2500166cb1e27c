package org.iom.idm.ballot;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.ballot.BallotQueries.Ballot;
import org.iom.idm.ballot.BallotQueries.FindBallot;
import org.iom.idm.ballot.BallotQueries.FindBallots;
import org.iom.idm.ballot.BallotQueries.FindCurrentRound;
import org.iom.idm.ballot.BallotQueries.FindTally;
import org.iom.idm.ballot.BallotQueries.ProposalVotes;
import org.iom.idm.ballot.BallotQueries.Tally;
import org.iom.idm.consultation.ConsultationEvent;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.RunoffOpened;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.consultation.MajorityRule;
import org.iom.idm.consultation.Phase;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;
import org.iom.idm.proposal.ProposalStatus;
import org.iom.idm.readmodel.BatchState;
import org.iom.idm.readmodel.ReadModels;
import org.iom.idm.readmodel.Rows;
import org.iom.idm.readmodel.WritesWhenTheBatchCommits;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Ballots of every round, and each round's tally computed from them, with its outcome under the declared rule.
 * Each consultation's row records the sequence number of the last event of that consultation applied here, so
 * {@link TallyNotifier} on any instance knows when a tally it pushes includes a given event; on this instance
 * it learns it without a look, from {@link TallyCommits}, as each batch commits.
 *
 * <p>The handlers only note what changes; a batch's changes are written as it commits, its ballots in a few JDBC
 * batches (a state's several changes within one batch become one row update), so a busy consultation costs a
 * handful of statements per batch rather than several per ballot.
 */
@Component
@ProcessingGroup(ReadModels.PROCESSING_GROUP)
@WritesWhenTheBatchCommits
public class TallyProjection {

    private final JdbcClient db;
    private final JdbcTemplate jdbc;
    private final BatchState<BatchChanges> batches;

    /** The service's tallies: each batch, once committed, tells this instance's {@link TallyNotifier} of it. */
    @Autowired
    TallyProjection(JdbcClient db, JdbcTemplate jdbc, TallyCommits commits) {
        this(db, jdbc, commits::committed);
    }

    /** A second set of tallies (as-of reads), which no notifier waits for. */
    public TallyProjection(JdbcClient db, JdbcTemplate jdbc) {
        this(db, jdbc, applied -> {
        });
    }

    private TallyProjection(JdbcClient db, JdbcTemplate jdbc, Consumer<Map<String, Long>> committed) {
        this.db = db;
        this.jdbc = jdbc;
        this.batches = BatchState.of(TallyProjection.class.getName() + ".changes", BatchChanges::new)
                .writtenAsItCommits("the tallies' changes", BatchChanges::write)
                .afterCommit(changes -> committed.accept(changes.applied));
    }

    @EventHandler
    void on(ConsultationCreated event, @SequenceNumber long sequence) {
        changes().statement("insert into tally_consultation (id, phase, select_count, quorum, majority, round, "
                        + "last_sequence) values (?, ?, ?, ?, ?, 1, ?)",
                event.consultationId(), Phase.OPEN.name(), event.selectCount(), event.quorum(),
                event.declaredMajority().name(), sequence).applied(event.consultationId(), sequence);
    }

    @EventHandler
    void on(VotingOpened event, @SequenceNumber long sequence) {
        changes().statement("update tally_consultation set phase = ?, eligible = ?, quorum = ? where id = ?",
                        Phase.VOTING.name(), event.eligible(), event.quorum(), event.consultationId())
                .statement("insert into tally_round (consultation_id, round, eligible, quorum) values (?, 1, ?, ?)",
                        event.consultationId(), event.eligible(), event.quorum())
                .applied(event.consultationId(), sequence);
    }

    @EventHandler
    void on(RunoffOpened event, @SequenceNumber long sequence) {
        changes().statement("update tally_consultation set phase = ?, round = ?, eligible = ?, quorum = ? where id = ?",
                        Phase.VOTING.name(), event.round(), event.eligible(), event.quorum(), event.consultationId())
                .statement("""
                                insert into tally_round (consultation_id, round, candidates, carried, eligible, quorum)
                                values (?, ?, ?, ?, ?, ?)""", event.consultationId(), event.round(),
                        Rows.joinIds(event.candidates()), Rows.joinIds(event.adopted()), event.eligible(),
                        event.quorum())
                .applied(event.consultationId(), sequence);
    }

    @EventHandler
    void on(VotingClosed event, @SequenceNumber long sequence) {
        changePhase(event.consultationId(), Phase.CLOSED, sequence);
    }

    @EventHandler
    void on(DecisionRecorded event, @SequenceNumber long sequence) {
        changePhase(event.consultationId(), Phase.DECIDED, sequence);
    }

    @EventHandler
    void on(ConsultationCancelled event, @SequenceNumber long sequence) {
        changePhase(event.consultationId(), Phase.CANCELLED, sequence);
    }

    /**
     * A consultation's other events (its schedule, a draft in circulation, a break of silence) leave the tally as it
     * is, but count as applied: {@link TallyNotifier} waits for the tally to include each event it hears of.
     */
    @EventHandler
    void on(ConsultationEvent event, @SequenceNumber long sequence) {
        changes().applied(event.consultationId(), sequence);
    }

    @EventHandler
    void on(ProposalSubmitted event, @SequenceNumber long sequence) {
        changes().statement("""
                                insert into tally_proposal (consultation_id, proposal_id, ordinal, title, status)
                                values (?, ?, (select count(*) from tally_proposal where consultation_id = ?), ?, ?)""",
                        event.consultationId(), event.proposalId(), event.consultationId(), event.title(),
                        ProposalStatus.ACTIVE.name())
                .applied(event.consultationId(), sequence);
    }

    @EventHandler
    void on(ProposalAmended event, @SequenceNumber long sequence) {
        changes().statement("update tally_proposal set title = ? where consultation_id = ? and proposal_id = ?",
                        event.title(), event.consultationId(), event.proposalId())
                .applied(event.consultationId(), sequence);
    }

    @EventHandler
    void on(ProposalWithdrawn event, @SequenceNumber long sequence) {
        changes().statement("update tally_proposal set status = ? where consultation_id = ? and proposal_id = ?",
                        ProposalStatus.WITHDRAWN.name(), event.consultationId(), event.proposalId())
                .applied(event.consultationId(), sequence);
    }

    @EventHandler
    void on(BallotCast event, @Timestamp Instant at, @SequenceNumber long sequence) {
        changes().ballot(event, at, true).applied(event.consultationId(), sequence);
    }

    @EventHandler
    void on(BallotChanged event, @Timestamp Instant at, @SequenceNumber long sequence) {
        changes().ballot(event, at, false).applied(event.consultationId(), sequence);
    }

    private void changePhase(String consultationId, Phase phase, long sequence) {
        changes().statement("update tally_consultation set phase = ? where id = ?", phase.name(), consultationId)
                .applied(consultationId, sequence);
    }

    private record BallotKey(String consultationId, int round, String memberState) {
    }

    /** A change other than a ballot's, written as noted, in order. */
    private record Statement(String sql, Object[] arguments) {
    }

    /** A state's ballot as the batch leaves it: new (a first cast) or changed some times since the stored row. */
    private record BallotState(List<String> choices, boolean abstain, String explanation,
                               Map<String, Integer> versions, Instant castAt, boolean cast, int changes) {
    }

    /**
     * What a batch changes, noted by the handlers and written as the batch commits. What an event noted is taken
     * back when the event is parked, whichever read model of the processor failed on it.
     */
    private final class BatchChanges implements BatchState.Retractable {
        private final List<Statement> statements = new ArrayList<>();
        private final Map<BallotKey, BallotState> ballots = new LinkedHashMap<>();
        private final Map<String, Long> applied = new HashMap<>();
        /** How to take back each of the current event's notes, the latest first. */
        private final Deque<Runnable> undo = new ArrayDeque<>();

        @Override
        public void eventStarts() {
            undo.clear();
        }

        @Override
        public void retractEvent() {
            while (!undo.isEmpty()) {
                undo.pop().run();
            }
        }

        BatchChanges statement(String sql, Object... arguments) {
            statements.add(new Statement(sql, arguments));
            undo.push(() -> statements.remove(statements.size() - 1));
            return this;
        }

        BatchChanges ballot(BallotEvent event, Instant at, boolean cast) {
            BallotKey key = new BallotKey(event.consultationId(), event.roundCounted(), event.memberState());
            BallotState earlier = ballots.get(key);
            boolean firstCast = cast || (earlier != null && earlier.cast());
            int changes = cast ? 0 : (earlier == null ? 0 : earlier.changes()) + 1;
            ballots.put(key, new BallotState(List.copyOf(event.choices()), event.abstain(), event.explanation(),
                    event.versions() == null ? Map.of() : event.versions(), at, firstCast, changes));
            undo.push(() -> restore(ballots, key, earlier));
            return this;
        }

        BatchChanges applied(String consultationId, long sequence) {
            Long earlier = applied.get(consultationId);
            applied.merge(consultationId, sequence, Math::max);
            undo.push(() -> restore(applied, consultationId, earlier));
            return this;
        }

        void write() {
            statements.forEach(statement -> jdbc.update(statement.sql(), statement.arguments()));
            List<Object[]> inserts = new ArrayList<>();
            List<Object[]> updates = new ArrayList<>();
            List<Object[]> keys = new ArrayList<>();
            List<Object[]> choices = new ArrayList<>();
            ballots.forEach((key, ballot) -> {
                if (ballot.cast()) {
                    inserts.add(new Object[]{key.consultationId(), key.round(), key.memberState(), ballot.abstain(),
                            ballot.explanation(), Rows.utc(ballot.castAt()), ballot.changes()});
                } else {
                    updates.add(new Object[]{ballot.abstain(), ballot.explanation(), Rows.utc(ballot.castAt()),
                            ballot.changes(), key.consultationId(), key.round(), key.memberState()});
                    keys.add(new Object[]{key.consultationId(), key.round(), key.memberState()});
                }
                for (int ordinal = 0; ordinal < ballot.choices().size(); ordinal++) {
                    String choice = ballot.choices().get(ordinal);
                    choices.add(new Object[]{key.consultationId(), key.round(), key.memberState(), ordinal, choice,
                            ballot.versions().get(choice)});
                }
            });
            batch("insert into ballot_view (consultation_id, round, member_state, abstain, explanation, cast_at, "
                    + "changes) values (?, ?, ?, ?, ?, ?, ?)", inserts);
            batch("update ballot_view set abstain = ?, explanation = ?, cast_at = ?, changes = changes + ? "
                    + "where consultation_id = ? and round = ? and member_state = ?", updates);
            batch("delete from ballot_choice where consultation_id = ? and round = ? and member_state = ?", keys);
            batch("insert into ballot_choice (consultation_id, round, member_state, ordinal, proposal_id, version) "
                    + "values (?, ?, ?, ?, ?, ?)", choices);
            batch("update tally_consultation set last_sequence = ? where id = ? and last_sequence < ?",
                    applied.entrySet().stream()
                            .map(last -> new Object[]{last.getValue(), last.getKey(), last.getValue()})
                            .toList());
        }

        private void batch(String sql, List<Object[]> rows) {
            if (!rows.isEmpty()) {
                Rows.batch(jdbc, sql, rows);
            }
        }
    }

    private BatchChanges changes() {
        return batches.current();
    }

    /** Puts a key's value back as it was, absent where it was absent. */
    private static <K, V> void restore(Map<K, V> map, K key, V earlier) {
        if (earlier == null) {
            map.remove(key);
        } else {
            map.put(key, earlier);
        }
    }

    @ResetHandler
    void reset() {
        db.sql("delete from ballot_choice").update();
        db.sql("delete from ballot_view").update();
        db.sql("delete from tally_proposal").update();
        db.sql("delete from tally_round").update();
        db.sql("delete from tally_consultation").update();
    }

    @QueryHandler
    Optional<Tally> handle(FindTally query) {
        return tallyOf(query.consultationId(), query.round());
    }

    @QueryHandler
    List<Ballot> handle(FindBallots query) {
        return ballots(query.consultationId(), query.round(), null);
    }

    @QueryHandler
    Optional<Ballot> handle(FindBallot query) {
        return ballots(query.consultationId(), null, query.memberState()).stream().findFirst();
    }

    @QueryHandler
    Optional<Integer> handle(FindCurrentRound query) {
        return db.sql("select round from tally_consultation where id = ?").param(query.consultationId())
                .query(Integer.class).optional();
    }

    /** The round's ballots (the current round's when {@code round} is null), or only {@code memberState}'s. */
    private List<Ballot> ballots(String consultationId, Integer round, String memberState) {
        int inRound = round != null ? round : currentRound(consultationId);
        Map<String, Choices> choices = choicesByMemberState(consultationId, inRound, memberState);
        return db.sql("""
                        select * from ballot_view where consultation_id = ? and round = ?
                        and (cast(? as varchar) is null or member_state = ?) order by member_state""")
                .params(consultationId, inRound, memberState, memberState)
                .query((rs, row) -> ballot(rs, choices, inRound))
                .list();
    }

    private int currentRound(String consultationId) {
        return handle(new FindCurrentRound(consultationId)).orElse(1);
    }

    /** The sequence number of each consultation's last event applied here; absent where none is. */
    Map<String, Long> appliedSequences(Collection<String> consultationIds) {
        Map<String, Long> applied = new HashMap<>();
        db.sql("select id, last_sequence from tally_consultation where id in (:ids)")
                .param("ids", consultationIds)
                .query(rs -> {
                    applied.put(rs.getString("id"), rs.getLong("last_sequence"));
                });
        return applied;
    }

    Optional<Tally> tallyOf(String consultationId) {
        return tallyOf(consultationId, null);
    }

    /** The round's tally, the current round's when {@code round} is null; empty for a round not (yet) held. */
    Optional<Tally> tallyOf(String consultationId, Integer round) {
        record Header(Phase phase, int selectCount, MajorityRule majority, int round, Integer eligible,
                      Integer quorum) {
        }
        Optional<Header> header = db.sql("select * from tally_consultation where id = ?")
                .param(consultationId)
                .query((rs, row) -> new Header(Phase.valueOf(rs.getString("phase")), rs.getInt("select_count"),
                        MajorityRule.valueOf(rs.getString("majority")), rs.getInt("round"),
                        Rows.nullableInt(rs, "eligible"), Rows.nullableInt(rs, "quorum")))
                .optional();
        if (header.isEmpty() || round != null && (round < 1 || round > header.get().round())) {
            return Optional.empty();
        }
        Header h = header.get();
        int inRound = round != null ? round : h.round();
        record Round(List<String> candidates, List<String> carried, Integer eligible, Integer quorum) {
        }
        Round held = db.sql("select * from tally_round where consultation_id = ? and round = ?")
                .params(consultationId, inRound)
                .query((rs, row) -> new Round(rs.getString("candidates") == null ? null
                        : Rows.splitIds(rs.getString("candidates")), Rows.splitIds(rs.getString("carried")),
                        rs.getInt("eligible"), rs.getInt("quorum")))
                .optional()
                .orElse(new Round(null, List.of(), h.eligible(), h.quorum()));
        // One statement, so one moment of the read model: a batch of ballots that commits meanwhile is in all of
        // these figures or in none, and the votes agree with the ballots cast. The row without a proposal counts
        // the ballots.
        record Counted(String proposalId, int count, int abstentions) {
        }
        List<Counted> counted = db.sql("""
                        select cast(null as varchar) as proposal_id, count(*) as counted,
                            coalesce(sum(case when abstain then 1 else 0 end), 0) as abstentions
                        from ballot_view where consultation_id = ? and round = ?
                        union all
                        select proposal_id, count(*), 0 from ballot_choice where consultation_id = ? and round = ?
                        group by proposal_id""")
                .params(consultationId, inRound, consultationId, inRound)
                .query((rs, row) -> new Counted(rs.getString("proposal_id"), rs.getInt("counted"),
                        rs.getInt("abstentions")))
                .list();
        Counted ballots = counted.stream().filter(row -> row.proposalId() == null).findFirst().orElseThrow();
        Map<String, Integer> votes = new HashMap<>();
        counted.stream().filter(row -> row.proposalId() != null)
                .forEach(row -> votes.put(row.proposalId(), row.count()));
        List<ProposalVotes> results = db.sql("""
                        select proposal_id, title from tally_proposal where consultation_id = ? and status = ?
                        order by ordinal""")
                .params(consultationId, ProposalStatus.ACTIVE.name())
                .query((rs, row) -> new ProposalVotes(rs.getString("proposal_id"), rs.getString("title"),
                        votes.getOrDefault(rs.getString("proposal_id"), 0)))
                .list()
                .stream()
                .filter(result -> held.candidates() == null || held.candidates().contains(result.proposalId()))
                .toList();
        Phase phase = inRound == h.round() ? h.phase() : Phase.CLOSED;
        boolean quorumMet = held.quorum() != null && ballots.count() >= held.quorum();
        int seats = h.selectCount() - held.carried().size();
        return Optional.of(new Tally(consultationId, phase, held.eligible(), ballots.count(), ballots.abstentions(),
                held.quorum(), quorumMet, results, ProposalVotes.ranked(results, seats).leading(), inRound,
                outcome(phase, h.majority(), held.carried(), results, h.selectCount(),
                        ballots.count() - ballots.abstentions())));
    }

    /** A ballot's choices in its order, and the version of each that was recorded with it. */
    private record Choices(List<String> proposalIds, Map<String, Integer> versions) {
        static final Choices NONE = new Choices(List.of(), Map.of());
    }

    private Map<String, Choices> choicesByMemberState(String consultationId, int round, String memberState) {
        Map<String, Choices> choices = new HashMap<>();
        db.sql("""
                        select member_state, proposal_id, version from ballot_choice where consultation_id = ?
                        and round = ? and (cast(? as varchar) is null or member_state = ?)
                        order by member_state, ordinal""")
                .params(consultationId, round, memberState, memberState)
                .query(rs -> {
                    Choices ballot = choices.computeIfAbsent(rs.getString("member_state"),
                            state -> new Choices(new ArrayList<>(), new LinkedHashMap<>()));
                    String proposalId = rs.getString("proposal_id");
                    ballot.proposalIds().add(proposalId);
                    Integer version = Rows.nullableInt(rs, "version");
                    if (version != null) {
                        ballot.versions().put(proposalId, version);
                    }
                });
        return choices;
    }

    private static Ballot ballot(ResultSet rs, Map<String, Choices> choices, int round) throws SQLException {
        String memberState = rs.getString("member_state");
        Choices chosen = choices.getOrDefault(memberState, Choices.NONE);
        return new Ballot(memberState, chosen.proposalIds(), rs.getBoolean("abstain"), Rows.instant(rs, "cast_at"),
                rs.getInt("changes"), rs.getString("explanation"), chosen.versions(), round);
    }

    /** Said once the round has closed; before, even a pending count would tell of sealed ballots (CONTRACT §7). */
    private static Outcome outcome(Phase phase, MajorityRule majority, List<String> carried,
                                   List<ProposalVotes> results, int selectCount, int votingBallots) {
        if (phase != Phase.CLOSED && phase != Phase.DECIDED) {
            return Outcome.pending(majority);
        }
        Map<String, Integer> votes = new LinkedHashMap<>();
        results.forEach(result -> votes.put(result.proposalId(), result.votes()));
        return Outcome.of(majority, carried, votes, selectCount, votingBallots);
    }
}
