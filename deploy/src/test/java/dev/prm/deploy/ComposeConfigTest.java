package dev.prm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.PropertyResolver;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml as Compose itself reads it: `docker-compose config` (Debian's Compose 1.29, which needs no
 * Docker engine) resolves the file with the values of .env.example, and the resolved model is checked.
 */
class ComposeConfigTest {

    private static final Path COMPOSE_FILE = Repository.ROOT.resolve("docker-compose.yml");
    private static final Path ENV_EXAMPLE = Repository.ROOT.resolve(".env.example");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?[^}]+}");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE_KEY|API_KEY).*");

    @TempDir
    static Path workDir;

    private static Map<String, String> exampleEnvironment;
    private static Map<String, Object> resolved;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    static void resolveWithTheExampleEnvironment() throws IOException {
        exampleEnvironment = readEnvFile(ENV_EXAMPLE);
        Path envFile = Files.writeString(workDir.resolve("example.env"), Files.readString(ENV_EXAMPLE));
        ExternalTool.Result result = compose(envFile);
        assertThat(result.exitCode()).as("docker-compose config with .env.example must succeed:\n%s", result.describe()).isZero();
        // Compose 1.29 warns, and substitutes "", for a variable that is neither set nor defaulted
        assertThat(result.stderr()).as("docker-compose config warnings").doesNotContainIgnoringCase("warning");
        resolved = new Yaml().load(result.stdout());
        services = map(resolved.get("services"));
        assertThat(services).as("services").isNotEmpty();
    }

    @Test
    void everyServiceOfTheSystemIsThere() {
        assertThat(services.keySet()).containsAll(Repository.MODULES)
                .contains("kafka", "postgres", "kafka-topics", "prometheus", "grafana", "business-time-ticker");
    }

    @Test
    void everyImageIsPinnedToAVersion() {
        services.forEach((name, service) -> {
            String image = (String) service.get("image");
            assertThat(image).as("image of %s", name).isNotBlank();
            assertThat(tagOf(image)).as("tag of %s's image %s (untagged means latest)", name, image)
                    .isNotNull().isNotEqualToIgnoringCase("latest");
        });
    }

    @Test
    void longRunningServicesHaveAHealthcheckAndAMemoryLimit() {
        Set<String> oneShot = oneShotServices();
        assertThat(oneShot).as("one-shot jobs").containsExactly("kafka-topics");
        services.forEach((name, service) -> {
            assertThat(service.get("mem_limit")).as("mem_limit of %s", name).isNotNull();
            assertThat(bytes(service.get("mem_limit"))).as("mem_limit of %s", name).isBetween(64L << 20, 2L << 30);
            if (oneShot.contains(name)) {
                assertThat(service.get("restart")).as("restart policy of the one-shot %s", name).isEqualTo("no");
                return;
            }
            Map<String, Object> healthcheck = map(service.get("healthcheck"));
            assertThat(healthcheck).as("healthcheck of %s", name).isNotEmpty().doesNotContainEntry("disable", true);
            List<String> test = strings(healthcheck.get("test"));
            assertThat(test).as("healthcheck test of %s", name).isNotEmpty();
            assertThat(test.getFirst()).as("healthcheck test of %s", name).isIn("CMD", "CMD-SHELL");
            assertThat(healthcheck).as("healthcheck of %s", name).containsKeys("interval", "timeout", "retries");
            assertThat(service.get("restart")).as("restart policy of %s", name).isEqualTo("unless-stopped");
        });
    }

    @Test
    void theServicesAreCheckedThroughTheImagesHealthScriptOnTheirOwnPort() {
        for (String module : Repository.MODULES) {
            int port = Repository.module(module).managementPort();
            assertThat(strings(map(services.get(module).get("healthcheck")).get("test")))
                    .as("healthcheck of %s: the image's script, on the service's management port", module)
                    .containsExactly("CMD", "/opt/prm/healthcheck.sh", String.valueOf(port));
        }
    }

    @Test
    void everyDependencyWaitsForHealthOrCompletion() {
        Set<String> oneShot = oneShotServices();
        services.forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            if (dependsOn == null) {
                return;
            }
            assertThat(dependsOn).as("depends_on of %s must be a map with conditions, not a list", name).isInstanceOf(Map.class);
            map(dependsOn).forEach((target, spec) -> {
                assertThat(services).as("%s depends on an unknown service", name).containsKey(target);
                String condition = (String) map(spec).get("condition");
                if (oneShot.contains(target)) {
                    assertThat(condition).as("%s waits for the one-shot %s", name, target).isEqualTo("service_completed_successfully");
                } else {
                    assertThat(condition).as("%s waits for %s", name, target).isEqualTo("service_healthy");
                    assertThat(services.get(target)).as("%s waits for %s to be healthy, so it needs a healthcheck", name, target)
                            .containsKey("healthcheck");
                }
            });
        });
        for (String service : Repository.SERVICES) {
            assertThat(map(services.get(service).get("depends_on")).keySet()).as("%s starts after", service)
                    .containsExactlyInAnyOrder("postgres", "kafka", "kafka-topics");
        }
        assertThat(map(services.get(Repository.GATEWAY).get("depends_on")).keySet()).as("the gateway starts after")
                .containsExactlyInAnyOrderElementsOf(Repository.SERVICES);
    }

    @Test
    void theCommittedFileHoldsNoSecrets() throws IOException {
        String raw = Files.readString(COMPOSE_FILE);
        Map<String, Object> file = new Yaml().load(raw); // SnakeYAML resolves the anchors and merge keys as Compose does
        Map<String, Map<String, Object>> rawServices = map(file.get("services"));
        Set<String> guarded = new LinkedHashSet<>();
        rawServices.forEach((name, service) -> environment(service).forEach((key, value) -> {
            if (SECRET_NAME.matcher(key).matches()) {
                Matcher required = REQUIRED_VARIABLE.matcher(value);
                assertThat(required.matches()).as("%s of %s must be ${VAR:?message} from the untracked .env, was %s", key, name, value)
                        .isTrue();
                guarded.add(required.group(1));
            }
        }));
        assertThat(guarded).as("secrets taken from .env").contains("POSTGRES_PASSWORD", "GRAFANA_ADMIN_PASSWORD");
        for (String variable : guarded) {
            String example = exampleEnvironment.get(variable);
            assertThat(example).as("%s in .env.example", variable).isNotBlank();
            assertThat(example).as("%s in .env.example must look like a development value", variable).startsWith("dev-only");
            assertThat(raw).as("docker-compose.yml must not contain the value of %s", variable).doesNotContain(example);
        }
        List<String> ignored = Files.readAllLines(Repository.ROOT.resolve(".gitignore")).stream().map(String::strip).toList();
        assertThat(ignored).as(".gitignore must keep .env out of the repository").containsAnyOf(".env", "/.env");
    }

    @Test
    void aMissingPasswordStopsComposeWithItsName() throws IOException {
        Map<String, String> incomplete = new LinkedHashMap<>(exampleEnvironment);
        incomplete.remove("GRAFANA_ADMIN_PASSWORD");
        StringBuilder text = new StringBuilder();
        incomplete.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        ExternalTool.Result result = compose(Files.writeString(workDir.resolve("incomplete.env"), text));
        assertThat(result.exitCode()).as("config without GRAFANA_ADMIN_PASSWORD must fail:\n%s", result.describe()).isNotZero();
        assertThat(result.stderr()).contains("GRAFANA_ADMIN_PASSWORD");
    }

    @Test
    void theServicesGetTheirOwnDatabaseKafkaAndClock() {
        Map<String, String> databases = Repository.initScriptDatabases();
        Map<String, String> postgres = environment(services.get("postgres"));
        String bootstrap = internalKafkaListener();
        for (String name : Repository.SERVICES) {
            Repository.Module module = Repository.module(name);
            PropertyResolver settings = SpringSettings.resolve(name, environment(services.get(name)));
            URI database = URI.create(settings.getRequiredProperty("spring.datasource.url").substring("jdbc:".length()));
            assertThat(database.getHost()).as("%s's database host", name).isEqualTo("postgres");
            assertThat(database.getPort()).as("%s's database port", name).isEqualTo(5432);
            String databaseName = database.getPath().substring(1);
            assertThat(databaseName).as("%s's database", name).isEqualTo(module.database());
            assertThat(databases).as("databases created by init-databases.sh").containsKey(databaseName);
            String user = settings.getRequiredProperty("spring.datasource.username");
            assertThat(user).as("%s's database role: the one that owns its database", name).isEqualTo(databases.get(databaseName));
            String passwordVariable = "PRM_" + name.substring(0, name.indexOf('-')).toUpperCase() + "_DB_PASSWORD";
            assertThat(settings.getRequiredProperty("spring.datasource.password")).as("%s's database password", name)
                    .isEqualTo(postgres.get(passwordVariable)).isEqualTo(exampleEnvironment.get(passwordVariable));
            assertThat(settings.getProperty("spring.kafka.bootstrap-servers")).as("%s's Kafka", name).isEqualTo(bootstrap);
            assertThat(settings.getProperty("spring.kafka.admin.auto-create")).as("%s creates no topics", name).isEqualTo("false");
            assertThat(settings.getProperty("prm.clock.mode")).as("%s's business clock", name).isEqualTo("system");
            assertThat(settings.getProperty("prm.topics.partitions")).as("%s's topic partitions", name)
                    .isEqualTo(environment(services.get("kafka-topics")).get("PRM_TOPIC_PARTITIONS"));
            assertThat(settings.getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri")).as("%s's token keys", name)
                    .isEqualTo(serviceUrl(Repository.GATEWAY) + "/dev/jwks.json");
            assertThat(settings.getProperty("prm.security.issuer")).as("%s's token issuer", name)
                    .isEqualTo(SpringSettings.resolve(Repository.GATEWAY, environment(services.get(Repository.GATEWAY)))
                            .getProperty("prm.security.issuer"));
            assertHeapWithinMemoryLimit(name);
        }
    }

    @Test
    void theGatewayIssuesDevelopmentTokensAndRoutesToTheServices() {
        PropertyResolver gateway = SpringSettings.resolve(Repository.GATEWAY, environment(services.get(Repository.GATEWAY)));
        assertThat(gateway.getProperty("spring.profiles.active")).as("the gateway's development issuer").isEqualTo("local");
        for (String name : Repository.SERVICES) {
            assertThat(gateway.getProperty("prm.services." + name)).as("the gateway's route to %s", name).isEqualTo(serviceUrl(name));
        }
        assertHeapWithinMemoryLimit(Repository.GATEWAY);
    }

    @Test
    void theTopicJobCreatesEveryTopicAndTheDeadLetterTopics() {
        Map<String, String> job = environment(services.get("kafka-topics"));
        assertThat(List.of(job.get("PRM_TOPICS").split("\\s+"))).as("topics created (SPEC §2, §3)")
                .containsExactlyInAnyOrderElementsOf(Repository.specTopics());
        assertThat(List.of(job.get("PRM_DEAD_LETTER_TOPICS").split("\\s+"))).as("dead-letter topics: one per topic a service consumes")
                .containsExactlyInAnyOrderElementsOf(Repository.consumedTopics());
        assertThat(job.get("BOOTSTRAP_SERVERS")).isEqualTo(internalKafkaListener());
        assertThat(mounts("kafka-topics")).as("the job's script")
                .containsEntry("/opt/prm/create-topics.sh", Repository.ROOT.resolve("deploy/compose/create-topics.sh").toString());
        assertThat(environment(services.get("kafka")).get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).as("broker-side topic creation").isEqualTo("false");
    }

    @Test
    void theTickerIsOptionalAndRunsTheKubernetesScript() {
        Map<String, Object> ticker = services.get("business-time-ticker");
        assertThat(strings(ticker.get("profiles"))).as("the ticker only runs with --profile event-clock").containsExactly("event-clock");
        assertThat(mounts("business-time-ticker")).containsEntry("/opt/prm/publish-tick.sh",
                Repository.ROOT.resolve("deploy/kubernetes/components/event-clock/publish-tick.sh").toString());
        assertThat(environment(ticker).get("BOOTSTRAP_SERVERS")).isEqualTo(internalKafkaListener());
    }

    @Test
    void prometheusAndGrafanaMountTheirProvisioning() {
        Map<String, String> prometheus = mounts("prometheus");
        assertThat(prometheus).containsEntry("/etc/prometheus/prometheus.yml", path("deploy/prometheus/prometheus-compose.yml"))
                .containsEntry("/etc/prometheus/rules", path("deploy/prometheus/rules"));
        assertThat(strings(services.get("prometheus").get("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");
        Map<String, String> grafana = mounts("grafana");
        assertThat(grafana).containsEntry("/etc/grafana/provisioning", path("deploy/grafana/provisioning"))
                .containsEntry("/etc/grafana/dashboards", path("deploy/grafana/dashboards"));
        // a missing source would be created empty by Docker, and the stack would run unmonitored
        assertThat(Path.of(path("deploy/prometheus/prometheus-compose.yml"))).isRegularFile();
        for (String dir : List.of("deploy/prometheus/rules", "deploy/grafana/provisioning/datasources",
                "deploy/grafana/provisioning/dashboards", "deploy/grafana/dashboards")) {
            assertThat(Path.of(path(dir))).as("provisioned directory %s", dir).isDirectoryContaining(file -> !file.getFileName().toString().startsWith("."));
        }
    }

    @Test
    void everyContainerKeepsBoundedLogs() {
        services.forEach((name, service) -> {
            Map<String, Object> logging = map(service.get("logging"));
            assertThat(logging.get("driver")).as("log driver of %s", name).isEqualTo("json-file");
            assertThat(map(logging.get("options"))).as("log rotation of %s", name).containsKeys("max-size", "max-file");
        });
    }

    @Test
    void portsArePublishedOnLoopbackOnly() {
        services.forEach((name, service) -> strings(service.get("ports")).forEach(port ->
                assertThat(port).as("published port of %s", name).startsWith("127.0.0.1:")));
    }

    @Test
    void theServiceContainersAreLockedDown() {
        for (String name : Repository.MODULES) {
            Map<String, Object> service = services.get(name);
            assertThat(service.get("read_only")).as("read-only root filesystem of %s", name).isEqualTo(true);
            assertThat(strings(service.get("tmpfs"))).as("writable /tmp of %s", name).contains("/tmp");
            assertThat(strings(service.get("cap_drop"))).as("capabilities of %s", name).containsExactly("ALL");
            assertThat(strings(service.get("security_opt"))).as("security options of %s", name).contains("no-new-privileges:true");
            assertThat(service).as("%s runs as the image's non-root user", name).doesNotContainKey("user");
        }
    }

    // --- helpers

    private static ExternalTool.Result compose(Path envFile) {
        List<String> unset = new ArrayList<>(exampleEnvironment.keySet());
        unset.addAll(List.of("COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "COMPOSE_PROFILES", "COMPOSE_PATH_SEPARATOR", "DOCKER_HOST"));
        return ExternalTool.DOCKER_COMPOSE.run(List.of("--project-directory", Repository.ROOT.toString(), "--file", COMPOSE_FILE.toString(),
                "--env-file", envFile.toString(), "config"), Map.of(), unset, Repository.ROOT, TIMEOUT);
    }

    /** Services no one needs running: started, finished, and waited for with service_completed_successfully. */
    private static Set<String> oneShotServices() {
        Set<String> oneShot = new LinkedHashSet<>();
        services.forEach((name, service) -> {
            if ("no".equals(service.get("restart")) && !service.containsKey("healthcheck")) {
                oneShot.add(name);
            }
        });
        return oneShot;
    }

    /** The listener other containers use: the advertised listener whose host is the kafka service itself. */
    private static String internalKafkaListener() {
        String advertised = environment(services.get("kafka")).get("KAFKA_ADVERTISED_LISTENERS");
        for (String listener : advertised.split(",")) {
            String address = listener.substring(listener.indexOf("://") + 3);
            if (address.startsWith("kafka:")) {
                return address;
            }
        }
        return fail("no advertised Kafka listener for other containers (kafka:<port>) in " + advertised);
    }

    private static String serviceUrl(String module) {
        return "http://" + module + ":" + Repository.module(module).port();
    }

    private static void assertHeapWithinMemoryLimit(String name) {
        String options = environment(services.get(name)).getOrDefault("JAVA_TOOL_OPTIONS", "");
        Matcher xmx = Pattern.compile("-Xmx(\\d+[kmgKMG]?)").matcher(options);
        assertThat(xmx.find()).as("%s sets its heap (-Xmx) in JAVA_TOOL_OPTIONS: %s", name, options).isTrue();
        long heap = bytes(xmx.group(1));
        assertThat(heap).as("%s's heap", name).isLessThanOrEqualTo(512L << 20);
        assertThat(heap).as("%s's heap leaves room for metaspace, threads and buffers in its mem_limit", name)
                .isLessThanOrEqualTo(bytes(services.get(name).get("mem_limit")) * 2 / 3);
    }

    private static Map<String, String> mounts(String service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (String volume : strings(services.get(service).get("volumes"))) {
            String[] parts = volume.split(":");
            mounts.put(parts[1], parts[0]);
        }
        return mounts;
    }

    private static String path(String relative) {
        return Repository.ROOT.resolve(relative).toString();
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object value = service.get("environment");
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, entry) -> environment.put(String.valueOf(key), entry == null ? "" : String.valueOf(entry)));
        } else if (value instanceof List<?> entries) {
            entries.forEach(entry -> {
                String[] pair = String.valueOf(entry).split("=", 2);
                environment.put(pair[0], pair.length > 1 ? pair[1] : "");
            });
        }
        return environment;
    }

    private static String tagOf(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(colon + 1) : null;
    }

    static long bytes(Object size) {
        Matcher matcher = Pattern.compile("(?i)(\\d+)\\s*([kmg]?)b?").matcher(String.valueOf(size).strip());
        if (!matcher.matches()) {
            return fail("not a memory size: " + size);
        }
        long value = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2).toLowerCase()) {
            case "k" -> value << 10;
            case "m" -> value << 20;
            case "g" -> value << 30;
            default -> value;
        };
    }

    private static Map<String, String> readEnvFile(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] pair = trimmed.split("=", 2);
                values.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> map(Object value) {
        return value == null ? Map.of() : (Map<String, V>) value;
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
