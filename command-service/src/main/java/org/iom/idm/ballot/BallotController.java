package org.iom.idm.ballot;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.iom.idm.ballot.BallotCommands.CastBallot;
import org.iom.idm.web.CommandSender;
import org.iom.idm.web.Limits;
import org.iom.idm.web.Text;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping(path = "/api/consultations/{cid}/ballots", produces = MediaType.APPLICATION_JSON_VALUE)
class BallotController {

    private final CommandSender commands;

    BallotController(CommandSender commands) {
        this.commands = commands;
    }

    /**
     * Either {@code choices} or {@code abstain: true}, and an optional explanation of vote, whose length the ballot
     * box judges; here it is judged as text.
     */
    record Ballot(@Size(max = Limits.MAX_CHOICES) List<@NotBlank String> choices, Boolean abstain,
                  @Text(max = Limits.REASON, multiLine = true) String explanation) {
    }

    @PutMapping(path = "/{memberState}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void cast(@PathVariable String cid, @PathVariable String memberState, @Valid @RequestBody Ballot body) {
        commands.send(new CastBallot(cid, memberState, body.choices() == null ? List.of() : body.choices(),
                Boolean.TRUE.equals(body.abstain()), body.explanation()));
    }
}
