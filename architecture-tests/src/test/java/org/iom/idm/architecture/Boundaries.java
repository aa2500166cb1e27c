package org.iom.idm.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture, as rules over compiled classes. Each rule takes what it judges against (a module's classes, a
 * root package) so that the same rule runs on the code and on the deliberate violations that prove it bites.
 */
final class Boundaries {

    /** Web, HTTP, servlet, persistence and JDBC types, and the kit that serves them: never the domain. */
    static final String[] EDGE_PACKAGES = {"org.springframework.web..", "org.springframework.http..",
            "jakarta.servlet..", "jakarta.persistence..", "org.springframework.jdbc..", "org.iom.idm..web..",
            "org.iom.idm..ui..", "org.iom.kit.."};

    private static final String[] OURS = {"org.iom.idm.", "org.iom.kit."};
    private static final String AGGREGATE = "org.axonframework.spring.stereotype.Aggregate";
    private static final String AGGREGATE_ROOT = "org.axonframework.modelling.command.AggregateRoot";
    private static final String COMMAND_HANDLER = "org.axonframework.commandhandling.CommandHandler";
    private static final String EVENT_SOURCING_HANDLER = "org.axonframework.eventsourcing.EventSourcingHandler";
    private static final String REST_CONTROLLER = "org.springframework.web.bind.annotation.RestController";
    private static final String CONTROLLER_STEREOTYPE = "org.springframework.stereotype.Controller";

    /**
     * The domain, by role rather than by name: aggregates and their entities (annotated as aggregates, or handling
     * commands or sourcing events), the classes nested in them, and the classes of their own package they use.
     */
    static final DescribedPredicate<JavaClass> DOMAIN = DescribedPredicate.describe(
            "domain (aggregates, their entities, and the classes of their package they use)",
            type -> hasAggregateRole(type) || type.getDirectDependenciesToSelf().stream()
                    .map(dependency -> dependency.getOriginClass())
                    .anyMatch(user -> hasAggregateRole(user) && user.getPackageName().equals(type.getPackageName())));

    /** An HTTP controller: the web edge of a feature. */
    static final DescribedPredicate<JavaClass> CONTROLLER = DescribedPredicate.describe("a controller",
            type -> type.isAnnotatedWith(REST_CONTROLLER) || type.isMetaAnnotatedWith(CONTROLLER_STEREOTYPE)
                    || type.getEnclosingClass().map(enclosing -> enclosing.isAnnotatedWith(REST_CONTROLLER)
                    || enclosing.isMetaAnnotatedWith(CONTROLLER_STEREOTYPE)).orElse(false));

    private Boundaries() {
    }

    /** The events module depends on nothing of ours outside it (so both services can share it as it is). */
    static ArchRule eventsDependOnNothingOfOurs(JavaClasses events) {
        Set<String> inside = names(events);
        return noClasses().should().dependOnClassesThat(DescribedPredicate.describe(
                        "are ours but outside the events module",
                        (JavaClass type) -> Arrays.stream(OURS).anyMatch(type.getName()::startsWith)
                                && !inside.contains(type.getName())))
                .as("the events module depends on nothing of ours outside it");
    }

    /** Domain code does not import web, HTTP, servlet, persistence or JDBC types, nor our web edge. */
    static ArchRule domainImportsNoEdgeTypes() {
        return noClasses().that(DOMAIN).should().dependOnClassesThat().resideInAnyPackage(EDGE_PACKAGES)
                .as("domain code imports no web, persistence or Spring MVC types");
    }

    /**
     * Stricter: not even through the types of ours it uses (a refusal that carries an HTTP status, say). Judged
     * over all the classes given, so give the module's with the kit's and the events'.
     */
    static ArchRule domainReachesNoEdgeTypes() {
        return noClasses().that(DOMAIN).should().transitivelyDependOnClassesThat().resideInAnyPackage(EDGE_PACKAGES)
                .as("domain code reaches no web, persistence or Spring MVC types, not even through our types");
    }

    /** One side of the services never imports a class of the other (they talk only through events and HTTP). */
    static ArchRule importsNothingOf(JavaClasses otherSide, String otherSideName) {
        Set<String> theirs = names(otherSide);
        return noClasses().should().dependOnClassesThat(DescribedPredicate.describe("belong to the " + otherSideName,
                        (JavaClass type) -> theirs.contains(type.getName())))
                .as("never imports the " + otherSideName);
    }

    /** The feature packages below {@code root} depend on each other in one direction only. */
    static ArchRule featuresFormNoCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles()
                .as("the feature packages below " + root + " form no cycles");
    }

    /**
     * The same beneath the web edge: a controller answers HTTP for its feature and may use another feature's
     * reads (the query service's {@code ?asOf=} reads, say); what lies beneath the controllers forms no cycles.
     */
    static ArchRule featuresBeneathTheControllersFormNoCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles()
                .ignoreDependency(CONTROLLER, DescribedPredicate.alwaysTrue())
                .as("the feature packages below " + root + ", beneath their controllers, form no cycles");
    }

    /**
     * The web UI ({@code <root>.ui}) is the outermost edge: only its pages use it, wherever their feature keeps
     * them; no projection, query, record or domain class does.
     */
    static ArchRule onlyWebPagesUseTheUi(String root) {
        String ui = root + ".ui..";
        return noClasses().that().resideOutsideOfPackage(ui).and().areNotAnnotatedWith(root + ".ui.WebUiPage")
                .should().dependOnClassesThat().resideInAPackage(ui)
                .as("nothing but the web UI's pages uses " + root + ".ui");
    }

    private static boolean hasAggregateRole(JavaClass type) {
        if (type.isAnnotatedWith(AGGREGATE) || type.isAnnotatedWith(AGGREGATE_ROOT)
                || type.getCodeUnits().stream().anyMatch(Boundaries::handlesCommandsOrSourcesEvents)) {
            return true;
        }
        return type.getEnclosingClass().map(Boundaries::hasAggregateRole).orElse(false);
    }

    private static boolean handlesCommandsOrSourcesEvents(JavaCodeUnit codeUnit) {
        return codeUnit.isAnnotatedWith(COMMAND_HANDLER) || codeUnit.isAnnotatedWith(EVENT_SOURCING_HANDLER);
    }

    private static Set<String> names(JavaClasses classes) {
        return classes.stream().map(JavaClass::getName).collect(Collectors.toSet());
    }
}
