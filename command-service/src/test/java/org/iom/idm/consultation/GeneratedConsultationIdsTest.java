package org.iom.idm.consultation;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.iom.idm.consultation.ConsultationCommands.CreateConsultation;
import org.iom.idm.consultation.ConsultationController.NewConsultation;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.iom.idm.web.CommandSender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * An id made from a title that another request (on this instance or another) took since it looked free: the
 * event store refuses the creation, and the next number is tried. The API tests show the rest against a real store.
 */
class GeneratedConsultationIdsTest {

    private static final NewConsultation LABOUR_MOBILITY = new NewConsultation(null, "Labour Mobility", "Which?",
            null, null, null, null, null, null, null, null, null);

    private final CommandSender commands = mock(CommandSender.class);
    private final EventStore store = mock(EventStore.class);
    private final ConsultationController controller = new ConsultationController(commands, store);

    /** A creation answers its consultation's id, as the aggregate does. */
    @BeforeEach
    void createdConsultationsAnswerTheirIds() {
        when(commands.send(any())).thenAnswer(call -> call.<CreateConsultation>getArgument(0).consultationId());
    }

    @Test
    void anIdThatTheStoreRefusesAsTakenGivesWayToTheNextNumber() {
        when(store.lastSequenceNumberFor(anyString())).thenReturn(Optional.empty());
        doThrow(new RuleViolation(ErrorCode.ALREADY_EXISTS, "taken a moment ago")).when(commands)
                .send(new CreateConsultation("labour-mobility", "Labour Mobility", "Which?", null, 1, null, null));

        assertThat(controller.create(LABOUR_MOBILITY).id()).isEqualTo("labour-mobility-2");

        assertThat(sentIds(2)).containsExactly("labour-mobility", "labour-mobility-2");
    }

    @Test
    void anyOtherRefusalIsTheAnswer() {
        when(store.lastSequenceNumberFor(anyString())).thenReturn(Optional.empty());
        doThrow(new RuleViolation(ErrorCode.WRONG_PHASE, "the parent is not decided")).when(commands).send(any());

        assertThatThrownBy(() -> controller.create(LABOUR_MOBILITY)).isInstanceOf(RuleViolation.class)
                .hasMessage("the parent is not decided");

        assertThat(sentIds(1)).containsExactly("labour-mobility");
    }

    @Test
    void idsTheStoreAlreadyHasAreSkippedWithoutACreationThatWouldFail() {
        when(store.lastSequenceNumberFor(anyString())).thenReturn(Optional.empty());
        when(store.lastSequenceNumberFor("labour-mobility")).thenReturn(Optional.of(4L));

        assertThat(controller.create(LABOUR_MOBILITY).id()).isEqualTo("labour-mobility-2");

        assertThat(sentIds(1)).containsExactly("labour-mobility-2");
    }

    /** Issue 17: a retried request finds its first attempt's id taken, and its key answers that id. */
    @Test
    void theAnswerIsTheIdTheCreationAnswered() {
        when(store.lastSequenceNumberFor(anyString())).thenReturn(Optional.empty());
        when(store.lastSequenceNumberFor("labour-mobility")).thenReturn(Optional.of(0L));
        doReturn("labour-mobility").when(commands).send(any());

        assertThat(controller.create(LABOUR_MOBILITY).id()).isEqualTo("labour-mobility");

        assertThat(sentIds(1)).containsExactly("labour-mobility-2");
    }

    private List<String> sentIds(int sent) {
        ArgumentCaptor<Object> commandsSent = ArgumentCaptor.forClass(Object.class);
        verify(commands, times(sent)).send(commandsSent.capture());
        return commandsSent.getAllValues().stream().map(command -> ((CreateConsultation) command).consultationId())
                .toList();
    }
}
