package org.iom.idm.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each rule of {@link Boundaries} fails on a deliberate violation (package {@code broken}) and names it. */
class BoundariesCatchViolationsTest {

    private static final String BROKEN = "org.iom.idm.architecture.broken";

    @Test
    void anEventNamingAServiceClassBreaksTheEventsModulesIndependence() {
        assertReports(Boundaries.eventsDependOnNothingOfOurs(broken("events")), broken("events"),
                "LeakyEvent", "CastBallotHandler");
    }

    @Test
    void anEntityAnsweringWithAnHttpStatusBreaksTheDomainsIgnoranceOfTheWeb() {
        assertReports(Boundaries.domainImportsNoEdgeTypes(), broken("domain"),
                "BallotBox", "org.springframework.http.HttpStatus");
    }

    @Test
    void aRuleClassThatTheAggregateUsesInItsPackageIsDomainCodeToo() {
        assertReports(Boundaries.domainImportsNoEdgeTypes(), broken("domain"),
                "BallotRules", "org.springframework.web.server.ResponseStatusException");
    }

    @Test
    void anEntityRefusingWithATypeThatCarriesAnHttpStatusReachesTheWeb() {
        assertReports(Boundaries.domainReachesNoEdgeTypes(), broken("domain", "refusal"),
                "Proposals", "Refusal", "org.springframework.http.HttpStatus");
    }

    @Test
    void aQuerySideCallingTheCommandSideIsReported() {
        assertReports(Boundaries.importsNothingOf(broken("command"), "command side"), broken("query"),
                "TallyView", "CastBallotHandler");
    }

    @Test
    void aCommandSideReadingTheQuerySideIsReported() {
        assertReports(Boundaries.importsNothingOf(broken("query"), "query side"), broken("command"),
                "CastBallotHandler", "TallyView");
    }

    @Test
    void twoFeaturesUsingEachOtherFormACycle() {
        assertReports(Boundaries.featuresFormNoCycles(BROKEN + ".features"), broken("features"),
                "Cycle detected", "Slice alpha", "Slice beta");
    }

    @Test
    void twoFeaturesUsingEachOtherBeneathTheControllersFormACycle() {
        assertReports(Boundaries.featuresBeneathTheControllersFormNoCycles(BROKEN + ".features"), broken("features"),
                "Cycle detected", "Slice alpha", "Slice beta");
    }

    @Test
    void aFeatureThatIsNotAPageUsingTheWebUiIsReported() {
        assertReports(Boundaries.onlyWebPagesUseTheUi(BROKEN + ".features"), broken("features"),
                "Alpha", "features.ui.Page");
    }

    private static JavaClasses broken(String... packages) {
        return new ClassFileImporter().importPackages(java.util.Arrays.stream(packages)
                .map(name -> BROKEN + "." + name).toList());
    }

    private static void assertReports(ArchRule rule, JavaClasses classes, String... named) {
        assertThatThrownBy(() -> rule.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Architecture Violation")
                .hasMessageContainingAll(named);
    }
}
