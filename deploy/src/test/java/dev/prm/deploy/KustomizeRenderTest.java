package dev.prm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.env.PropertyResolver;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Every overlay of deploy/kubernetes as `kubectl kustomize` (Kustomize v5) renders it, each document checked
 * against the typed Kubernetes and Strimzi models (see {@link KubernetesSchema}), then the rules of this system:
 * probes, limits and a locked-down security context, a disruption budget and an autoscaler per Deployment,
 * every topic with its dead-letter topic, the settings each service really resolves, the event-clock ticker.
 */
class KustomizeRenderTest {

    private static final Path KUSTOMIZE = Repository.ROOT.resolve("deploy/kubernetes");
    private static final List<String> OVERLAYS = List.of("local", "local-event-clock", "production");
    private static final String NAMESPACE = "prm";
    /**
     * Provided by the platform in production (see overlays/production/kustomization.yaml), never rendered; and the
     * Secrets Strimzi generates: each KafkaUser's password and the cluster CA of the Kafka cluster `prm`.
     */
    private static final Set<String> PRODUCTION_EXTERNAL = Set.of("Secret/tier-service-db", "Secret/registration-service-db",
            "Secret/commission-service-db", "ConfigMap/prm-identity", "Secret/tier-service", "Secret/registration-service",
            "Secret/commission-service", "Secret/prm-cluster-ca-cert");
    private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Map<String, Rendering> RENDERINGS = new LinkedHashMap<>();
    // building the typed model's registry takes seconds: once for every overlay
    private static final KubernetesSchema SCHEMA = new KubernetesSchema();

    @BeforeAll
    static void renderEveryOverlay() {
        for (String overlay : OVERLAYS) {
            ExternalTool.Result result = ExternalTool.KUBECTL.run(List.of("kustomize", KUSTOMIZE.resolve("overlays").resolve(overlay).toString()),
                    Map.of(), List.of(), Repository.ROOT, Duration.ofSeconds(60));
            assertThat(result.exitCode()).as("kubectl kustomize overlays/%s:\n%s", overlay, result.describe()).isZero();
            RENDERINGS.put(overlay, new Rendering(overlay, parse(result.stdout())));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "local-event-clock", "production"})
    void everyDocumentMatchesTheKubernetesSchema(String overlay) {
        List<String> problems = new ArrayList<>();
        for (JsonNode document : rendering(overlay).documents()) {
            problems.addAll(SCHEMA.check(overlay + ": " + id(document), document));
        }
        assertThat(problems).as("schema problems in overlays/%s", overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "local-event-clock", "production"})
    void everyResourceIsThereInTheAppNamespace(String overlay) {
        Rendering rendering = rendering(overlay);
        for (String kind : List.of("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler")) {
            assertThat(rendering.ofKind(kind).stream().map(KustomizeRenderTest::name).toList()).as("%ss in %s", kind, overlay)
                    .containsExactlyInAnyOrderElementsOf(Repository.MODULES);
        }
        for (JsonNode document : rendering.documents()) {
            String name = name(document);
            assertThat(DNS_1123_SUBDOMAIN.matcher(name).matches() && name.length() <= 253)
                    .as("%s: metadata.name must be a lower-case DNS subdomain", id(document)).isTrue();
            if (!document.path("kind").asText().equals("Namespace")) {
                assertThat(document.at("/metadata/namespace").asText()).as("namespace of %s", id(document)).isEqualTo(NAMESPACE);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "local-event-clock", "production"})
    void deploymentsAreProbedLimitedAndLockedDown(String overlay) {
        Rendering rendering = rendering(overlay);
        for (JsonNode deployment : rendering.ofKind("Deployment")) {
            String name = name(deployment);
            JsonNode spec = deployment.path("spec");
            JsonNode pod = spec.at("/template/spec");
            assertThat(spec.has("replicas")).as("%s: no spec.replicas, its HorizontalPodAutoscaler owns the count", name).isFalse();
            assertThat(selects(spec.path("selector"), spec.at("/template/metadata/labels")))
                    .as("%s: the selector must match the pod template's labels", name).isTrue();
            assertThat(pod.path("containers")).as("%s: containers", name).hasSize(1);
            JsonNode container = pod.path("containers").get(0);
            assertPinned(name, container.path("image").asText());

            int port = Repository.module(name).port();
            int managementPort = Repository.module(name).managementPort();
            assertThat(container.path("ports").findValuesAsText("containerPort")).as("%s: container ports (API, actuator)", name)
                    .containsExactly(String.valueOf(port), String.valueOf(managementPort));
            // actuator is not on the API port: probes and the scrape use the management port
            assertProbe(name, container, "startupProbe", "/actuator/health/liveness", managementPort);
            assertProbe(name, container, "livenessProbe", "/actuator/health/liveness", managementPort);
            assertProbe(name, container, "readinessProbe", "/actuator/health/readiness", managementPort);
            assertThat(deployment.at("/spec/template/metadata/annotations").path("prometheus.io/port").asText())
                    .as("%s: scraped on the management port", name).isEqualTo(String.valueOf(managementPort));

            JsonNode resources = container.path("resources");
            for (String bound : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(resources.at("/" + bound + "/" + resource).asText()).as("%s: resources.%s.%s", name, bound, resource).isNotBlank();
                }
            }
            long memoryLimit = Quantities.bytes(resources.at("/limits/memory").asText());
            assertThat(Quantities.bytes(resources.at("/requests/memory").asText())).as("%s: memory request", name).isLessThanOrEqualTo(memoryLimit);
            assertThat(Quantities.millicores(resources.at("/requests/cpu").asText())).as("%s: cpu request", name)
                    .isLessThanOrEqualTo(Quantities.millicores(resources.at("/limits/cpu").asText()));

            JsonNode podSecurity = pod.path("securityContext");
            JsonNode security = container.path("securityContext");
            assertThat(podSecurity.path("runAsNonRoot").asBoolean()).as("%s: pod runAsNonRoot", name).isTrue();
            assertThat(podSecurity.path("runAsUser").asInt()).as("%s: pod runAsUser (the image's user)", name).isEqualTo(10001);
            assertThat(podSecurity.at("/seccompProfile/type").asText()).as("%s: seccomp profile", name).isEqualTo("RuntimeDefault");
            assertThat(security.path("allowPrivilegeEscalation").isBoolean() && !security.path("allowPrivilegeEscalation").asBoolean())
                    .as("%s: allowPrivilegeEscalation false", name).isTrue();
            assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as("%s: readOnlyRootFilesystem", name).isTrue();
            assertThat(texts(security.at("/capabilities/drop"))).as("%s: dropped capabilities", name).containsExactly("ALL");
            assertThat(pod.path("automountServiceAccountToken").isBoolean() && !pod.path("automountServiceAccountToken").asBoolean())
                    .as("%s: no service account token (the pods call no Kubernetes API)", name).isTrue();
            String tmpVolume = mountedVolume(container, "/tmp");
            assertThat(tmpVolume).as("%s: a writable /tmp", name).isNotNull();
            assertThat(volume(pod, tmpVolume).has("emptyDir")).as("%s: /tmp is an emptyDir", name).isTrue();

            Map<String, String> environment = rendering.environment(pod, container);
            Matcher xmx = Pattern.compile("-Xmx(\\d+[kmgKMG]?)").matcher(environment.getOrDefault("JAVA_TOOL_OPTIONS", ""));
            assertThat(xmx.find()).as("%s: heap set with -Xmx in JAVA_TOOL_OPTIONS (%s)", name, environment.get("JAVA_TOOL_OPTIONS")).isTrue();
            long heap = ComposeConfigTest.bytes(xmx.group(1));
            assertThat(heap).as("%s: heap", name).isLessThanOrEqualTo(512L << 20);
            assertThat(heap).as("%s: heap leaves a third of the memory limit to the rest of the JVM", name).isLessThanOrEqualTo(memoryLimit * 2 / 3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "local-event-clock", "production"})
    void everyDeploymentHasADisruptionBudgetAndAnAutoscaler(String overlay) {
        Rendering rendering = rendering(overlay);
        for (JsonNode deployment : rendering.ofKind("Deployment")) {
            String name = name(deployment);
            JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
            List<String> budgets = rendering.ofKind("PodDisruptionBudget").stream()
                    .filter(pdb -> selects(pdb.at("/spec/selector"), podLabels)).map(KustomizeRenderTest::name).toList();
            assertThat(budgets).as("PodDisruptionBudgets selecting %s's pods", name).containsExactly(name);
            JsonNode budget = rendering.named("PodDisruptionBudget", name).path("spec");
            assertThat(budget.has("maxUnavailable") ^ budget.has("minAvailable")).as("%s: maxUnavailable or minAvailable", name).isTrue();
            assertThat(budget.path("maxUnavailable").asInt()).as("%s: the budget lets one pod go (a drain never blocks)", name).isEqualTo(1);

            List<JsonNode> autoscalers = rendering.ofKind("HorizontalPodAutoscaler").stream()
                    .filter(hpa -> hpa.at("/spec/scaleTargetRef/name").asText().equals(name)).toList();
            assertThat(autoscalers).as("HorizontalPodAutoscalers of %s", name).hasSize(1);
            JsonNode hpa = autoscalers.getFirst();
            assertThat(hpa.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
            assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
            assertThat(hpa.at("/spec/scaleTargetRef/apiVersion").asText()).isEqualTo("apps/v1");
            int min = hpa.at("/spec/minReplicas").asInt();
            int max = hpa.at("/spec/maxReplicas").asInt();
            assertThat(min).as("%s: minReplicas", name).isPositive().isLessThanOrEqualTo(max);
            assertThat(hpa.at("/spec/metrics")).as("%s: autoscaling metrics", name).isNotEmpty();
            List<String> metricTypes = new ArrayList<>();
            hpa.at("/spec/metrics").forEach(metric -> metricTypes.add(metric.path("type").asText()));
            assertThat(metricTypes).as("%s: CPU is always one of the metrics", name).contains("Resource");
            if (Repository.SERVICES.contains(name)) {
                int partitions = rendering.minimumPartitions(Repository.module(name).inbound());
                assertThat(max).as("%s: maxReplicas must not exceed the partitions of its topics (%d)", name, partitions)
                        .isLessThanOrEqualTo(partitions);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "local-event-clock", "production"})
    void servicesSelectTheirPodsOnTheServicePort(String overlay) {
        Rendering rendering = rendering(overlay);
        for (JsonNode service : rendering.ofKind("Service")) {
            String name = name(service);
            List<JsonNode> selected = rendering.ofKind("Deployment").stream()
                    .filter(deployment -> selects(service.at("/spec/selector"), deployment.at("/spec/template/metadata/labels"))).toList();
            assertThat(selected.stream().map(KustomizeRenderTest::name).toList()).as("Deployments behind Service %s", name).containsExactly(name);
            JsonNode port = service.at("/spec/ports").get(0);
            assertThat(port.path("port").asInt()).as("Service %s port", name).isEqualTo(Repository.module(name).port());
            List<String> containerPortNames = selected.getFirst().at("/spec/template/spec/containers/0/ports").findValuesAsText("name");
            assertThat(containerPortNames).as("Service %s targets a named container port", name).contains(port.path("targetPort").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "local-event-clock", "production"})
    void everyTopicHasItsDeadLetterTopicWithAtLeastItsPartitions(String overlay) {
        Rendering rendering = rendering(overlay);
        Map<String, JsonNode> topics = rendering.topics();
        Set<String> expected = new LinkedHashSet<>(Repository.specTopics());
        Repository.consumedTopics().forEach(topic -> expected.add(topic + ".DLT"));
        assertThat(topics.keySet()).as("Kafka topics in %s", overlay).containsExactlyInAnyOrderElementsOf(expected);
        int replicas = overlay.equals("production") ? 3 : 1;
        topics.forEach((topic, resource) -> {
            assertThat(resource.path("apiVersion").asText()).as("%s: Strimzi's v1 API (v1beta2 is gone from Strimzi 1.0)", topic)
                    .isEqualTo("kafka.strimzi.io/v1");
            assertThat(resource.at("/metadata/labels/strimzi.io~1cluster").asText()).as("%s: Kafka cluster", topic).isEqualTo("prm");
            JsonNode spec = resource.path("spec");
            assertThat(spec.path("partitions").asInt()).as("%s: partitions", topic).isPositive();
            assertThat(spec.path("replicas").asInt()).as("%s: replication factor in %s", topic, overlay).isEqualTo(replicas);
            int inSync = Integer.parseInt(spec.at("/config/min.insync.replicas").asText());
            assertThat(inSync).as("%s: min.insync.replicas", topic).isEqualTo(Math.max(1, replicas - 1));
            if (topic.endsWith(".DLT")) {
                String source = topic.substring(0, topic.length() - ".DLT".length());
                assertThat(spec.path("partitions").asInt()).as("%s: a dead letter keeps its partition number", topic)
                        .isGreaterThanOrEqualTo(topics.get(source).at("/spec/partitions").asInt());
                assertThat(spec.at("/config/max.message.bytes").asText()).as("%s: a 1 MiB original with its reasons fits (SPEC §4)",
                        topic).isEqualTo("2097152");
            } else {
                assertThat(spec.at("/config/retention.ms").asText()).as("%s: facts are kept for replays (SPEC B1)", topic).isEqualTo("-1");
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "local-event-clock", "production"})
    void everyReferenceResolves(String overlay) {
        Rendering rendering = rendering(overlay);
        Set<String> external = new TreeSet<>();
        for (JsonNode workload : rendering.workloads()) {
            JsonNode pod = podSpec(workload);
            List<String[]> references = new ArrayList<>();
            pod.findParents("configMapRef").forEach(ref -> references.add(new String[] {"ConfigMap", ref.at("/configMapRef/name").asText(), null}));
            pod.findValues("configMapKeyRef").forEach(ref -> references.add(new String[] {"ConfigMap", ref.path("name").asText(), ref.path("key").asText()}));
            pod.findValues("secretKeyRef").forEach(ref -> references.add(new String[] {"Secret", ref.path("name").asText(), ref.path("key").asText()}));
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.has("configMap")) {
                    references.add(new String[] {"ConfigMap", volume.at("/configMap/name").asText(), null});
                }
                if (volume.has("secret")) {
                    references.add(new String[] {"Secret", volume.at("/secret/secretName").asText(), null});
                }
            }
            for (String[] reference : references) {
                JsonNode target = rendering.find(reference[0], reference[1]);
                if (target == null) {
                    external.add(reference[0] + "/" + reference[1]);
                    continue;
                }
                if (reference[2] != null) {
                    assertThat(target.path("data").has(reference[2])).as("%s: %s %s has key %s", id(workload), reference[0], reference[1], reference[2]).isTrue();
                }
            }
        }
        assertThat(external).as("references to objects not rendered in %s (must be provided outside)", overlay)
                .containsExactlyInAnyOrderElementsOf(overlay.equals("production") ? PRODUCTION_EXTERNAL : Set.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "local-event-clock", "production"})
    void theServicesResolveTheirDatabaseKafkaAndClock(String overlay) {
        Rendering rendering = rendering(overlay);
        Map<String, String> databases = Repository.initScriptDatabases();
        String bootstrap = strimziBootstrap(rendering);
        String clock = overlay.equals("local-event-clock") ? "event" : "system";
        for (String name : Repository.SERVICES) {
            Repository.Module module = Repository.module(name);
            Map<String, String> environment = rendering.environment(name);
            PropertyResolver settings = SpringSettings.resolve(name, environment);
            URI database = URI.create(settings.getRequiredProperty("spring.datasource.url").substring("jdbc:".length()));
            assertThat(database.getHost()).as("%s: database host", name).isEqualTo("prm-postgres");
            assertThat(database.getPort()).as("%s: database port", name).isEqualTo(5432);
            assertThat(database.getPath().substring(1)).as("%s: its own database", name).isEqualTo(module.database());
            assertThat(databases).as("databases the init script creates").containsKey(module.database());
            assertThat(settings.getProperty("spring.kafka.bootstrap-servers")).as("%s: Kafka", name).isEqualTo(bootstrap);
            assertThat(settings.getProperty("spring.kafka.admin.auto-create")).as("%s: KafkaTopics own the topics", name).isEqualTo("false");
            assertThat(settings.getProperty("prm.clock.mode")).as("%s: business clock", name).isEqualTo(clock);
            assertThat(settings.getProperty("prm.topics.partitions")).as("%s: prm.topics.partitions = the topics' partitions", name)
                    .isEqualTo(String.valueOf(rendering.minimumPartitions(module.inbound())));
            if (overlay.equals("production")) {
                assertThat(environment.get("SPRING_DATASOURCE_USERNAME")).isEqualTo("external:" + name + "-db/username");
                assertThat(environment.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo("external:" + name + "-db/password");
            } else {
                assertThat(settings.getProperty("spring.datasource.username")).as("%s: database role", name)
                        .isEqualTo(databases.get(module.database()));
                assertThat(settings.getProperty("spring.datasource.password")).as("%s: a password that reads as development-only", name)
                        .startsWith("dev-only");
                assertThat(settings.getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri")).as("%s: token keys", name)
                        .isEqualTo(serviceUrl(rendering, Repository.GATEWAY) + "/dev/jwks.json");
                assertThat(settings.getProperty("prm.security.issuer")).as("%s: issuer = the gateway's", name)
                        .isEqualTo(SpringSettings.resolve(Repository.GATEWAY, rendering.environment(Repository.GATEWAY)).getProperty("prm.security.issuer"));
            }
        }
        PropertyResolver gateway = SpringSettings.resolve(Repository.GATEWAY, rendering.environment(Repository.GATEWAY));
        for (String name : Repository.SERVICES) {
            assertThat(gateway.getProperty("prm.services." + name)).as("the gateway's route to %s", name).isEqualTo(serviceUrl(rendering, name));
        }
        assertThat(gateway.getProperty("spring.profiles.active", "")).as("the development token issuer only outside production")
                .isEqualTo(overlay.equals("production") ? "" : "local");
    }

    @Test
    void productionRunsReleasedImagesOnSeveralReplicasAndScalesOnConsumerLag() {
        Rendering production = rendering("production");
        for (JsonNode deployment : production.ofKind("Deployment")) {
            String image = deployment.at("/spec/template/spec/containers/0/image").asText();
            assertThat(image).as("%s: production image from a registry", name(deployment)).matches("[a-z0-9.-]+\\.[a-z]+(:\\d+)?/.+");
            assertThat(image).as("%s: a released version", name(deployment)).doesNotContainIgnoringCase("snapshot");
            assertThat(deployment.at("/spec/template/spec/topologySpreadConstraints")).as("%s: spread over nodes", name(deployment)).isNotEmpty();
            for (JsonNode constraint : deployment.at("/spec/template/spec/topologySpreadConstraints")) {
                Set<String> selectorKeys = new LinkedHashSet<>();
                constraint.at("/labelSelector/matchLabels").fieldNames().forEachRemaining(selectorKeys::add);
                constraint.at("/labelSelector/matchExpressions").findValuesAsText("key").forEach(selectorKeys::add);
                assertThat(texts(constraint.path("matchLabelKeys"))).as("%s: a key may not be in both labelSelector and matchLabelKeys", name(deployment))
                        .doesNotContainAnyElementsOf(selectorKeys);
            }
        }
        for (JsonNode hpa : production.ofKind("HorizontalPodAutoscaler")) {
            assertThat(hpa.at("/spec/minReplicas").asInt()).as("%s: at least two replicas in production", name(hpa)).isGreaterThanOrEqualTo(2);
        }
        for (String name : Repository.SERVICES) {
            JsonNode hpa = production.named("HorizontalPodAutoscaler", name);
            List<JsonNode> lag = new ArrayList<>();
            hpa.at("/spec/metrics").forEach(metric -> {
                if (metric.path("type").asText().equals("External")
                        && metric.at("/external/metric/name").asText().equals("kafka_consumergroup_lag")) {
                    lag.add(metric);
                }
            });
            assertThat(lag).as("%s: scales on its consumer group's lag", name).hasSize(1);
            assertThat(lag.getFirst().at("/external/metric/selector/matchLabels/consumergroup").asText()).as("%s: consumer group", name)
                    .isEqualTo(Repository.module(name).consumerGroup());
            assertThat(lag.getFirst().at("/external/target/type").asText()).as("%s: lag per pod", name).isEqualTo("AverageValue");
            assertThat(hpa.at("/spec/behavior/scaleDown/stabilizationWindowSeconds").asInt())
                    .as("%s: every scale step rebalances the group: scale down slowly", name).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void localRunsOneReplicaWithGeneratedDevelopmentSecrets() {
        Rendering local = rendering("local");
        for (JsonNode hpa : local.ofKind("HorizontalPodAutoscaler")) {
            assertThat(hpa.at("/spec/maxReplicas").asInt()).as("%s: one replica locally (the dev issuer's key is in one gateway pod)", name(hpa))
                    .isEqualTo(1);
        }
        Map<String, String> roles = Repository.initScriptDatabases();
        for (String name : Repository.SERVICES) {
            JsonNode secret = local.find("Secret", name + "-db");
            assertThat(secret).as("generated Secret %s-db", name).isNotNull();
            assertThat(secret.path("type").asText()).isEqualTo("kubernetes.io/basic-auth");
            assertThat(decode(secret, "username")).isEqualTo(roles.get(Repository.module(name).database()));
            assertThat(decode(secret, "password")).as("local passwords read as development-only").startsWith("dev-only");
        }
        JsonNode namespace = local.find("Namespace", NAMESPACE);
        assertThat(namespace).as("the local overlay creates its namespace").isNotNull();
        assertThat(namespace.at("/metadata/labels/pod-security.kubernetes.io~1enforce").asText()).isEqualTo("restricted");
    }

    @Test
    void noImageIsLatestOrUntagged() {
        RENDERINGS.values().forEach(rendering -> rendering.workloads().forEach(workload ->
                podSpec(workload).path("containers").forEach(container -> assertPinned(id(workload), container.path("image").asText()))));
    }

    @Test
    void theTickerRunsOnlyWithTheEventClock() throws IOException {
        assertThat(rendering("local").ofKind("CronJob")).as("no ticker with the wall clock").isEmpty();
        assertThat(rendering("production").ofKind("CronJob")).as("no ticker with the wall clock").isEmpty();
        Rendering events = rendering("local-event-clock");
        JsonNode ticker = events.named("CronJob", "business-time-ticker");
        JsonNode spec = ticker.path("spec");
        assertThat(spec.path("schedule").asText()).isEqualTo("* * * * *");
        assertThat(spec.path("concurrencyPolicy").asText()).isEqualTo("Forbid");
        assertThat(spec.at("/jobTemplate/spec/activeDeadlineSeconds").asInt()).as("a run ends before the next one starts").isLessThan(60);
        JsonNode pod = spec.at("/jobTemplate/spec/template/spec");
        JsonNode container = pod.path("containers").get(0);
        Map<String, Object> compose = new Yaml().load(Repository.read(Repository.ROOT.resolve("docker-compose.yml")));
        @SuppressWarnings("unchecked")
        Object kafkaImage = ((Map<String, Map<String, Object>>) compose.get("services")).get("kafka").get("image");
        assertThat(container.path("image").asText()).as("the ticker's console producer is the broker's version").isEqualTo(kafkaImage);
        assertThat(texts(container.path("command"))).containsExactly("/bin/sh", "/opt/prm/publish-tick.sh");
        String scriptVolume = mountedVolume(container, "/opt/prm");
        JsonNode scripts = events.find("ConfigMap", volume(pod, scriptVolume).at("/configMap/name").asText());
        assertThat(scripts.at("/data/publish-tick.sh").asText()).as("the CronJob runs the repository's script")
                .isEqualTo(Repository.read(KUSTOMIZE.resolve("components/event-clock/publish-tick.sh")));
        Map<String, String> environment = events.environment(pod, container);
        assertThat(environment.get("BOOTSTRAP_SERVERS")).as("the ticker publishes to the services' broker").isEqualTo(strimziBootstrap(events));
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(texts(container.at("/securityContext/capabilities/drop"))).containsExactly("ALL");
        assertThat(mountedVolume(container, "/tmp")).as("the Kafka scripts' LOG_DIR").isNotNull();
        assertThat(environment.get("LOG_DIR")).isEqualTo("/tmp");
        assertThat(container.at("/resources/limits/memory").asText()).isNotBlank();
    }

    // --- the rendered documents

    record Rendering(String overlay, List<JsonNode> documents) {

        List<JsonNode> ofKind(String kind) {
            return documents.stream().filter(document -> document.path("kind").asText().equals(kind)).toList();
        }

        /** By name as written in base: generated ConfigMaps and Secrets carry a hash suffix. */
        JsonNode find(String kind, String name) {
            for (JsonNode document : ofKind(kind)) {
                String actual = name(document);
                boolean generated = kind.equals("ConfigMap") || kind.equals("Secret");
                if (actual.equals(name) || (generated && actual.matches(Pattern.quote(name) + "-[a-z0-9]{10}"))) {
                    return document;
                }
            }
            return null;
        }

        JsonNode named(String kind, String name) {
            JsonNode document = find(kind, name);
            return document != null ? document : fail("overlays/" + overlay + " renders no " + kind + " " + name);
        }

        List<JsonNode> workloads() {
            List<JsonNode> workloads = new ArrayList<>(ofKind("Deployment"));
            workloads.addAll(ofKind("CronJob"));
            return workloads;
        }

        Map<String, JsonNode> topics() {
            Map<String, JsonNode> topics = new LinkedHashMap<>();
            for (JsonNode topic : ofKind("KafkaTopic")) {
                String kafkaName = topic.at("/spec/topicName").asText(name(topic));
                assertThat(topics.put(kafkaName, topic)).as("topic %s defined twice", kafkaName).isNull();
            }
            return topics;
        }

        int minimumPartitions(List<String> topicNames) {
            Map<String, JsonNode> topics = topics();
            return topicNames.stream().mapToInt(topic -> {
                assertThat(topics).as("KafkaTopic for %s", topic).containsKey(topic);
                return topics.get(topic).at("/spec/partitions").asInt();
            }).min().orElseThrow();
        }

        Map<String, String> environment(String deployment) {
            JsonNode pod = named("Deployment", deployment).at("/spec/template/spec");
            return environment(pod, pod.path("containers").get(0));
        }

        /**
         * The container's environment as the kubelet builds it: envFrom in order, then env. Values of objects
         * that are not rendered (provided outside) read as external:name/key.
         */
        Map<String, String> environment(JsonNode pod, JsonNode container) {
            Map<String, String> environment = new LinkedHashMap<>();
            for (JsonNode source : container.path("envFrom")) {
                JsonNode configMap = find("ConfigMap", source.at("/configMapRef/name").asText());
                if (configMap != null) {
                    configMap.path("data").properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
                }
            }
            for (JsonNode variable : container.path("env")) {
                String name = variable.path("name").asText();
                if (variable.has("value")) {
                    environment.put(name, variable.path("value").asText());
                } else if (variable.at("/valueFrom").has("configMapKeyRef")) {
                    JsonNode ref = variable.at("/valueFrom/configMapKeyRef");
                    JsonNode configMap = find("ConfigMap", ref.path("name").asText());
                    environment.put(name, configMap == null ? "external:" + ref.path("name").asText() + "/" + ref.path("key").asText()
                            : configMap.path("data").path(ref.path("key").asText()).asText());
                } else if (variable.at("/valueFrom").has("secretKeyRef")) {
                    JsonNode ref = variable.at("/valueFrom/secretKeyRef");
                    JsonNode secret = find("Secret", ref.path("name").asText());
                    environment.put(name, secret == null ? "external:" + ref.path("name").asText() + "/" + ref.path("key").asText()
                            : decode(secret, ref.path("key").asText()));
                } else {
                    fail(pod + ": env " + name + " has neither value nor a ConfigMap/Secret reference");
                }
            }
            return environment;
        }
    }

    // --- helpers

    private static Rendering rendering(String overlay) {
        return RENDERINGS.get(overlay);
    }

    private static List<JsonNode> parse(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (values.hasNext()) {
                JsonNode document = values.next();
                if (document != null && !document.isMissingNode() && !document.isNull()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(documents).as("rendered documents").isNotEmpty();
        return documents;
    }

    private static String strimziBootstrap(Rendering rendering) {
        Set<String> clusters = new TreeSet<>();
        rendering.ofKind("KafkaTopic").forEach(topic -> clusters.add(topic.at("/metadata/labels/strimzi.io~1cluster").asText()));
        assertThat(clusters).as("Kafka clusters the topics belong to").hasSize(1);
        String cluster = clusters.iterator().next();
        JsonNode kafka = rendering.find("Kafka", cluster);
        // Strimzi names the bootstrap Service <cluster>-kafka-bootstrap; 9092 is the plain listener of a cluster not
        // rendered here, a rendered one (production) says its listener's port
        int port = kafka == null ? 9092 : kafka.at("/spec/kafka/listeners/0/port").asInt();
        return cluster + "-kafka-bootstrap:" + port;
    }

    private static String serviceUrl(Rendering rendering, String service) {
        JsonNode rendered = rendering.named("Service", service);
        return "http://" + name(rendered) + ":" + rendered.at("/spec/ports/0/port").asInt();
    }

    private static void assertProbe(String name, JsonNode container, String probe, String path, int port) {
        JsonNode get = container.at("/" + probe + "/httpGet");
        assertThat(get.path("path").asText()).as("%s: %s path", name, probe).isEqualTo(path);
        JsonNode probePort = get.path("port");
        boolean samePort = probePort.isInt() ? probePort.asInt() == port
                : container.path("ports").findParents("name").stream()
                        .anyMatch(p -> p.path("name").asText().equals(probePort.asText()) && p.path("containerPort").asInt() == port);
        assertThat(samePort).as("%s: %s on the service port %d", name, probe, port).isTrue();
        assertThat(container.at("/" + probe + "/periodSeconds").asInt()).as("%s: %s period", name, probe).isPositive();
    }

    private static void assertPinned(String workload, String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = withoutDigest.lastIndexOf(':');
        assertThat(colon > withoutDigest.lastIndexOf('/')).as("%s: image %s has a tag (untagged is latest)", workload, image).isTrue();
        assertThat(withoutDigest.substring(colon + 1)).as("%s: image %s", workload, image).isNotEqualToIgnoringCase("latest");
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        JsonNode matchLabels = selector.has("matchLabels") ? selector.path("matchLabels") : selector;
        if (matchLabels.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> label : matchLabels.properties()) {
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        if (selector.has("matchExpressions") && !selector.path("matchExpressions").isEmpty()) {
            return fail("matchExpressions in a workload selector are not checked here: " + selector);
        }
        return true;
    }

    private static JsonNode podSpec(JsonNode workload) {
        return workload.path("kind").asText().equals("CronJob") ? workload.at("/spec/jobTemplate/spec/template/spec")
                : workload.at("/spec/template/spec");
    }

    private static String mountedVolume(JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(path)) {
                return mount.path("name").asText();
            }
        }
        return null;
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        return fail("no volume " + name + " in " + pod);
    }

    private static String decode(JsonNode secret, String key) {
        JsonNode value = secret.at("/data/" + key);
        assertThat(value.isTextual()).as("Secret %s has key %s", name(secret), key).isTrue();
        return new String(Base64.getDecoder().decode(value.asText()), StandardCharsets.UTF_8);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String name(JsonNode document) {
        return document.at("/metadata/name").asText();
    }

    private static String id(JsonNode document) {
        return document.path("kind").asText() + "/" + name(document);
    }
}
