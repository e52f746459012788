package dev.prm.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the services published on their outbound topics, as a consumer that de-duplicates by CloudEvent id sees it:
 * per topic, each distinct id with its type and data. Ids are the services' stored events' ids, so two runs have
 * different ids for the same decision; runs are compared by how many distinct ids carry each type and data.
 *
 * @param events    topic → id → "type data"
 * @param records   topic → records read (a re-publication with the same id is one more record)
 * @param conflicts ids published with different contents (never right)
 */
record OutboundEvents(Map<String, Map<String, String>> events, Map<String, Integer> records, List<String> conflicts) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static OutboundEvents read(String bootstrap, List<String> topics) {
        Map<String, List<byte[]>> values = new LinkedHashMap<>();
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : topics) {
                values.put(topic, readAll(consumer, topic).stream().map(ConsumerRecord::value).toList());
            }
        }
        return of(values);
    }

    /** From each topic's record values (CloudEvents in structured JSON), in the order read. */
    static OutboundEvents of(Map<String, List<byte[]>> values) {
        Map<String, Map<String, String>> events = new LinkedHashMap<>();
        Map<String, Integer> records = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        values.forEach((topic, list) -> {
            Map<String, String> byId = new TreeMap<>();
            for (byte[] value : list) {
                JsonNode event = JSON.readTree(value);
                String id = event.get("id").stringValue();
                String content = event.get("type").stringValue() + " " + event.get("data");
                String earlier = byId.putIfAbsent(id, content);
                if (earlier != null && !earlier.equals(content)) {
                    conflicts.add(topic + " id " + id + ": " + earlier + " | " + content);
                }
            }
            events.put(topic, byId);
            records.put(topic, list.size());
        });
        return new OutboundEvents(events, records, conflicts);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes");
            }
            consumer.poll(Duration.ofMillis(500)).forEach(all::add);
        }
        return all;
    }

    /** Distinct ids per "type data" of a topic. */
    Map<String, Integer> contents(String topic) {
        Map<String, Integer> counts = new TreeMap<>();
        events.get(topic).values().forEach(content -> counts.merge(content, 1, Integer::sum));
        return counts;
    }

    int distinctIds(String topic) {
        return events.get(topic).size();
    }

    /**
     * Each type and data whose number of distinct ids differs between the runs, as "topic: ×n fault-free, ×m with
     * faults: type data"; at most {@code limit} lines per topic.
     */
    static List<String> differences(OutboundEvents faultFree, OutboundEvents faulted, int limit) {
        List<String> lines = new ArrayList<>();
        for (String topic : faultFree.events.keySet()) {
            Map<String, Integer> expected = faultFree.contents(topic);
            Map<String, Integer> actual = faulted.contents(topic);
            Map<String, int[]> differing = new TreeMap<>();
            expected.forEach((content, n) -> differing.put(content, new int[] {n, actual.getOrDefault(content, 0)}));
            actual.forEach((content, n) -> differing.computeIfAbsent(content, c -> new int[] {0, n}));
            differing.values().removeIf(counts -> counts[0] == counts[1]);
            int shown = 0;
            for (Map.Entry<String, int[]> entry : differing.entrySet()) {
                if (shown++ == limit) {
                    lines.add(topic + ": ... and " + (differing.size() - limit) + " more");
                    break;
                }
                lines.add("%s: ×%d fault-free, ×%d with faults: %s".formatted(topic, entry.getValue()[0], entry.getValue()[1],
                        abbreviate(entry.getKey(), 400)));
            }
        }
        return lines;
    }

    /** Per topic: records, distinct ids, ids published more than once. */
    String summary() {
        StringBuilder text = new StringBuilder();
        for (String topic : events.keySet()) {
            Map<String, Integer> perType = new HashMap<>();
            events.get(topic).values().forEach(content -> perType.merge(content.substring(0, content.indexOf(' ')), 1, Integer::sum));
            text.append("  %-20s %5d records, %5d distinct ids %s%n".formatted(topic, records.get(topic), distinctIds(topic),
                    new TreeMap<>(perType)));
        }
        return text.toString();
    }

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
    }
}
