package org.iom.idm.consultation;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.Snapshotter;
import org.iom.idm.CommandServiceApplication;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.axon.AxonDefaults;
import org.iom.idm.ballot.BallotCommands.CastBallot;
import org.iom.idm.consultation.ConsultationCommands.CloseVoting;
import org.iom.idm.consultation.ConsultationCommands.CreateConsultation;
import org.iom.idm.consultation.ConsultationCommands.OpenVoting;
import org.iom.idm.consultation.ConsultationCommands.RecordDecision;
import org.iom.kit.demo.DemoMemberStates;
import org.iom.idm.proposal.ProposalCommands.AddComment;
import org.iom.idm.proposal.ProposalCommands.AmendProposal;
import org.iom.idm.proposal.ProposalCommands.EditComment;
import org.iom.idm.proposal.ProposalCommands.HideComment;
import org.iom.idm.proposal.ProposalCommands.RetractComment;
import org.iom.idm.proposal.ProposalCommands.SubmitProposal;
import org.iom.idm.proposal.ProposalCommands.WithdrawProposal;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link EarlierVersionFixture#RESOURCE}: the stored rows of three consultations and one snapshot, made by
 * the whole command service of the version that runs it, through ordinary commands. Run once, on the version whose
 * storage the fixture keeps (it was run before the consultation became a root with entities), from command-service
 * after {@code mvn test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test}:
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) org.iom.idm.consultation.EarlierVersionFixtureWriter}.
 */
public final class EarlierVersionFixtureWriter {

    private static final Actor SECRETARIAT = Actor.of("secretariat", Role.SECRETARIAT);
    private static final Actor CHAIR = Actor.of("chair", Role.CHAIR);
    private static final Actor OBSERVER = Actor.of("observer", Role.OBSERVER);

    private final CommandGateway gateway;
    private int request;

    private EarlierVersionFixtureWriter(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public static void main(String[] args) throws Exception {
        AxonDefaults.apply();
        Path target = Path.of(args.length > 0 ? args[0] : "src/test/resources/" + EarlierVersionFixture.RESOURCE);
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(CommandServiceApplication.class)
                .profiles("demo")
                .properties("spring.datasource.url=jdbc:h2:mem:fixture;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                        "server.port=0", "idm.data-dir=target/fixture-data",
                        // one snapshot only, the one asked for below
                        "idm.commands.snapshot-after=100000")
                .run()) {
            EarlierVersionFixtureWriter writer = new EarlierVersionFixtureWriter(service.getBean(CommandGateway.class));
            List<String> states = DemoMemberStates.all().stream().map(DemoMemberStates.Entry::code).toList();
            writer.decided(states.subList(states.size() - 4, states.size()));
            writer.voting(states.subList(states.size() - 4, states.size()));
            writer.open(states.subList(states.size() - 4, states.size()));
            service.getBean(Snapshotter.class).scheduleSnapshot(Consultation.class, EarlierVersionFixture.VOTING);
            JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
            awaitSnapshot(jdbc);
            Files.createDirectories(target.getParent());
            JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValue(target.toFile(), rows(jdbc));
        }
        System.exit(0);
    }

    /** Through every phase to DECIDED, with every kind of proposal and comment change on the way. */
    private void decided(List<String> states) {
        String cid = EarlierVersionFixture.DECIDED;
        Actor s1 = delegate(states.get(0));
        Actor s2 = delegate(states.get(1));
        Actor s3 = delegate(states.get(2));
        Actor s4 = delegate(states.get(3));
        send(SECRETARIAT, new CreateConsultation(cid, "Overarching theme for IDM 2011", "Which theme for IDM 2011?",
                "Fixture of the earlier version", 1, 3, null));
        send(SECRETARIAT, new SubmitProposal(cid, null, "South-South Migration", "Flows between developing countries"));
        send(s1, new SubmitProposal(cid, null, "Labour Mobility", "Skills and recognition"));
        send(s2, new SubmitProposal(cid, null, "Climate and Migration", "Displacement and adaptation"));
        send(SECRETARIAT, new AmendProposal(cid, "south-south-migration", "South-South Migration and Development",
                "Flows between developing countries, and what they do for development"));
        send(s1, new AddComment(cid, "climate-and-migration", "d-m1", "Merge it with labour mobility?", null));
        send(s2, new WithdrawProposal(cid, "climate-and-migration", "merged into labour mobility"));
        send(s1, new AddComment(cid, "south-south-migration", "d-m2", "We support this theme.", null));
        send(s2, new AddComment(cid, "south-south-migration", "d-m3", "So do we, with a regional focus.", "d-m2"));
        send(s3, new AddComment(cid, "labour-mobility", "d-m4", "Too narrow.", null));
        send(s1, new EditComment(cid, "south-south-migration", "d-m2", "We support this theme strongly."));
        send(s3, new RetractComment(cid, "labour-mobility", "d-m4"));
        send(s4, new AddComment(cid, "labour-mobility", "d-m5", "Off-topic remark.", null));
        send(SECRETARIAT, new HideComment(cid, "labour-mobility", "d-m5", "off topic"));
        send(CHAIR, new OpenVoting(cid));
        send(s1, new CastBallot(cid, s1.memberState(), List.of("south-south-migration"), false, null));
        send(s2, new CastBallot(cid, s2.memberState(), List.of("labour-mobility"), false, null));
        send(s3, new CastBallot(cid, s3.memberState(), List.of("south-south-migration"), false, null));
        send(s2, new CastBallot(cid, s2.memberState(), List.of("south-south-migration"), false, null));
        send(s4, new CastBallot(cid, s4.memberState(), List.of(), true, null));
        send(OBSERVER, new AddComment(cid, "labour-mobility", "d-m6", "Noted while voting.", null));
        send(CHAIR, new CloseVoting(cid));
        send(CHAIR, new RecordDecision(cid, List.of("south-south-migration"), null));
    }

    /** Left while VOTING, selecting two, with a withdrawn proposal and a changed ballot; its snapshot is kept. */
    private void voting(List<String> states) {
        String cid = EarlierVersionFixture.VOTING;
        Actor s1 = delegate(states.get(0));
        Actor s2 = delegate(states.get(1));
        Actor s3 = delegate(states.get(2));
        send(SECRETARIAT, new CreateConsultation(cid, "Workshop topics for IDM 2011", "Which two workshop topics?",
                null, 2, 3, null));
        send(SECRETARIAT, new SubmitProposal(cid, null, "Labour Migration", "Recruitment and rights"));
        send(SECRETARIAT, new SubmitProposal(cid, null, "Climate Change", "Displacement"));
        send(SECRETARIAT, new SubmitProposal(cid, null, "Diasporas", "Engagement for development"));
        send(s1, new SubmitProposal(cid, null, "Return Migration", "Sustainable reintegration"));
        send(SECRETARIAT, new WithdrawProposal(cid, "climate-change", "covered by another dialogue"));
        send(s2, new AddComment(cid, "diasporas", "v-m1", "Include remittances.", null));
        send(CHAIR, new OpenVoting(cid));
        send(s1, new CastBallot(cid, s1.memberState(), List.of("labour-migration", "diasporas"), false, null));
        send(s2, new CastBallot(cid, s2.memberState(), List.of("labour-migration"), false, null));
        send(s3, new CastBallot(cid, s3.memberState(), List.of(), true, null));
        send(s1, new CastBallot(cid, s1.memberState(), List.of("labour-migration", "return-migration"), false, null));
        send(s3, new AddComment(cid, "diasporas", "v-m2", "We abstain but follow this.", "v-m1"));
    }

    /** Left OPEN, where the proposal rules still judge: amended, withdrawn, commented. */
    private void open(List<String> states) {
        String cid = EarlierVersionFixture.OPEN;
        Actor s1 = delegate(states.get(0));
        Actor s2 = delegate(states.get(1));
        send(SECRETARIAT, new CreateConsultation(cid, "Overarching theme for IDM 2012", "Which theme for IDM 2012?",
                null, 2, null, null));
        send(SECRETARIAT, new SubmitProposal(cid, null, "Migration and Health", "Access to health services"));
        send(s1, new SubmitProposal(cid, null, "Migrant Children", "Protection"));
        send(s1, new AmendProposal(cid, "migrant-children", "Children on the Move", "Protection and education"));
        send(s2, new SubmitProposal(cid, null, "Irregular Migration", "Safe pathways"));
        send(s2, new AddComment(cid, "irregular-migration", "o-m1", "To be reworded.", null));
        send(s2, new WithdrawProposal(cid, "irregular-migration", "to be reworded"));
        send(s1, new AddComment(cid, "migration-and-health", "o-m2", "Add mental health.", null));
        send(s2, new AddComment(cid, "migration-and-health", "o-m3", "Agreed.", "o-m2"));
        send(s2, new RetractComment(cid, "migration-and-health", "o-m3"));
    }

    private static Actor delegate(String state) {
        return Actor.delegate("delegate-" + state.toLowerCase(), state);
    }

    private void send(Actor actor, Object command) {
        Map<String, Object> metaData = new HashMap<>(actor.toMetaData());
        metaData.put(Actor.CORRELATION_ID, "fixture-" + ++request);
        gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
    }

    private static void awaitSnapshot(JdbcTemplate jdbc) throws InterruptedException {
        for (int attempt = 0; attempt < 200; attempt++) {
            Integer count = jdbc.queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = ?",
                    Integer.class, EarlierVersionFixture.VOTING);
            if (count != null && count > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no snapshot of " + EarlierVersionFixture.VOTING);
    }

    private static Map<String, Object> rows(JdbcTemplate jdbc) {
        Map<String, Object> fixture = new LinkedHashMap<>();
        List<String> ids = List.of(EarlierVersionFixture.DECIDED, EarlierVersionFixture.VOTING,
                EarlierVersionFixture.OPEN);
        fixture.put("events", jdbc.query("select * from domain_event_entry where aggregate_identifier in (?, ?, ?) "
                + "order by global_index", (rs, n) -> row(rs), ids.toArray()));
        fixture.put("snapshots", jdbc.query("select * from snapshot_event_entry where aggregate_identifier in (?, ?, ?)",
                (rs, n) -> row(rs), ids.toArray()));
        return fixture;
    }

    /** A stored row, its columns by name; the payload and metadata bytes as the UTF-8 text they are. */
    private static Map<String, Object> row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String column : EarlierVersionFixture.COLUMNS) {
            row.put(column, rs.getString(column));
        }
        for (String column : EarlierVersionFixture.BYTE_COLUMNS) {
            byte[] bytes = rs.getBytes(column);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (!Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)) {
                throw new IllegalStateException(column + " is not UTF-8 text");
            }
            row.put(column, text);
        }
        return row;
    }
}
