package org.iom.idm.ui;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.ballot.BallotQueries.Ballot;
import org.iom.idm.ballot.BallotQueries.FindBallot;
import org.iom.idm.consultation.ConsultationQueries.ConsultationSummary;
import org.iom.idm.consultation.ConsultationQueries.FindConsultations;
import org.iom.idm.consultation.Phase;
import org.iom.kit.persistence.StoreOutage;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.Failures;
import org.iom.kit.problem.Problems;
import org.iom.kit.problem.RuleViolation;
import org.iom.kit.security.Delegations.Delegation;
import org.iom.kit.security.IdmUser;
import org.iom.kit.security.UserDirectory;
import org.iom.idm.membership.MemberStateQueries.FindMemberState;
import org.iom.idm.membership.MemberStateQueries.FindMemberStates;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.membership.VotingRights;
import org.iom.idm.web.Queries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** What every page shows (who is signed in, where the language switch leads) and how a page fails. */
@ControllerAdvice(annotations = WebUiPage.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class WebUiPages {

    private static final Logger LOG = LoggerFactory.getLogger(WebUiPages.class);

    /** The request fields a refusal can point at, each with its own message ({@code invalid.<field>}). */
    static final List<String> FIELDS = List.of("id", "title", "question", "description", "selectCount", "quorum",
            "parentId", "summary", "reason", "text", "choices", "rationale", "code", "name", "selected",
            "explanation", "schedule.commentsCloseAt", "schedule.votingOpensAt", "schedule.votingClosesAt",
            "procedure", "majority", "tieBreak", "fallback", "deadline", "user", "capacity");

    private static final FormKeys FORM_KEYS = new FormKeys();

    private final Queries queries;
    private final MessageSource messages;
    private final JsonMapper json;
    /** Only where people sign in with our passwords: an issuer's people (profile oidc) are known to it alone. */
    private final ObjectProvider<UserDirectory> users;

    WebUiPages(Queries queries, MessageSource messages, JsonMapper json, ObjectProvider<UserDirectory> users) {
        this.queries = queries;
        this.messages = messages;
        this.json = json;
        this.users = users;
    }

    /** What the scripts say when the API refuses something, in the page's language. */
    @ModelAttribute("scriptMessages")
    String scriptMessages(Locale locale) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String key : List.of("error.generic", "confirm.cancel", "confirm.ok")) {
            texts.put(key, messages.getMessage(key, null, locale));
        }
        for (ErrorCode code : ErrorCode.values()) {
            texts.put("error." + code.name(), messages.getMessage("error." + code.name(), null, locale));
        }
        FIELDS.forEach(field -> texts.put("invalid." + field, messages.getMessage("invalid." + field, null, locale)));
        return json.writeValueAsString(texts);
    }

    /**
     * Issue 17: each form that posts takes a key of its own as the page is rendered ({@code ${formKeys.next()}}) and
     * sends it as the {@code Idempotency-Key} of every submission, so a double click or a retry posts once.
     */
    @ModelAttribute("formKeys")
    FormKeys formKeys() {
        return FORM_KEYS;
    }

    /** Random keys, one per call. */
    public static final class FormKeys {

        public String next() {
            return UUID.randomUUID().toString();
        }
    }

    @ModelAttribute("me")
    IdmUser me(@AuthenticationPrincipal IdmUser user) {
        return user;
    }

    /** For a delegate: whom it speaks for and in which capacity (CONTRACT §9); null without a current accreditation. */
    @ModelAttribute("delegation")
    Delegation delegation(@AuthenticationPrincipal IdmUser user) {
        return user == null ? null : user.delegation().orElse(null);
    }

    @ModelAttribute("path")
    String path(HttpServletRequest request) {
        return request.getRequestURI();
    }

    /** The staff role of a user who acts for no member state, or null when no directory knows it. */
    public Role staffRole(String username) {
        UserDirectory directory = users.getIfAvailable();
        try {
            if (directory != null) {
                return directory.loadUserByUsername(username).role();
            }
        } catch (UsernameNotFoundException unknown) {
            // not one of our users: perhaps the system
        }
        // No one signs in as the system, which acts at scheduled instants (CONTRACT §8).
        return Actor.SYSTEM.username().equals(username) ? Role.SYSTEM : null;
    }

    /** For a delegate: the consultations now in voting, each with whether its state has a ballot there. */
    @ModelAttribute("votingNow")
    List<VotingNow> votingNow(@AuthenticationPrincipal IdmUser user) {
        if (user == null || user.role() != Role.DELEGATE || user.memberState() == null) {
            return List.of();
        }
        List<ConsultationSummary> voting = queries.list(new FindConsultations(), ConsultationSummary.class).stream()
                .filter(c -> c.phase() == Phase.VOTING).toList();
        if (voting.isEmpty()) {
            return List.of();
        }
        boolean suspended = suspension(user.memberState()) != null;
        return voting.stream()
                .map(c -> new VotingNow(c.id(), c.title(), suspended, queries.gateway()
                        .query(new FindBallot(c.id(), user.memberState()), ResponseTypes.optionalInstanceOf(Ballot.class))
                        .join().isPresent()))
                .toList();
    }

    /** A consultation in voting as the banner shows it to a delegate. */
    public record VotingNow(String id, String title, boolean suspended, boolean voted) {
    }

    /** A member state's name, or its code where none is registered under it. */
    public String stateName(String code) {
        return memberState(code).map(MemberStateView::name).orElse(code);
    }

    /** The member state as registered if its voting rights are suspended now, else null. */
    public MemberStateView suspension(String memberState) {
        return memberState(memberState).filter(state -> state.votingRights() == VotingRights.SUSPENDED).orElse(null);
    }

    private Optional<MemberStateView> memberState(String code) {
        return queries.gateway().query(new FindMemberState(code), ResponseTypes.optionalInstanceOf(MemberStateView.class))
                .join();
    }

    /** Member states by code, to show names where the read models keep codes. */
    public Map<String, String> stateNames() {
        return namesOf(queries.list(new FindMemberStates(), MemberStateView.class));
    }

    static Map<String, String> namesOf(List<MemberStateView> memberStates) {
        return memberStates.stream()
                .collect(Collectors.toMap(MemberStateView::code, MemberStateView::name, (a, b) -> a));
    }

    /** Whatever a page fails with, a browser gets a page in its language (never problem+json). */
    @ExceptionHandler(Exception.class)
    ModelAndView failed(Exception failure, HttpServletRequest request, Locale locale) {
        return errorPage(codeOf(failure), request, locale);
    }

    private static ErrorCode codeOf(Exception failure) {
        RuleViolation violation = Failures.ruleViolationIn(failure);
        if (violation != null) {
            return violation.code();
        }
        if (failure instanceof TypeMismatchException || failure instanceof MissingServletRequestParameterException) {
            return ErrorCode.VALIDATION_FAILED;
        }
        if (failure instanceof ErrorResponse known && !known.getStatusCode().is5xxServerError()) {
            return Failures.codeForStatus(known.getStatusCode().value());
        }
        if (StoreOutage.in(failure)) {
            LOG.warn("A page of the web UI was refused for want of the database: {}", failure.toString());
            return ErrorCode.STORE_UNAVAILABLE;
        }
        LOG.error("A page of the web UI failed", failure);
        return ErrorCode.INTERNAL_ERROR;
    }

    /**
     * What went wrong at {@code path}: problem+json on the API and the actuator, as everywhere there; for a browser,
     * a page in its language.
     */
    ModelAndView errorFor(String path, ErrorCode code, String detail, HttpServletRequest request, Locale locale) {
        if (path.startsWith("/api/") || path.startsWith("/actuator/")) {
            View problem = (model, req, response) -> Problems.write(response, json, code, detail);
            return new ModelAndView(problem);
        }
        return errorPage(code, request, locale);
    }

    /** A page that says what went wrong, in the page's language, with the usual banner. */
    ModelAndView errorPage(ErrorCode code, HttpServletRequest request, Locale locale) {
        ModelAndView page = new ModelAndView("error-page", code.status());
        page.addObject("code", code.name());
        Object failedPath = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        page.addObject("path", failedPath instanceof String uri ? uri : path(request));
        page.addObject("scriptMessages", scriptMessages(locale));
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn != null && signedIn.getPrincipal() instanceof IdmUser user) {
            page.addObject("me", user);
            page.addObject("delegation", delegation(user));
        }
        return page;
    }
}
