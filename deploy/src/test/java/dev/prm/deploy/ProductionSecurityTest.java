package dev.prm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.ConfigurableEnvironment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.prm.contracts.Topics;
import dev.prm.contracts.catalog.ContractCatalog;
import dev.prm.contracts.commission.CommissionEvents;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.contracts.tier.TierEvents;

/**
 * Issue 16, production overlay: Kafka only over TLS with SCRAM-SHA-512, each client a KafkaUser whose ACLs are exactly
 * what it reads and writes (one table here, checked against the services' own configuration and listeners), and
 * NetworkPolicies that deny ingress unless the traffic is one of the few that the system needs.
 */
class ProductionSecurityTest {

    /** What each Kafka client reads and writes: the single source of the expected ACLs. */
    record Client(List<String> reads, List<String> writes) {
    }

    private static final Map<String, Client> CLIENTS = Map.of(
            "tier-service", new Client(List.of("partners", "deal-closed", "account-managed", "registration-events", "business-time"),
                    List.of("tier-events")),
            "registration-service", new Client(List.of("partners", "domain-registration", "tier-events", "business-time"),
                    List.of("registration-events")),
            "commission-service", new Client(List.of("partners", "deal-closed", "registration-events", "business-time"),
                    List.of("commission-events")),
            "crm-producer", new Client(List.of(), ContractCatalog.INBOUND_TOPICS));
    private static final String CRM = "crm-producer";

    private static KustomizeRenderTest.Rendering production;

    @BeforeAll
    static void render() {
        ExternalTool.Result result = ExternalTool.KUBECTL.run(List.of("kustomize",
                        Repository.ROOT.resolve("deploy/kubernetes/overlays/production").toString()),
                Map.of(), List.of(), Repository.ROOT, Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        List<JsonNode> documents = new ArrayList<>();
        try (var values = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).<JsonNode>readValues(result.stdout())) {
            values.forEachRemaining(document -> {
                if (document != null && document.isObject()) {
                    documents.add(document);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        production = new KustomizeRenderTest.Rendering("production", documents);
    }

    @Test
    void theTableIsWhatEachServiceIsConfiguredToReadAndWriteAndWhatItsListenerSubscribes() {
        for (String service : Repository.SERVICES) {
            Repository.Module module = Repository.module(service);
            assertThat(CLIENTS.get(service).reads()).as("%s: reads, as its prm.topics.inbound says", service)
                    .containsExactlyInAnyOrderElementsOf(module.inbound());
            assertThat(CLIENTS.get(service).writes()).as("%s: writes, as its prm.topics.outbound says", service)
                    .containsExactlyInAnyOrderElementsOf(module.outbound());
            assertThat(listenerTopics(service)).as("%s: the topics of its @KafkaListener", service)
                    .containsExactlyInAnyOrderElementsOf(module.inbound());
        }
        assertThat(CLIENTS.keySet()).containsExactlyInAnyOrderElementsOf(concat(Repository.SERVICES, List.of(CRM)));
    }

    @Test
    void everyKafkaUserHasExactlyTheAclsOfItsTableRow() {
        Map<String, JsonNode> users = new LinkedHashMap<>();
        production.ofKind("KafkaUser").forEach(user -> users.put(user.at("/metadata/name").asText(), user));
        assertThat(users.keySet()).as("a KafkaUser per client").containsExactlyInAnyOrderElementsOf(CLIENTS.keySet());
        users.forEach((name, user) -> {
            assertThat(user.at("/metadata/labels/strimzi.io~1cluster").asText()).as("%s: cluster", name).isEqualTo("prm");
            assertThat(user.at("/spec/authentication/type").asText()).as("%s: authentication", name).isEqualTo("scram-sha-512");
            assertThat(user.at("/spec/authorization/type").asText()).as("%s: authorization", name).isEqualTo("simple");
            assertThat(acls(user)).as("%s: ACLs", name).containsExactlyInAnyOrderElementsOf(expectedAcls(name));
        });
    }

    @Test
    void onlyTheCrmWritesAnInboundTopicAndNoServiceWritesWhatItReads() {
        for (JsonNode user : production.ofKind("KafkaUser")) {
            String name = user.at("/metadata/name").asText();
            Set<String> written = new TreeSet<>();
            for (String acl : acls(user)) {
                String[] parts = acl.split(":", 3);
                if (parts[0].equals("topic") && !parts[2].equals("Read") && !parts[2].equals("Describe")) {
                    written.add(parts[1]);
                }
                assertThat(acl).as("%s: literal names only, allow rules only, no cluster rights", name).doesNotContain("*");
            }
            if (!name.equals(CRM)) {
                assertThat(written).as("%s may not write a topic of the CRM (SPEC §2)", name).doesNotContainAnyElementsOf(ContractCatalog.INBOUND_TOPICS);
                assertThat(written).as("%s may not write a topic it reads", name).doesNotContainAnyElementsOf(CLIENTS.get(name).reads());
            } else {
                assertThat(written).as("the CRM writes the inbound topics only").containsExactlyInAnyOrderElementsOf(ContractCatalog.INBOUND_TOPICS);
            }
        }
    }

    @Test
    void kafkaListensOnlyOnTlsWithScramAndAuthorizesEveryClient() {
        List<JsonNode> clusters = production.ofKind("Kafka");
        assertThat(clusters).as("the Kafka cluster of the production overlay").hasSize(1);
        JsonNode kafka = clusters.getFirst().at("/spec/kafka");
        assertThat(clusters.getFirst().at("/metadata/name").asText()).isEqualTo("prm");
        assertThat(kafka.path("listeners")).as("listeners").isNotEmpty();
        for (JsonNode listener : kafka.path("listeners")) {
            String name = listener.path("name").asText();
            assertThat(listener.path("tls").asBoolean()).as("listener %s: TLS (no plaintext listener)", name).isTrue();
            assertThat(listener.at("/authentication/type").asText()).as("listener %s: authentication", name).isEqualTo("scram-sha-512");
            assertThat(listener.path("type").asText()).as("listener %s: inside the cluster only", name).isEqualTo("internal");
            List<Map<String, String>> allowed = concat(Repository.SERVICES, List.of(CRM)).stream().map(ProductionSecurityTest::pod).toList();
            JsonNode peers = listener.path("networkPolicyPeers");
            assertThat(peers).as("listener %s: Strimzi's NetworkPolicy lets only named peers in", name).isNotEmpty();
            for (Map<String, String> client : allowed) {
                assertThat(anyPeerSelects(peers, client, Map.of("kubernetes.io/metadata.name", "prm"))).as("%s reaches Kafka", client).isTrue();
            }
            for (String other : List.of(Repository.GATEWAY, "intruder")) {
                assertThat(anyPeerSelects(peers, pod(other), Map.of("kubernetes.io/metadata.name", "prm"))).as("%s reaches Kafka", other).isFalse();
            }
        }
        assertThat(kafka.at("/authorization/type").asText()).as("ACLs are enforced").isEqualTo("simple");
        assertThat(kafka.at("/config/auto.create.topics.enable").asText()).as("no topic created by a client").isEqualTo("false");
        assertThat(clusters.getFirst().at("/spec/entityOperator").has("userOperator")).as("the User Operator applies the KafkaUsers").isTrue();
        assertThat(production.ofKind("KafkaNodePool")).as("node pools of the KRaft cluster").isNotEmpty();
    }

    @Test
    void servicesConnectOverSaslSslAsTheirOwnKafkaUser() {
        int port = production.named("Kafka", "prm").at("/spec/kafka/listeners/0/port").asInt();
        for (String service : Repository.SERVICES) {
            ConfigurableEnvironment environment = (ConfigurableEnvironment) SpringSettings.resolve(service, production.environment(service));
            KafkaProperties kafka = Binder.get(environment).bind("spring.kafka", KafkaProperties.class).get();
            // what the services' consumers, producers and admin clients are built from
            for (Map<String, Object> client : List.of(kafka.buildConsumerProperties(), kafka.buildProducerProperties(), kafka.buildAdminProperties())) {
                assertThat(String.valueOf(client.get("bootstrap.servers"))).as("%s: the TLS listener", service).contains("prm-kafka-bootstrap:" + port);
                assertThat(client.get("security.protocol")).as("%s: security.protocol", service).isEqualTo("SASL_SSL");
                assertThat(client.get("sasl.mechanism")).as("%s: sasl.mechanism", service).isEqualTo("SCRAM-SHA-512");
                assertThat(client.get("sasl.jaas.config")).as("%s: its own KafkaUser's Secret", service)
                        .isEqualTo("external:" + service + "/sasl.jaas.config");
                assertThat(client.get("ssl.truststore.type")).as("%s: truststore type", service).isEqualTo("PEM");
                assertThat(client.get("ssl.truststore.certificates")).as("%s: the cluster CA", service)
                        .isEqualTo("external:prm-cluster-ca-cert/ca.crt");
            }
        }
        assertThat(production.environment(Repository.GATEWAY)).as("the gateway has no Kafka credentials")
                .doesNotContainKeys("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
    }

    @Test
    void networkPoliciesLetInOnlyWhatTheSystemNeeds() {
        Map<String, String> prm = Map.of("kubernetes.io/metadata.name", "prm");
        Map<String, String> elsewhere = Map.of("kubernetes.io/metadata.name", "ingress-nginx");
        Map<String, String> monitoring = Map.of("kubernetes.io/metadata.name", "monitoring");
        Map<String, String> prometheus = Map.of("app.kubernetes.io/name", "prometheus");
        Map<String, String> postgres = Map.of("app.kubernetes.io/name", "prm-postgres");
        Map<String, String> intruder = pod("intruder");

        assertThat(production.ofKind("NetworkPolicy").stream().anyMatch(policy -> policy.at("/spec/podSelector").isEmpty()
                && texts(policy.at("/spec/policyTypes")).contains("Ingress") && policy.at("/spec/ingress").isEmpty()))
                .as("a default deny of ingress for every pod of the namespace").isTrue();
        assertThat(allowed(intruder, prm, postgres, "5432")).as("an unknown pod to something no policy names").isFalse();

        Map<String, String> gateway = deploymentPod(Repository.GATEWAY);
        assertThat(allowed(intruder, elsewhere, gateway, "http")).as("anyone to the gateway's API port").isTrue();
        assertThat(allowed(intruder, prm, gateway, "management")).as("anyone to the gateway's management port").isFalse();
        for (String service : Repository.SERVICES) {
            Map<String, String> pod = deploymentPod(service);
            assertThat(allowed(gateway, prm, pod, "http")).as("gateway to %s's API", service).isTrue();
            assertThat(allowed(gateway, prm, pod, "management")).as("gateway to %s's management port", service).isFalse();
            assertThat(allowed(intruder, prm, pod, "http")).as("another pod to %s's API", service).isFalse();
            assertThat(allowed(gateway, elsewhere, pod, "http")).as("a gateway-labelled pod of another namespace to %s", service).isFalse();
            assertThat(allowed(pod, prm, postgres, "5432")).as("%s to PostgreSQL", service).isTrue();
            assertThat(allowed(pod, prm, deploymentPod(Repository.SERVICES.get((Repository.SERVICES.indexOf(service) + 1) % 3)), "http"))
                    .as("%s to another service", service).isFalse();
        }
        assertThat(allowed(gateway, prm, postgres, "5432")).as("the gateway to PostgreSQL").isFalse();
        assertThat(allowed(intruder, prm, postgres, "5432")).as("another pod to PostgreSQL").isFalse();

        for (String module : Repository.MODULES) {
            Map<String, String> pod = deploymentPod(module);
            String scraped = scrapedPort(module);
            assertThat(allowed(prometheus, monitoring, pod, scraped)).as("Prometheus scrapes %s on port %s", module, scraped).isTrue();
            assertThat(allowed(prometheus, monitoring, pod, "management")).as("Prometheus to %s's management port", module).isTrue();
            assertThat(allowed(prometheus, elsewhere, pod, "management")).as("a prometheus-labelled pod of another namespace").isFalse();
            assertThat(allowed(intruder, monitoring, pod, "management")).as("another pod of the monitoring namespace").isFalse();
            if (!module.equals(Repository.GATEWAY) && !scraped.equals("http")) {
                assertThat(allowed(prometheus, monitoring, pod, "http")).as("once %s is scraped on its own port, Prometheus has no business on "
                        + "its API port: drop `http` from management-from-prometheus", module).isFalse();
            }
        }
    }

    // --- ACLs

    private static List<String> expectedAcls(String client) {
        List<String> acls = new ArrayList<>();
        Client row = CLIENTS.get(client);
        for (String topic : row.reads()) {
            acls.add("topic:" + topic + ":Read");
            acls.add("topic:" + topic + ":Describe");
        }
        if (!row.reads().isEmpty()) {
            acls.add("group:" + Repository.module(client).consumerGroup() + ":Read");
        }
        List<String> writes = new ArrayList<>(row.writes());
        row.reads().forEach(topic -> writes.add(Topics.deadLetter(topic)));
        for (String topic : writes) {
            acls.add("topic:" + topic + ":Write");
            acls.add("topic:" + topic + ":Describe");
        }
        return acls;
    }

    /** type:name:operation for each allowed operation; anything but a literal allow rule from any host reads with a '*'. */
    private static List<String> acls(JsonNode user) {
        List<String> acls = new ArrayList<>();
        for (JsonNode rule : user.at("/spec/authorization/acls")) {
            JsonNode resource = rule.path("resource");
            boolean plain = resource.path("patternType").asText("literal").equals("literal") && rule.path("type").asText("allow").equals("allow")
                    && rule.path("host").asText("*").equals("*") && !rule.has("operation");
            String prefix = (plain ? "" : "*") + resource.path("type").asText() + ":" + resource.path("name").asText("*") + ":";
            rule.path("operations").forEach(operation -> acls.add(prefix + operation.asText()));
        }
        return acls;
    }

    /** The classes whose constants name topics in the services' listeners: the producers' contracts. */
    private static final Map<String, Class<?>> TOPIC_CONSTANTS = Map.of("CrmTopics", CrmTopics.class, "TierEvents", TierEvents.class,
            "RegistrationEvents", RegistrationEvents.class, "CommissionEvents", CommissionEvents.class);

    private static List<String> listenerTopics(String service) {
        String packageName = service.substring(0, service.indexOf('-'));
        String source = Repository.read(Repository.ROOT.resolve(service).resolve("src/main/java/dev/prm/" + packageName + "/inbound/InboundListener.java"));
        Matcher topics = Pattern.compile("@KafkaListener\\([^)]*?topics\\s*=\\s*\\{([^}]*)}").matcher(source);
        assertThat(topics.find()).as("%s: a @KafkaListener with topics", service).isTrue();
        List<String> names = new ArrayList<>();
        for (String constant : topics.group(1).split(",")) {
            String[] owner = constant.trim().split("\\.");
            try {
                names.add((String) TOPIC_CONSTANTS.get(owner[0]).getField(owner[1]).get(null));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException(service + ": " + constant, e);
            }
        }
        return names;
    }

    // --- NetworkPolicy semantics (ingress): allowed when some policy selecting the target allows it, or none selects it

    private static boolean allowed(Map<String, String> source, Map<String, String> sourceNamespace, Map<String, String> target, String port) {
        List<JsonNode> selecting = production.ofKind("NetworkPolicy").stream()
                .filter(policy -> texts(policy.at("/spec/policyTypes")).contains("Ingress"))
                .filter(policy -> matches(policy.at("/spec/podSelector"), target)).toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (JsonNode policy : selecting) {
            for (JsonNode rule : policy.at("/spec/ingress")) {
                boolean portOk = !rule.has("ports") || rule.path("ports").isEmpty();
                for (JsonNode p : rule.path("ports")) {
                    portOk |= !p.has("port") || p.path("port").asText().equals(port);
                }
                boolean peerOk = !rule.has("from") || rule.path("from").isEmpty() || anyPeerSelects(rule.path("from"), source, sourceNamespace);
                if (portOk && peerOk) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A peer without a namespaceSelector means the policy's own namespace (prm). */
    private static boolean anyPeerSelects(JsonNode peers, Map<String, String> pod, Map<String, String> namespace) {
        for (JsonNode peer : peers) {
            assertThat(peer.has("ipBlock")).as("ipBlock peers are not modelled here: %s", peer).isFalse();
            boolean namespaceOk = peer.has("namespaceSelector") ? matches(peer.path("namespaceSelector"), namespace)
                    : "prm".equals(namespace.get("kubernetes.io/metadata.name"));
            boolean podOk = !peer.has("podSelector") || matches(peer.path("podSelector"), pod);
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(JsonNode selector, Map<String, String> labels) {
        for (Map.Entry<String, JsonNode> label : selector.path("matchLabels").properties()) {
            if (!label.getValue().asText().equals(labels.get(label.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String value = labels.get(expression.path("key").asText());
            List<String> values = texts(expression.path("values"));
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> values.contains(value);
                case "NotIn" -> !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalStateException("operator " + expression);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> deploymentPod(String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        production.named("Deployment", name).at("/spec/template/metadata/labels").properties()
                .forEach(label -> labels.put(label.getKey(), label.getValue().asText()));
        return labels;
    }

    /** The name of the container port Prometheus scrapes (the prometheus.io/port annotation). */
    private static String scrapedPort(String deployment) {
        JsonNode template = production.named("Deployment", deployment).at("/spec/template");
        String port = template.at("/metadata/annotations/prometheus.io~1port").asText();
        for (JsonNode containerPort : template.at("/spec/containers/0/ports")) {
            if (containerPort.path("containerPort").asText().equals(port)) {
                return containerPort.path("name").asText();
            }
        }
        throw new AssertionError(deployment + ": the scraped port " + port + " is no named container port");
    }

    private static Map<String, String> pod(String name) {
        return Map.of("app.kubernetes.io/name", name);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
