package org.iom.idm.asof;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.flywaydb.core.Flyway;
import org.iom.idm.ballot.BallotQueries.Ballot;
import org.iom.idm.ballot.BallotQueries.FindBallots;
import org.iom.idm.ballot.BallotQueries.FindTally;
import org.iom.idm.ballot.BallotQueries.Tally;
import org.iom.idm.ballot.TallyProjection;
import org.iom.idm.consultation.ConsultationProjection;
import org.iom.idm.consultation.ConsultationQueries.ConsultationDetail;
import org.iom.idm.consultation.ConsultationQueries.FindConsultation;
import org.iom.idm.consultation.ConsultationQueries.ProposalSummary;
import org.iom.idm.proposal.ProposalProjection;
import org.iom.idm.proposal.ProposalQueries.FindProposal;
import org.iom.idm.proposal.ProposalQueries.ProposalDetail;
import org.iom.idm.web.Queries;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query service's own projections, a second set, over an in-memory database of their own made by the
 * service's migrations, and asked through their own query handlers. For each moment their reset handlers empty
 * it, and the events are replayed into them as one batch, as a processor would. One moment at a time; made on
 * the first "as of" read. Whatever the production database, this one is H2, as in the quick start.
 */
@Component
@Lazy
class RebuiltReadModels implements AutoCloseable {

    /** Private to its one connection: nothing else can reach these tables. */
    private static final String DATABASE =
            "jdbc:h2:mem:;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE";

    private final SingleConnectionDataSource database = new SingleConnectionDataSource(DATABASE, true);
    private final List<AnnotationEventHandlerAdapter> handlers;
    private final Queries queries;

    RebuiltReadModels() {
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
        JdbcClient db = JdbcClient.create(database);
        List<Object> projections = List.of(new ConsultationProjection(db), new ProposalProjection(db),
                new TallyProjection(db, new JdbcTemplate(database)));
        handlers = projections.stream().map(AnnotationEventHandlerAdapter::new).toList();
        QueryBus bus = SimpleQueryBus.builder().build();
        projections.forEach(projection -> new AnnotationQueryHandlerAdapter<>(projection).subscribe(bus));
        queries = new Queries(DefaultQueryGateway.builder().queryBus(bus).build());
    }

    /** The consultation's read models after exactly these events, which are all of its own stream. */
    synchronized Moment of(String consultationId, List<? extends EventMessage<?>> events) {
        handlers.forEach(AnnotationEventHandlerAdapter::prepareReset);
        replay(events);
        return ask(consultationId);
    }

    private void replay(List<? extends EventMessage<?>> events) {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.copyOf(events));
        ResultMessage<?> result = batch.executeWithResult(() -> {
            EventMessage<?> event = batch.getMessage();
            for (AnnotationEventHandlerAdapter handler : handlers) {
                if (handler.canHandle(event)) {
                    handler.handle(event);
                }
            }
            return null;
        });
        if (result.isExceptional()) {
            throw new IllegalStateException("the events could not be replayed", result.exceptionResult());
        }
    }

    private Moment ask(String consultationId) {
        ConsultationDetail consultation = queries.optional(new FindConsultation(consultationId),
                ConsultationDetail.class).orElse(null);
        Map<String, ProposalDetail> proposals = new LinkedHashMap<>();
        if (consultation != null) {
            for (ProposalSummary proposal : consultation.proposals()) {
                queries.optional(new FindProposal(consultationId, proposal.id()), ProposalDetail.class)
                        .ifPresent(detail -> proposals.put(detail.id(), detail));
            }
        }
        return new Moment(consultation, Map.copyOf(proposals),
                queries.optional(new FindTally(consultationId), Tally.class).orElse(null),
                List.copyOf(queries.list(new FindBallots(consultationId), Ballot.class)));
    }

    @Override
    public void close() {
        database.destroy();
    }
}
