package dev.prm.platform.clock;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** {@link InputPositions} from the broker: end offsets of the fact topics and the group's committed offsets. */
public class KafkaInputPositions implements InputPositions, AutoCloseable {

    private static final long TIMEOUT_SECONDS = 10;

    private final Admin admin;
    private final String group;
    private final List<String> factTopics;

    public KafkaInputPositions(Admin admin, String group, List<String> factTopics) {
        this.admin = admin;
        this.group = group;
        this.factTopics = List.copyOf(factTopics);
    }

    @Override
    public Map<TopicPartition, Long> ends() {
        if (factTopics.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(factTopics).topicNameValues().forEach((name, described) -> {
            TopicDescription topic = existing(described);
            if (topic != null) {
                topic.partitions().forEach(partition ->
                        latest.put(new TopicPartition(name, partition.partition()), OffsetSpec.latest()));
            }
        });
        if (latest.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        await(admin.listOffsets(latest).all()).forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    @Override
    public Map<TopicPartition, Long> committed() {
        Map<TopicPartition, OffsetAndMetadata> offsets = await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }

    /** A topic not created yet holds no fact. */
    private static TopicDescription existing(org.apache.kafka.common.KafkaFuture<TopicDescription> described) {
        try {
            return await(described);
        } catch (PositionsUnavailableException e) {
            if (e.getCause() instanceof ExecutionException failure && failure.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PositionsUnavailableException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PositionsUnavailableException(e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }

    /** Retriable: the ingestion transaction that needed the positions is retried, the tick is not lost. */
    static class PositionsUnavailableException extends RetriableException {
        PositionsUnavailableException(Throwable cause) {
            super("positions of the fact topics could not be read: " + cause, cause);
        }
    }
}
