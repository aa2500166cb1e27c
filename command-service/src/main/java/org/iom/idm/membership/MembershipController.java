package org.iom.idm.membership;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.iom.idm.membership.MembershipCommands.AccreditDelegate;
import org.iom.idm.membership.MembershipCommands.RegisterMemberState;
import org.iom.idm.membership.MembershipCommands.ReinstateVotingRights;
import org.iom.idm.membership.MembershipCommands.SuspendVotingRights;
import org.iom.idm.membership.MembershipCommands.WithdrawAccreditation;
import org.iom.idm.web.CommandSender;
import org.iom.idm.web.Limits;
import org.iom.idm.web.Text;
import org.iom.idm.web.Reason;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/member-states", produces = MediaType.APPLICATION_JSON_VALUE)
class MembershipController {

    private final CommandSender commands;

    MembershipController(CommandSender commands) {
        this.commands = commands;
    }

    record NewMemberState(@NotBlank @Pattern(regexp = Limits.MEMBER_STATE_PATTERN) String code,
                          @NotBlank @Text(max = Limits.TITLE) String name) {
    }

    record Registered(String code) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Registered register(@Valid @RequestBody NewMemberState body) {
        commands.send(new RegisterMemberState(body.code(), body.name()));
        return new Registered(body.code());
    }

    @PostMapping(path = "/{code}/suspend-voting-rights", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void suspend(@PathVariable String code, @Valid @RequestBody Reason body) {
        commands.send(new SuspendVotingRights(code, body.reason()));
    }

    @PostMapping("/{code}/reinstate-voting-rights")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void reinstate(@PathVariable String code) {
        commands.send(new ReinstateVotingRights(code));
    }

    /** The user name's rules are the aggregate's; the pattern admits only the capacities' names. */
    record NewAccreditation(String user, @NotNull @Pattern(regexp = "HEAD|ALTERNATE|ADVISER") String capacity) {
    }

    record Accredited(String user) {
    }

    @PostMapping(path = "/{code}/accreditations", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Accredited accredit(@PathVariable String code, @Valid @RequestBody NewAccreditation body) {
        commands.send(new AccreditDelegate(code, body.user(), Capacity.valueOf(body.capacity())));
        return new Accredited(body.user());
    }

    @PostMapping(path = "/{code}/accreditations/{user}/withdraw", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void withdrawAccreditation(@PathVariable String code, @PathVariable String user, @Valid @RequestBody Reason body) {
        commands.send(new WithdrawAccreditation(code, user, body.reason()));
    }
}
