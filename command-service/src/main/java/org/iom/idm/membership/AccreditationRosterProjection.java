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
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Keeps the command side's accreditation roster. Its processing group is a subscribing processor (application.yml),
 * so the roster changes in the same transaction as the events it follows: every delegate command is judged against
 * the accreditations in force, and whom a signed-in delegate speaks for ({@link Delegations}) is never stale.
 */
@Component
@ProcessingGroup(AccreditationRosterProjection.PROCESSING_GROUP)
class AccreditationRosterProjection implements AccreditationRoster, Delegations {

    static final String PROCESSING_GROUP = "accreditation-roster";

    private final CurrentAccreditations roster;

    AccreditationRosterProjection(CurrentAccreditations roster) {
        this.roster = roster;
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
        roster.findById(event.user()).ifPresent(elsewhere -> {
            throw new ConcurrencyException(event.user() + " was accredited to " + elsewhere.memberState()
                    + " meanwhile");
        });
        roster.save(new CurrentAccreditation(event.user(), event.code(), event.capacity()));
    }

    @EventHandler
    void on(AccreditationWithdrawn event) {
        roster.deleteById(event.user());
    }

    @Override
    public Optional<Accreditation> accreditationOf(String user) {
        return roster.findById(user).map(CurrentAccreditation::accreditation);
    }

    @Override
    public Optional<Delegation> of(String username) {
        return accreditationOf(username).map(current -> new Delegation(current.memberState(), current.capacity()));
    }
}
