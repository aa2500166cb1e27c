package org.iom.idm.consultation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.iom.idm.consultation.ConsultationCommands.BreakSilence;
import org.iom.idm.consultation.ConsultationCommands.CancelConsultation;
import org.iom.idm.consultation.ConsultationCommands.ChangeSchedule;
import org.iom.idm.consultation.ConsultationCommands.CirculateDraft;
import org.iom.idm.consultation.ConsultationCommands.CloseVoting;
import org.iom.idm.consultation.ConsultationCommands.CreateConsultation;
import org.iom.idm.consultation.ConsultationCommands.OpenRunoff;
import org.iom.idm.consultation.ConsultationCommands.OpenVoting;
import org.iom.idm.consultation.ConsultationCommands.RecordDecision;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.iom.idm.web.CommandSender;
import org.iom.idm.web.Created;
import org.iom.idm.web.Limits;
import org.iom.idm.web.Text;
import org.iom.idm.web.Reason;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@RestController
@RequestMapping(path = "/api/consultations", produces = MediaType.APPLICATION_JSON_VALUE)
class ConsultationController {

    private static final int MAX_SELECT_COUNT = 20;
    /**
     * Ids made from titles are unique across instances only through the event store, which refuses a second
     * stream with an existing id: each taken id moves on to the next suffix, this many times at most.
     */
    private static final int NUMBERED_TRIES = 20;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int RANDOM_CHARACTERS = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CommandSender commands;
    private final EventStore eventStore;

    ConsultationController(CommandSender commands, EventStore eventStore) {
        this.commands = commands;
        this.eventStore = eventStore;
    }

    record NewConsultation(@Pattern(regexp = Limits.ID_PATTERN) String id,
                           @NotBlank @Text(max = Limits.TITLE) String title,
                           @NotBlank @Text(max = Limits.TEXT, multiLine = true) String question,
                           @Text(max = Limits.TEXT, multiLine = true) String description,
                           @Min(1) @Max(MAX_SELECT_COUNT) Integer selectCount,
                           @Min(1) Integer quorum,
                           @Pattern(regexp = Limits.ID_PATTERN) String parentId,
                           @Pattern(regexp = "RECORDED_VOTE|SILENCE") String procedure,
                           @Pattern(regexp = "PLURALITY|SIMPLE|TWO_THIRDS") String majority,
                           @Pattern(regexp = "CHAIR|RUNOFF") String tieBreak,
                           @Pattern(regexp = "RECORDED_VOTE") String fallback,
                           ScheduleBody schedule) {

        CreateConsultation toCommand(String consultationId) {
            return new CreateConsultation(consultationId, title, question, description,
                    selectCount != null ? selectCount : 1, quorum, parentId, valueOf(Procedure.class, procedure),
                    valueOf(MajorityRule.class, majority), valueOf(TieBreak.class, tieBreak),
                    valueOf(Procedure.class, fallback), schedule == null ? null : schedule.toSchedule());
        }

        /** The patterns above admit only the constants' names, so a client's unknown value names its field. */
        private static <E extends Enum<E>> E valueOf(Class<E> type, String name) {
            return name == null ? null : Enum.valueOf(type, name);
        }
    }

    /** CONTRACT §8: UTC instants, each optional. */
    record ScheduleBody(Instant commentsCloseAt, Instant votingOpensAt, Instant votingClosesAt) {

        Schedule toSchedule() {
            return new Schedule(commentsCloseAt, votingOpensAt, votingClosesAt);
        }
    }

    record Decision(@NotNull @Size(min = 1, max = MAX_SELECT_COUNT) List<@NotBlank String> selected,
                    @Size(min = 1) @Text(max = Limits.REASON, multiLine = true) String rationale) {
    }

    /** CONTRACT §8 rule 8: the draft decision, its text and the UTC deadline of the silence procedure. */
    record Draft(@NotNull @Size(min = 1, max = MAX_SELECT_COUNT) List<@NotBlank String> selected,
                 @NotBlank @Text(max = Limits.TEXT, multiLine = true) String text,
                 @NotNull Instant deadline) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Created create(@Valid @RequestBody NewConsultation body) {
        if (body.id() != null) {
            return new Created(commands.send(body.toCommand(body.id())));
        }
        String base = ReadableIds.fromTitle(body.title()).orElseGet(() -> "consultation-" + randomCharacters());
        for (int n = 1; n <= NUMBERED_TRIES; n++) {
            String id = ReadableIds.candidate(base, n);
            Optional<String> created = knownTaken(id) ? Optional.empty() : created(body, id);
            if (created.isPresent()) {
                return new Created(created.get());
            }
        }
        // So many are taken that the next numbers likely are too: a random suffix ends the search.
        return new Created(commands.send(body.toCommand(ReadableIds.withSuffix(base, randomCharacters()))));
    }

    /**
     * Skips the ids the store has already, without a creation that would fail (and leave its unused value in the
     * store's global index). Whether an id is free is still decided by the store's refusal.
     */
    private boolean knownTaken(String id) {
        return eventStore.lastSequenceNumberFor(id).isPresent();
    }

    /**
     * The id of the consultation made, which a retried request's first attempt chose (issue 17), so not always
     * {@code id}; none when the event store refused the id as taken (here or by another instance, even just now).
     */
    private Optional<String> created(NewConsultation body, String id) {
        try {
            return Optional.of(commands.send(body.toCommand(id)));
        } catch (RuleViolation refused) {
            if (refused.code() != ErrorCode.ALREADY_EXISTS) {
                throw refused;
            }
            return Optional.empty();
        }
    }

    private static String randomCharacters() {
        StringBuilder characters = new StringBuilder();
        RANDOM.ints(RANDOM_CHARACTERS, 0, ALPHABET.length()).forEach(i -> characters.append(ALPHABET.charAt(i)));
        return characters.toString();
    }

    @PostMapping(path = "/{cid}/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void cancel(@PathVariable String cid, @Valid @RequestBody Reason body) {
        commands.send(new CancelConsultation(cid, body.reason()));
    }

    @PostMapping("/{cid}/open-voting")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void openVoting(@PathVariable String cid) {
        commands.send(new OpenVoting(cid));
    }

    @PostMapping("/{cid}/close-voting")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void closeVoting(@PathVariable String cid) {
        commands.send(new CloseVoting(cid));
    }

    /** The whole schedule from now on: an instant left out is no longer set. */
    @PutMapping(path = "/{cid}/schedule", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changeSchedule(@PathVariable String cid, @RequestBody ScheduleBody body) {
        commands.send(new ChangeSchedule(cid, body.toSchedule()));
    }

    @PostMapping(path = "/{cid}/circulate", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void circulate(@PathVariable String cid, @Valid @RequestBody Draft body) {
        commands.send(new CirculateDraft(cid, body.selected(), body.text(), body.deadline()));
    }

    /** The member state is the signed-in delegate's. */
    @PostMapping(path = "/{cid}/break-silence", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void breakSilence(@PathVariable String cid, @Valid @RequestBody Reason body) {
        commands.send(new BreakSilence(cid, body.reason()));
    }

    @PostMapping("/{cid}/runoff")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void openRunoff(@PathVariable String cid) {
        commands.send(new OpenRunoff(cid));
    }

    @PostMapping(path = "/{cid}/decision", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void decide(@PathVariable String cid, @Valid @RequestBody Decision body) {
        commands.send(new RecordDecision(cid, body.selected(), body.rationale()));
    }
}
