package dev.prm.benchmark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's lag on its topics with the AdminClient: committed offsets against end offsets. A partition
 * the group never committed on lags by everything from its first offset.
 */
final class ConsumerLag {

    private static final long TIMEOUT_SECONDS = 10;

    private final Admin admin;
    private final Map<String, List<TopicPartition>> partitions = new HashMap<>();

    ConsumerLag(Admin admin) {
        this.admin = admin;
    }

    /** Lag of one group on its topics, at one instant. */
    record Snapshot(long lag, long endOffsetSum, long committedSum) {
    }

    Snapshot snapshot(String group, Collection<String> topics) {
        List<TopicPartition> all = partitions(topics);
        Map<TopicPartition, Long> end = offsets(all, OffsetSpec.latest());
        Map<TopicPartition, Long> committed = committed(group);
        Map<TopicPartition, Long> start = committed.keySet().containsAll(all) ? Map.of() : offsets(all, OffsetSpec.earliest());
        return new Snapshot(lag(end, committed, start), end.values().stream().mapToLong(Long::longValue).sum(),
                committed.entrySet().stream().filter(e -> end.containsKey(e.getKey())).mapToLong(Map.Entry::getValue).sum());
    }

    /** Sum of end offsets over the topics (how many records they ever held). */
    long endOffsets(Collection<String> topics) {
        return offsets(partitions(topics), OffsetSpec.latest()).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Total lag: per partition, end offset minus the committed offset, or minus the first offset when nothing was
     * committed there; never negative.
     */
    static long lag(Map<TopicPartition, Long> endOffsets, Map<TopicPartition, Long> committed, Map<TopicPartition, Long> startOffsets) {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            Long from = committed.get(end.getKey());
            if (from == null) {
                from = startOffsets.getOrDefault(end.getKey(), 0L);
            }
            lag += Math.max(0, end.getValue() - from);
        }
        return lag;
    }

    private List<TopicPartition> partitions(Collection<String> topics) {
        List<TopicPartition> all = new ArrayList<>();
        List<String> unknown = topics.stream().filter(t -> !partitions.containsKey(t)).toList();
        if (!unknown.isEmpty()) {
            Set<String> existing = await(admin.listTopics().names());
            List<String> present = unknown.stream().filter(existing::contains).toList();
            Map<String, TopicDescription> described = present.isEmpty() ? Map.of() : await(admin.describeTopics(present).allTopicNames());
            described.forEach((topic, description) -> partitions.put(topic, description.partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList()));
        }
        for (String topic : topics) {
            all.addAll(partitions.getOrDefault(topic, List.of()));
        }
        return all;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> all, OffsetSpec spec) {
        if (all.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        all.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> answer = await(admin.listOffsets(request).all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answer.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private Map<TopicPartition, Long> committed(String group) {
        Map<TopicPartition, OffsetAndMetadata> answer = await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> committed = new HashMap<>();
        answer.forEach((tp, offset) -> {
            if (offset != null) {
                committed.put(tp, offset.offset());
            }
        });
        return committed;
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka admin request failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer an admin request within " + TIMEOUT_SECONDS + " s");
        }
    }
}
