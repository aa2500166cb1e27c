package org.iom.idm.architecture;

import org.junit.jupiter.api.Test;

import static org.iom.idm.architecture.Modules.COMMAND_SERVICE;
import static org.iom.idm.architecture.Modules.QUERY_SERVICE;
import static org.iom.idm.architecture.Modules.SERVICE_KIT;
import static org.iom.idm.architecture.Modules.SHARED_EVENTS;
import static org.iom.idm.architecture.Modules.classesOf;

/** The architecture holds in the code: each test checks one rule of {@link Boundaries} on the modules' classes. */
class BoundariesTest {

    @Test
    void theEventsModuleDependsOnNothingOfOurs() {
        Boundaries.eventsDependOnNothingOfOurs(classesOf(SHARED_EVENTS)).check(classesOf(SHARED_EVENTS));
    }

    @Test
    void domainCodeImportsNoWebPersistenceOrSpringMvcTypes() {
        Boundaries.domainImportsNoEdgeTypes().check(classesOf(COMMAND_SERVICE));
    }

    @Test
    void domainCodeReachesNoWebPersistenceOrSpringMvcTypesNotEvenThroughOurs() {
        Boundaries.domainReachesNoEdgeTypes().check(classesOf(COMMAND_SERVICE, SERVICE_KIT, SHARED_EVENTS));
    }

    @Test
    void theQuerySideNeverImportsTheCommandSide() {
        Boundaries.importsNothingOf(classesOf(COMMAND_SERVICE), "command side").check(classesOf(QUERY_SERVICE));
    }

    @Test
    void theCommandSideNeverImportsTheQuerySide() {
        Boundaries.importsNothingOf(classesOf(QUERY_SERVICE), "query side").check(classesOf(COMMAND_SERVICE));
    }

    @Test
    void theFeaturePackagesOfTheCommandServiceTheKitAndTheEventsFormNoCycles() {
        Boundaries.featuresFormNoCycles("org.iom.idm").check(classesOf(COMMAND_SERVICE));
        Boundaries.featuresFormNoCycles("org.iom.kit").check(classesOf(SERVICE_KIT));
        Boundaries.featuresFormNoCycles("org.iom.idm").check(classesOf(SHARED_EVENTS));
    }

    @Test
    void theFeaturePackagesOfTheQueryServiceFormNoCyclesBeneathTheirControllers() {
        Boundaries.featuresBeneathTheControllersFormNoCycles("org.iom.idm").check(classesOf(QUERY_SERVICE));
    }

    @Test
    void onlyTheWebUisPagesUseTheWebUi() {
        Boundaries.onlyWebPagesUseTheUi("org.iom.idm").check(classesOf(QUERY_SERVICE));
    }
}
