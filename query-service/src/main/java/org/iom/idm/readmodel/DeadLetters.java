package org.iom.idm.readmodel;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The events each read model has parked, and retrying them once the fault is mended. */
@Component
public class DeadLetters {

    private final EventProcessingConfiguration processing;

    DeadLetters(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    public record ParkedEvent(String processingGroup, String eventId, String eventType,
                              String aggregateId, Long aggregateSequence, Instant enqueuedAt, Instant lastTouched,
                              String causeType, String causeMessage) {
    }

    public record GroupCount(String processingGroup, long parked) {
    }

    public record Retry(String processingGroup, int sequencesRetried, int sequencesProjected, long stillParked) {
    }

    public List<GroupCount> counts() {
        return queues().entrySet().stream()
                .map(entry -> new GroupCount(entry.getKey(), entry.getValue().size()))
                .toList();
    }

    public List<ParkedEvent> list(String processingGroup) {
        List<ParkedEvent> parked = new ArrayList<>();
        queue(processingGroup).deadLetters().forEach(sequence -> sequence.forEach(letter ->
                parked.add(describe(processingGroup, letter))));
        return parked;
    }

    /** Retries every parked sequence once, in order; what fails again stays parked with its new cause. */
    public Retry retry(String processingGroup) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processingGroup);
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing.sequencedDeadLetterProcessor(
                processingGroup).orElseThrow(() -> unknownGroup(processingGroup));
        long sequences = queue.amountOfSequences();
        int projected = 0;
        for (long i = 0; i < sequences; i++) {
            if (processor.processAny()) {
                projected++;
            }
        }
        return new Retry(processingGroup, (int) sequences, projected, queue.size());
    }

    private Map<String, SequencedDeadLetterQueue<EventMessage<?>>> queues() {
        Map<String, SequencedDeadLetterQueue<EventMessage<?>>> queues = new TreeMap<>();
        processing.eventProcessors().keySet().forEach(group -> processing.deadLetterQueue(group)
                .ifPresent(queue -> queues.put(group, queue)));
        return queues;
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String processingGroup) {
        return processing.deadLetterQueue(processingGroup).orElseThrow(() -> unknownGroup(processingGroup));
    }

    private static RuleViolation unknownGroup(String processingGroup) {
        return new RuleViolation(ErrorCode.NOT_FOUND, "no read model '" + processingGroup + "' with parked events");
    }

    private static ParkedEvent describe(String processingGroup, DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        String aggregateId = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
        Long aggregateSequence = event instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null;
        String causeType = letter.cause().map(cause -> cause.type()).orElse(null);
        String causeMessage = letter.cause().map(cause -> cause.message()).orElse(null);
        return new ParkedEvent(processingGroup, event.getIdentifier(), event.getPayloadType().getSimpleName(),
                aggregateId, aggregateSequence, letter.enqueuedAt(), letter.lastTouched(), causeType, causeMessage);
    }
}
