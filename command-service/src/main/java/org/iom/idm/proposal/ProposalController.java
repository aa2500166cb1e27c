package org.iom.idm.proposal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.iom.idm.proposal.ProposalCommands.AddComment;
import org.iom.idm.proposal.ProposalCommands.AmendProposal;
import org.iom.idm.proposal.ProposalCommands.EditComment;
import org.iom.idm.proposal.ProposalCommands.HideComment;
import org.iom.idm.proposal.ProposalCommands.RetractComment;
import org.iom.idm.proposal.ProposalCommands.SubmitProposal;
import org.iom.idm.proposal.ProposalCommands.WithdrawProposal;
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

import java.util.UUID;

@RestController
@RequestMapping(path = "/api/consultations/{cid}/proposals", produces = MediaType.APPLICATION_JSON_VALUE)
class ProposalController {

    private final CommandSender commands;

    ProposalController(CommandSender commands) {
        this.commands = commands;
    }

    record ProposalText(@NotBlank @Text(max = Limits.TITLE) String title,
                        @NotBlank @Text(max = Limits.TEXT, multiLine = true) String summary) {
    }

    record NewComment(@NotBlank @Text(max = Limits.TEXT, multiLine = true) String text, String inReplyTo) {
    }

    record CommentText(@NotBlank @Text(max = Limits.TEXT, multiLine = true) String text) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Created submit(@PathVariable String cid, @Valid @RequestBody ProposalText body) {
        return new Created(commands.send(new SubmitProposal(cid, null, body.title(), body.summary())));
    }

    @PutMapping(path = "/{pid}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void amend(@PathVariable String cid, @PathVariable String pid, @Valid @RequestBody ProposalText body) {
        commands.send(new AmendProposal(cid, pid, body.title(), body.summary()));
    }

    @PostMapping(path = "/{pid}/withdraw", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void withdraw(@PathVariable String cid, @PathVariable String pid, @Valid @RequestBody Reason body) {
        commands.send(new WithdrawProposal(cid, pid, body.reason()));
    }

    @PostMapping(path = "/{pid}/comments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Created comment(@PathVariable String cid, @PathVariable String pid, @Valid @RequestBody NewComment body) {
        return new Created(commands.send(new AddComment(cid, pid, UUID.randomUUID().toString(), body.text(),
                body.inReplyTo())));
    }

    @PutMapping(path = "/{pid}/comments/{mid}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void edit(@PathVariable String cid, @PathVariable String pid, @PathVariable String mid,
              @Valid @RequestBody CommentText body) {
        commands.send(new EditComment(cid, pid, mid, body.text()));
    }

    @PostMapping("/{pid}/comments/{mid}/retract")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void retract(@PathVariable String cid, @PathVariable String pid, @PathVariable String mid) {
        commands.send(new RetractComment(cid, pid, mid));
    }

    @PostMapping(path = "/{pid}/comments/{mid}/hide", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void hide(@PathVariable String cid, @PathVariable String pid, @PathVariable String mid,
              @Valid @RequestBody Reason body) {
        commands.send(new HideComment(cid, pid, mid, body.reason()));
    }
}
