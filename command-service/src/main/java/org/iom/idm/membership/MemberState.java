package org.iom.idm.membership;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.membership.MembershipCommands.RegisterMemberState;
import org.iom.idm.membership.MembershipCommands.ReinstateVotingRights;
import org.iom.idm.membership.MembershipCommands.SuspendVotingRights;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsReinstated;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.iom.idm.rule.RefusalCode;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.iom.idm.rule.RuleRefused.require;

/**
 * CONTRACT §3 rule 5 (and §4): a registered member state and its voting rights, which only the secretariat changes;
 * identified by its ISO 3166-1 alpha-3 code.
 */
@Aggregate
public class MemberState {

    @AggregateIdentifier
    private String code;
    private VotingRights votingRights;

    protected MemberState() {
        // for Axon to rebuild from events
    }

    @CommandHandler
    public MemberState(RegisterMemberState command, Actor actor) {
        requireSecretariat(actor, "registers member states");
        apply(new MemberStateRegistered(command.code(), command.name()));
    }

    /** Suspending suspended rights changes nothing, so it records nothing. */
    @CommandHandler
    public void handle(SuspendVotingRights command, Actor actor) {
        requireSecretariat(actor, "suspends voting rights");
        if (votingRights == VotingRights.ACTIVE) {
            apply(new VotingRightsSuspended(code, command.reason()));
        }
    }

    /** Reinstating active rights changes nothing, so it records nothing. */
    @CommandHandler
    public void handle(ReinstateVotingRights command, Actor actor) {
        requireSecretariat(actor, "reinstates voting rights");
        if (votingRights == VotingRights.SUSPENDED) {
            apply(new VotingRightsReinstated(code));
        }
    }

    @EventSourcingHandler
    void on(MemberStateRegistered event) {
        code = event.code();
        votingRights = VotingRights.ACTIVE;
    }

    @EventSourcingHandler
    void on(VotingRightsSuspended event) {
        votingRights = VotingRights.SUSPENDED;
    }

    @EventSourcingHandler
    void on(VotingRightsReinstated event) {
        votingRights = VotingRights.ACTIVE;
    }

    private static void requireSecretariat(Actor actor, String action) {
        require(actor.is(Role.SECRETARIAT), RefusalCode.FORBIDDEN, "only the secretariat " + action);
    }
}
