package org.iom.idm.membership;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.iom.idm.membership.MembershipEvent.AccreditationWithdrawn;
import org.iom.idm.membership.MembershipEvent.DelegateAccredited;
import org.iom.kit.security.Delegations;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Keeps the command side's accreditation roster. Its processing group is a subscribing processor (application.yml),
 * so the roster changes in the same transaction as the events it follows: every delegate command is judged against
 * the accreditations in force, and whom a signed-in delegate speaks for ({@link Delegations}) is never stale.
 * Plain SQL: it is read twice for every delegate's request (sign-in and rule), where JPA's look-up cost more than
 * the rest of the rule.
 */
@Component
@ProcessingGroup(AccreditationRosterProjection.PROCESSING_GROUP)
class AccreditationRosterProjection implements AccreditationRoster, Delegations {

    static final String PROCESSING_GROUP = "accreditation-roster";

    private final JdbcClient db;

    AccreditationRosterProjection(JdbcClient db) {
        this.db = db;
    }

    /**
     * A failure here fails the command whose event it follows, instead of being logged while the event commits:
     * the roster then never disagrees with the events.
     */
    @Bean
    static ConfigurerModule rosterFailuresFailTheirCommand() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }

    /**
     * Two states accrediting one person at once each judged that it spoke for none; the second to commit finds the
     * first's row here (appends are serialised, AppendsInCommitOrder) and is tried again, to be refused.
     */
    @EventHandler
    void on(DelegateAccredited event) {
        try {
            db.sql("insert into accreditation_roster (username, member_state, capacity) values (?, ?, ?)")
                    .params(event.user(), event.code(), event.capacity().name())
                    .update();
        } catch (DuplicateKeyException elsewhere) {
            throw new ConcurrencyException(event.user() + " was accredited to another state meanwhile", elsewhere);
        }
    }

    @EventHandler
    void on(AccreditationWithdrawn event) {
        db.sql("delete from accreditation_roster where username = ?").param(event.user()).update();
    }

    @Override
    public Optional<Accreditation> accreditationOf(String user) {
        return db.sql("select member_state, capacity from accreditation_roster where username = ?")
                .param(user)
                .query((row, number) -> new Accreditation(row.getString("member_state"),
                        Capacity.valueOf(row.getString("capacity"))))
                .optional();
    }

    @Override
    public Optional<Delegation> of(String username) {
        return accreditationOf(username).map(current -> new Delegation(current.memberState(), current.capacity()));
    }
}
