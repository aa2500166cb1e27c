package org.iom.idm.consultation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.iom.idm.consultation.ConsultationCommands.CancelConsultation;
import org.iom.idm.consultation.ConsultationCommands.CloseVoting;
import org.iom.idm.consultation.ConsultationCommands.CreateConsultation;
import org.iom.idm.consultation.ConsultationCommands.OpenVoting;
import org.iom.idm.consultation.ConsultationCommands.RecordDecision;
import org.iom.idm.web.CommandSender;
import org.iom.idm.web.Created;
import org.iom.idm.web.Limits;
import org.iom.idm.web.Reason;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping(path = "/api/consultations", produces = MediaType.APPLICATION_JSON_VALUE)
class ConsultationController {

    private static final int MAX_SELECT_COUNT = 20;

    private final CommandSender commands;

    ConsultationController(CommandSender commands) {
        this.commands = commands;
    }

    record NewConsultation(@Pattern(regexp = Limits.ID_PATTERN) String id,
                           @NotBlank @Size(max = Limits.TITLE) String title,
                           @NotBlank @Size(max = Limits.TEXT) String question,
                           @Size(max = Limits.TEXT) String description,
                           @Min(1) @Max(MAX_SELECT_COUNT) Integer selectCount,
                           @Min(1) Integer quorum,
                           @Pattern(regexp = Limits.ID_PATTERN) String parentId) {
    }

    record Decision(@NotNull @Size(min = 1, max = MAX_SELECT_COUNT) List<@NotBlank String> selected,
                    @Size(min = 1, max = Limits.REASON) String rationale) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Created create(@Valid @RequestBody NewConsultation body) {
        String id = body.id() != null ? body.id() : UUID.randomUUID().toString();
        commands.send(new CreateConsultation(id, body.title(), body.question(), body.description(),
                body.selectCount() != null ? body.selectCount() : 1, body.quorum(), body.parentId()));
        return new Created(id);
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

    @PostMapping(path = "/{cid}/decision", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void decide(@PathVariable String cid, @Valid @RequestBody Decision body) {
        commands.send(new RecordDecision(cid, body.selected(), body.rationale()));
    }
}
