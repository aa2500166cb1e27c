package org.iom.idm.harness;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The environment that points a service at the run's database, with the demo's users and data. */
public final class ServiceEnvironment {

    private ServiceEnvironment() {
    }

    /** The demo's embedded H2 database in {@code dataDir}. */
    public static Map<String, String> h2(Path dataDir) {
        Map<String, String> env = new LinkedHashMap<>();
        // The embedded database's directory, and where the demo keeps the secrets it makes at first start.
        env.put("IDM_DATA_DIR", dataDir.toString());
        env.put("SPRING_PROFILES_ACTIVE", "demo");
        return env;
    }

    /** A PostgreSQL database; {@code dataDir} still holds the demo's secrets. */
    public static Map<String, String> postgres(Path dataDir, String jdbcUrl, String user, String password) {
        Map<String, String> env = h2(dataDir);
        env.put("SPRING_PROFILES_ACTIVE", "demo,postgres");
        env.put("IDM_DB_URL", jdbcUrl);
        env.put("IDM_DB_USER", user);
        env.put("IDM_DB_PASSWORD", password);
        return env;
    }
}
