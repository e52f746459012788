package dev.prm.deploy;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * An offline schema check of rendered Kubernetes documents, with no cluster: each document is read into its
 * typed class of the fabric8 Kubernetes model (Strimzi's model for its Kafka, KafkaNodePool, KafkaTopic and KafkaUser), and fails when
 * <ul>
 * <li>its apiVersion/kind has no typed class (a typo such as apps/v2, or a kind this check does not know);</li>
 * <li>a field is unknown at any depth: fabric8 keeps those in additionalProperties instead of failing;</li>
 * <li>a value does not survive the round trip through its typed field (a string where a number belongs, a
 * field the model dropped).</li>
 * </ul>
 */
final class KubernetesSchema {

    private static final String STRIMZI_GROUP = "kafka.strimzi.io";

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    // only to list the JSON properties of model classes, the way fabric8's own mapper sees them
    private final ObjectMapper introspection = new ObjectMapper();

    KubernetesSchema() {
        for (String version : KafkaTopic.VERSIONS) {
            serialization.registerKubernetesResource(STRIMZI_GROUP + "/" + version, KafkaTopic.RESOURCE_KIND, KafkaTopic.class);
        }
        for (String version : Kafka.VERSIONS) {
            serialization.registerKubernetesResource(STRIMZI_GROUP + "/" + version, Kafka.RESOURCE_KIND, Kafka.class);
        }
        for (String version : KafkaNodePool.VERSIONS) {
            serialization.registerKubernetesResource(STRIMZI_GROUP + "/" + version, KafkaNodePool.RESOURCE_KIND, KafkaNodePool.class);
        }
        for (String version : KafkaUser.VERSIONS) {
            serialization.registerKubernetesResource(STRIMZI_GROUP + "/" + version, KafkaUser.RESOURCE_KIND, KafkaUser.class);
        }
    }

    /** The problems of one document (empty when it is valid); {@code name} prefixes each message. */
    List<String> check(String name, JsonNode document) {
        List<String> problems = new ArrayList<>();
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        if (serialization.getRegisteredKubernetesResource(apiVersion, kind) == null) {
            problems.add(name + ": no typed model for apiVersion " + apiVersion + ", kind " + kind + " (misspelled or unknown)");
            return problems;
        }
        KubernetesResource typed;
        try {
            typed = serialization.unmarshal(document.toString(), KubernetesResource.class);
        } catch (RuntimeException e) {
            problems.add(name + ": does not match the " + kind + " model: " + e.getMessage());
            return problems;
        }
        if (typed instanceof GenericKubernetesResource) {
            problems.add(name + ": read as an untyped resource; the model for " + apiVersion + " " + kind + " is missing");
            return problems;
        }
        walk(typed, name, Collections.newSetFromMap(new IdentityHashMap<>()), problems);
        JsonNode roundTrip;
        try {
            roundTrip = introspection.readTree(serialization.asJson(typed));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // Strimzi's classes write the version they were built as (v1beta2 for some); the version read is checked above
        ((com.fasterxml.jackson.databind.node.ObjectNode) roundTrip).put("apiVersion", apiVersion);
        compare(document, roundTrip, name, problems);
        return problems;
    }

    /** Any non-empty additionalProperties, at any depth, is a field the schema does not have. */
    private void walk(Object value, String path, Set<Object> seen, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                walk(item, path + "[" + index++ + "]", seen, problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> walk(item, path + "." + key, seen, problems));
            return;
        }
        if (!isModel(value.getClass()) || !seen.add(value)) {
            return;
        }
        Map<?, ?> unknown = additionalProperties(value);
        if (unknown != null && !unknown.isEmpty()) {
            problems.add(path + ": unknown field(s) " + unknown.keySet() + " for " + value.getClass().getSimpleName());
        }
        JavaType type = introspection.constructType(value.getClass());
        for (BeanPropertyDefinition property : introspection.getSerializationConfig().introspect(type).findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor == null) {
                continue;
            }
            accessor.fixAccess(true);
            walk(accessor.getValue(value), path + "." + property.getName(), seen, problems);
        }
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return name.startsWith("io.fabric8.kubernetes.api.model.") || name.startsWith("io.strimzi.api.");
    }

    private static Map<?, ?> additionalProperties(Object model) {
        try {
            Method getter = model.getClass().getMethod("getAdditionalProperties");
            return (Map<?, ?>) getter.invoke(model);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What was written must come back from the typed model unchanged (numbers written as quantities aside). */
    private static void compare(JsonNode written, JsonNode read, String path, List<String> problems) {
        if (written.isObject()) {
            if (!read.isObject()) {
                problems.add(path + ": an object is not expected here");
                return;
            }
            for (Map.Entry<String, JsonNode> field : written.properties()) {
                JsonNode value = field.getValue();
                JsonNode readValue = read.get(field.getKey());
                if (readValue == null || readValue.isNull()) {
                    if (!(value.isNull() || (value.isContainerNode() && value.isEmpty()))) {
                        problems.add(path + "." + field.getKey() + ": dropped by the model (unknown field?)");
                    }
                    continue;
                }
                compare(value, readValue, path + "." + field.getKey(), problems);
            }
        } else if (written.isArray()) {
            if (!read.isArray() || read.size() != written.size()) {
                problems.add(path + ": a list of " + written.size() + " came back as " + read);
                return;
            }
            for (int i = 0; i < written.size(); i++) {
                compare(written.get(i), read.get(i), path + "[" + i + "]", problems);
            }
        } else if (!written.equals(read)) {
            // a quantity or int-or-string written as a number reads back as its text: the API accepts both
            boolean numberAsText = written.isNumber() && read.isTextual() && read.asText().equals(written.asText());
            if (!numberAsText) {
                problems.add(path + ": " + written + " is read as " + read + " (wrong type for this field?)");
            }
        }
    }
}
