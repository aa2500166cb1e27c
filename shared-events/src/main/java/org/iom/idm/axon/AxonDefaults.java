package org.iom.idm.axon;

/** Axon settings that can only be given as system properties. */
public final class AxonDefaults {

    /** Axon asks AxonIQ's servers for updates at start-up unless told not to; our deployments stay quiet. */
    private static final String UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    private AxonDefaults() {
    }

    public static void apply() {
        if (System.getProperty(UPDATE_CHECKER_DISABLED) == null && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty(UPDATE_CHECKER_DISABLED, "true");
        }
    }
}
