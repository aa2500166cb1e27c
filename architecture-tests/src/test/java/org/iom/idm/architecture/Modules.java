package org.iom.idm.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled main classes of one module, read from its target/classes: the command and the query service share
 * package names, so a class belongs to the module it was compiled in.
 */
final class Modules {

    static final String SHARED_EVENTS = "shared-events";
    static final String SERVICE_KIT = "service-kit";
    static final String COMMAND_SERVICE = "command-service";
    static final String QUERY_SERVICE = "query-service";

    private static final Map<String, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

    private Modules() {
    }

    static JavaClasses classesOf(String... modules) {
        return IMPORTED.computeIfAbsent(String.join("+", modules), key -> {
            ClassFileImporter importer = new ClassFileImporter();
            return importer.importPaths(java.util.Arrays.stream(modules).map(Modules::classesDir).toList());
        });
    }

    private static Path classesDir(String module) {
        Path dir = Path.of(System.getProperty("idm.architecture.project-dir", ".."), module, "target", "classes")
                .toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " does not exist; compile the modules first: "
                    + "mvn -B -o test -pl architecture-tests -am");
        }
        return dir;
    }
}
