package org.iom.idm.membership;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.membership.MembershipCommands.AccreditDelegate;
import org.iom.idm.membership.MembershipCommands.RegisterMemberState;
import org.iom.idm.membership.MembershipCommands.ReinstateVotingRights;
import org.iom.idm.membership.MembershipCommands.SuspendVotingRights;
import org.iom.idm.membership.MembershipCommands.WithdrawAccreditation;
import org.iom.idm.membership.MembershipEvent.AccreditationWithdrawn;
import org.iom.idm.membership.MembershipEvent.DelegateAccredited;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsReinstated;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.iom.idm.rule.RefusalCode;
import org.iom.idm.rule.RuleRefused;

import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.iom.idm.rule.RuleRefused.require;

/**
 * CONTRACT §3 rule 5 (and §4): a registered member state and its voting rights, which only the secretariat changes;
 * identified by its ISO 3166-1 alpha-3 code. CONTRACT §9: its delegation, the people the secretariat accredits to
 * speak for it, each in one capacity, at most one of them its head.
 */
@Aggregate
public class MemberState {

    /** The longest user name, in characters (code points): an identity provider's subject fits. */
    static final int USER_LIMIT = 255;
    /** CONTRACT §5's reasons, in characters (code points). */
    static final int REASON_LIMIT = 2000;

    @AggregateIdentifier
    private String code;
    private VotingRights votingRights;
    /** The current accreditations: each user's capacity. */
    private final Map<String, Capacity> delegation = new HashMap<>();

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

    /**
     * Changing a capacity is a withdrawal and a new accreditation, so each capacity held shows in the trail. A person
     * speaks for one state only, judged against the roster of every state.
     */
    @CommandHandler
    public void handle(AccreditDelegate command, Actor actor, AccreditationRoster roster) {
        requireSecretariat(actor, "accredits delegates");
        String user = command.user();
        requireValidUser(user);
        require(command.capacity() != null, RefusalCode.VALIDATION_FAILED, "an accreditation names a capacity",
                "capacity");
        Capacity held = delegation.get(user);
        require(held == null, RefusalCode.ALREADY_EXISTS, user + " is accredited to " + code + " as " + held
                + " already; withdraw that accreditation to change its capacity");
        require(command.capacity() != Capacity.HEAD || !delegation.containsValue(Capacity.HEAD),
                RefusalCode.ALREADY_EXISTS, code + " has a head of delegation already");
        roster.accreditationOf(user).ifPresent(elsewhere -> {
            throw new RuleRefused(RefusalCode.ALREADY_EXISTS, user + " speaks for " + elsewhere.memberState()
                    + " already; a person speaks for one member state only");
        });
        apply(new DelegateAccredited(code, user, command.capacity()));
    }

    @CommandHandler
    public void handle(WithdrawAccreditation command, Actor actor) {
        requireSecretariat(actor, "withdraws accreditations");
        String reason = command.reason();
        require(reason != null && !reason.isBlank()
                        && reason.codePointCount(0, reason.length()) <= REASON_LIMIT, RefusalCode.VALIDATION_FAILED,
                "a withdrawal takes a reason of 1 to " + REASON_LIMIT + " characters", "reason");
        Capacity held = delegation.get(command.user());
        require(held != null, RefusalCode.NOT_FOUND, command.user() + " holds no accreditation to " + code);
        apply(new AccreditationWithdrawn(code, command.user(), held, reason));
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

    @EventSourcingHandler
    void on(DelegateAccredited event) {
        delegation.put(event.user(), event.capacity());
    }

    @EventSourcingHandler
    void on(AccreditationWithdrawn event) {
        delegation.remove(event.user());
    }

    /** A name that can sign in: not blank, no spaces around it, no control or invisible formatting characters. */
    private static void requireValidUser(String user) {
        require(user != null && !user.isBlank() && user.strip().equals(user)
                        && user.codePointCount(0, user.length()) <= USER_LIMIT
                        && user.codePoints().noneMatch(MemberState::isControlOrFormat),
                RefusalCode.VALIDATION_FAILED, "a user name has 1 to " + USER_LIMIT
                        + " characters, no spaces around it and no control characters", "user");
    }

    private static boolean isControlOrFormat(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }

    private static void requireSecretariat(Actor actor, String action) {
        require(actor.is(Role.SECRETARIAT), RefusalCode.FORBIDDEN, "only the secretariat " + action);
    }
}
