package dev.prm.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * How far the services' consumer groups are behind: every partition they are assigned or have committed, its end
 * offset minus their committed offset. A group that does not exist or has no member (the service is not running)
 * is left out, so the simulator can publish to a bare broker too.
 */
final class ServiceLag implements AutoCloseable {

    static final List<String> SERVICE_GROUPS = List.of("tier-service", "registration-service", "commission-service");

    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(15);

    private final Admin admin;
    private final List<String> groups;

    /**
     * @param lagPerGroup what each running group (one with members) has still to read, in the order asked for
     * @param rebalancing a group is (re)assigning its partitions, or the broker did not answer: not caught up
     */
    record Reading(Map<String, Long> lagPerGroup, boolean rebalancing) {

        List<String> running() {
            return List.copyOf(lagPerGroup.keySet());
        }

        long lag() {
            return lagPerGroup.values().stream().mapToLong(Long::longValue).sum();
        }

        boolean caughtUp() {
            return !rebalancing && lag() == 0;
        }

        @Override
        public String toString() {
            return lagPerGroup.entrySet().stream().map(e -> "%s %,d".formatted(e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", ")) + (rebalancing ? " (rebalancing)" : "");
        }
    }

    ServiceLag(String bootstrap, List<String> groups) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "crm-simulator-lag",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000"));
        this.groups = List.copyOf(groups);
    }

    Reading read() {
        try {
            List<ConsumerGroupDescription> descriptions = new ArrayList<>();
            for (var described : admin.describeConsumerGroups(groups).describedGroups().values()) {
                try {
                    descriptions.add(described.get(10, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                    // that service never ran against this broker
                }
            }
            boolean rebalancing = false;
            // per running group: every partition it reads, with its committed offset when it has one
            Map<String, Map<TopicPartition, Long>> positions = new HashMap<>();
            for (ConsumerGroupDescription group : descriptions) {
                if (group.members().isEmpty()) {
                    continue;
                }
                rebalancing |= group.groupState() != GroupState.STABLE;
                Set<TopicPartition> partitions = new HashSet<>();
                for (MemberDescription member : group.members()) {
                    partitions.addAll(member.assignment().topicPartitions());
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, Long> groupPositions = new HashMap<>();
                partitions.forEach(partition -> groupPositions.put(partition, null));
                offsets.forEach((partition, offset) -> groupPositions.put(partition, offset == null ? null : offset.offset()));
                positions.put(group.groupId(), groupPositions);
            }
            if (positions.isEmpty()) {
                return new Reading(Map.of(), false);
            }
            Set<TopicPartition> all = new HashSet<>();
            positions.values().forEach(groupPositions -> all.addAll(groupPositions.keySet()));
            Map<TopicPartition, Long> ends = offsets(all, OffsetSpec.latest());
            Map<TopicPartition, Long> starts = offsets(all, OffsetSpec.earliest());
            Map<String, Long> lagPerGroup = new LinkedHashMap<>();
            for (String group : groups) {
                Map<TopicPartition, Long> groupPositions = positions.get(group);
                if (groupPositions == null) {
                    continue;
                }
                long lag = 0;
                for (Map.Entry<TopicPartition, Long> position : groupPositions.entrySet()) {
                    // nothing committed yet: the group starts from the earliest offset (auto-offset-reset)
                    long from = position.getValue() != null ? position.getValue() : starts.getOrDefault(position.getKey(), 0L);
                    lag += Math.max(0, ends.getOrDefault(position.getKey(), 0L) - from);
                }
                lagPerGroup.put(group, lag);
            }
            return new Reading(lagPerGroup, rebalancing);
        } catch (ExecutionException | TimeoutException e) {
            // the broker is busy or a group is being created: not caught up yet
            return new Reading(Map.of("(no answer: " + e.getMessage() + ")", 0L), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until no running group has anything left to read, and it stays so for {@code settle} (a service may
     * still publish what it decided, for another to read).
     *
     * @return how long it took until the lag reached 0 for good; empty when no service runs
     */
    Optional<Duration> awaitCaughtUp(Duration settle, Duration timeout, Consumer<Reading> progress) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long zeroSince = -1;
        long lastReport = start;
        while (true) {
            Reading reading = read();
            long now = System.nanoTime();
            if (reading.running().isEmpty()) {
                return Optional.empty();
            }
            if (reading.caughtUp()) {
                if (zeroSince < 0) {
                    zeroSince = now;
                }
                if (now - zeroSince >= settle.toNanos()) {
                    return Optional.of(Duration.ofNanos(zeroSince - start));
                }
            } else {
                zeroSince = -1;
                if (now - lastReport >= REPORT_EVERY.toNanos()) {
                    progress.accept(reading);
                    lastReport = now;
                }
            }
            if (now > deadline) {
                throw new IllegalStateException("the services did not catch up within " + timeout.toMinutes()
                        + " min (left to read: " + reading + ")");
            }
            sleep(POLL);
        }
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<TopicPartition, ListOffsetsResultInfo> answer = admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answer.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
