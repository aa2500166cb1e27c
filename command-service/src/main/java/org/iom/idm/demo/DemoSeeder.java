package org.iom.idm.demo;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.consultation.ConsultationCommands.CreateConsultation;
import org.iom.kit.demo.DemoMemberStates;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.iom.kit.web.CorrelationIdFilter;
import org.iom.idm.membership.Capacity;
import org.iom.idm.membership.MembershipCommands.AccreditDelegate;
import org.iom.idm.membership.MembershipCommands.RegisterMemberState;
import org.iom.idm.membership.MembershipEvent.DelegateAccredited;
import org.iom.idm.membership.VotingRightsRegister;
import org.iom.idm.proposal.ProposalCommands.SubmitProposal;
import org.iom.idm.web.CommandSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Seeds the demo through ordinary commands, so the seed shows in the audit trail like any other change: the member
 * states, each with {@code delegate-<code>} accredited as its head of delegation and {@code alternate-<code>} as its
 * alternate (CONTRACT §9), and the consultation. Each step first checks whether it was done, and any step that a
 * second instance wins is refused by the aggregates themselves, so a restart seeds nothing again (an accreditation
 * the secretariat withdrew stays withdrawn).
 */
@Component
@ConditionalOnProperty(name = "idm.demo.seed", havingValue = "true")
class DemoSeeder implements ApplicationRunner {

    static final String CONSULTATION_ID = "idm-2010-theme";
    static final String SOUTH_SOUTH = "south-south-migration";
    static final String SOCIAL_CHANGE = "migration-and-social-change";
    private static final Actor SECRETARIAT = Actor.of("secretariat", Role.SECRETARIAT);
    private static final Set<ErrorCode> ALREADY_DONE = Set.of(ErrorCode.ALREADY_EXISTS, ErrorCode.DUPLICATE_TITLE,
            ErrorCode.WRONG_PHASE);
    private static final Logger LOG = LoggerFactory.getLogger(DemoSeeder.class);

    private final CommandSender commands;
    private final VotingRightsRegister register;
    private final EventStore eventStore;

    DemoSeeder(CommandSender commands, VotingRightsRegister register, EventStore eventStore) {
        this.commands = commands;
        this.register = register;
        this.eventStore = eventStore;
    }

    @Override
    public void run(ApplicationArguments args) {
        MDC.put(CorrelationIdFilter.MDC_KEY, "demo-seed");
        try {
            List<DemoMemberStates.Entry> states = DemoMemberStates.all();
            List<DemoMemberStates.Entry> missing = states.stream()
                    .filter(state -> register.votingRightsOf(state.code()).isEmpty())
                    .toList();
            missing.forEach(state -> seed(new RegisterMemberState(state.code(), state.name())));
            long accredited = states.stream().mapToLong(this::seedDelegation).sum();
            boolean consultationSeeded = eventStore.lastSequenceNumberFor(CONSULTATION_ID).orElse(-1L) >= 2;
            if (!consultationSeeded) {
                seedConsultation();
            }
            LOG.info("Demo seed: {} member state(s) registered, consultation {} {}, {} delegate(s) accredited",
                    missing.size(), CONSULTATION_ID, consultationSeeded ? "already present" : "seeded", accredited);
        } finally {
            MDC.remove(CorrelationIdFilter.MDC_KEY);
        }
    }

    /** The state's head and alternate, unless they were ever accredited to it; answers how many were accredited now. */
    private long seedDelegation(DemoMemberStates.Entry state) {
        Set<String> everAccredited = eventStore.readEvents(state.code()).asStream()
                .map(DomainEventMessage::getPayload)
                .filter(DelegateAccredited.class::isInstance)
                .map(event -> ((DelegateAccredited) event).user())
                .collect(Collectors.toSet());
        return Stream.of(new AccreditDelegate(state.code(), state.delegate(), Capacity.HEAD),
                        new AccreditDelegate(state.code(), state.alternate(), Capacity.ALTERNATE))
                .filter(accreditation -> !everAccredited.contains(accreditation.user()))
                .filter(this::seed)
                .count();
    }

    private void seedConsultation() {
        if (eventStore.lastSequenceNumberFor(CONSULTATION_ID).isEmpty()) {
            seed(new CreateConsultation(CONSULTATION_ID, "Overarching theme for IDM 2010",
                    "Which overarching theme should guide the International Dialogue on Migration in 2010?",
                    "The Administration asks the membership to select an overarching theme for IDM 2010 from "
                            + "its suggestions below, or to make alternative suggestions. Whichever theme is "
                            + "selected will integrate the global financial and economic crisis and the specific "
                            + "challenges it poses to migrants and to migration governance. Once the theme is "
                            + "identified, specific workshop topics under it will be put to the membership.",
                    1, null, null));
        }
        seed(new SubmitProposal(CONSULTATION_ID, SOUTH_SOUTH, "South-South Migration",
                "About half of the migrants from developing countries live in other developing countries, and "
                        + "South-South remittances may make up to 30 per cent of developing countries' remittance "
                        + "receipts. IDM 2010 would explore the trends, drivers and data of South-South migration, "
                        + "internal and mixed flows, regional free-movement regimes, its links with development, "
                        + "and the capacity-building and cooperation that its governance needs."));
        seed(new SubmitProposal(CONSULTATION_ID, SOCIAL_CHANGE, "Migration and Social Change",
                "Migration changes migrants, their families and the societies of origin, transit and "
                        + "destination. IDM 2010 would look at migration as a vector of social change: social "
                        + "cohesion amid growing diversity, integration alongside ties with home, policy tools for "
                        + "transnational lives such as multiple citizenship and portable pensions, transnational "
                        + "families, and the part diasporas and returning migrants play in development."));
    }

    /** Answers whether this step was done now, not before. */
    private boolean seed(Object command) {
        try {
            commands.sendAs(SECRETARIAT, command);
            return true;
        } catch (RuleViolation violation) {
            if (!ALREADY_DONE.contains(violation.code())) {
                throw violation;
            }
            LOG.debug("Demo seed step already done: {}", violation.getMessage());
            return false;
        }
    }
}
