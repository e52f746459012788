package dev.prm.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.env.PropertyResolver;

import dev.prm.contracts.catalog.ContractCatalog;

/**
 * The facts the deployment descriptors must agree with, read from the services themselves (their
 * application.yaml, resolved the way Spring Boot resolves it) and from the public contract, never restated here.
 */
final class Repository {

    static final Path ROOT = findRoot();

    /** The Kafka-consuming services: each owns a database and a consumer group. */
    static final List<String> SERVICES = List.of("tier-service", "registration-service", "commission-service");
    static final String GATEWAY = "api-gateway";
    static final List<String> MODULES = List.of("tier-service", "registration-service", "commission-service", GATEWAY);

    private Repository() {
    }

    /** What a module's own configuration says, before any deployment descriptor sets anything. */
    record Module(String name, int port, int managementPort, String consumerGroup, List<String> inbound, List<String> outbound,
                  String database) {
    }

    private static final Map<String, Module> MODULE_CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    static Module module(String name) {
        return MODULE_CACHE.computeIfAbsent(name, Repository::readModule);
    }

    private static Module readModule(String name) {
        PropertyResolver settings = SpringSettings.resolve(name, Map.of());
        int port = Integer.parseInt(settings.getRequiredProperty("server.port"));
        // actuator (probes, metrics) on its own port
        int managementPort = Integer.parseInt(settings.getRequiredProperty("management.server.port"));
        if (name.equals(GATEWAY)) {
            return new Module(name, port, managementPort, null, List.of(), List.of(), null);
        }
        String url = settings.getRequiredProperty("spring.datasource.url");
        return new Module(name, port, managementPort, settings.getRequiredProperty("spring.kafka.consumer.group-id"),
                list(settings, "prm.topics.inbound"), list(settings, "prm.topics.outbound"), url.substring(url.lastIndexOf('/') + 1));
    }

    /** SPEC §2 and §3. */
    static Set<String> specTopics() {
        Set<String> topics = new LinkedHashSet<>(ContractCatalog.INBOUND_TOPICS);
        topics.addAll(ContractCatalog.OUTBOUND_TOPICS);
        return topics;
    }

    /** Every topic some PRM service consumes: each needs its dead-letter topic. */
    static Set<String> consumedTopics() {
        Set<String> topics = new LinkedHashSet<>();
        SERVICES.forEach(service -> topics.addAll(module(service).inbound()));
        return topics;
    }

    /** database name → role name, as deploy/compose/postgres/init-databases.sh creates them. */
    static Map<String, String> initScriptDatabases() {
        Matcher calls = Pattern.compile("(?m)^create_service_database (\\S+) (\\S+) ").matcher(read(ROOT.resolve("deploy/compose/postgres/init-databases.sh")));
        Map<String, String> databases = new java.util.LinkedHashMap<>();
        while (calls.find()) {
            databases.put(calls.group(1), calls.group(2));
        }
        return databases;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(PropertyResolver settings, String property) {
        // YAML lists arrive as property[0], property[1], ...
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; settings.containsProperty(property + "[" + i + "]"); i++) {
            values.add(settings.getProperty(property + "[" + i + "]"));
        }
        return values;
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("deploy/pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("repository root (with mvnw and deploy/pom.xml) not found above " + Path.of("").toAbsolutePath());
    }
}
