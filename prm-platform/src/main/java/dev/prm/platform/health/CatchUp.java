package dev.prm.platform.health;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * Whether a service has taken in everything on its topics and carried it through: consumer lag alone is not enough,
 * because projections and publishers read the event store after the consumers, and ticks may wait (SPEC B3).
 *
 * @param consumerLag      records on the input topics the consumer group has not committed past
 * @param processorsBehind stored events each event processor (projections, publishers, timers) has still to handle
 * @param pendingTicks     ticks read and waiting for the facts published before them
 */
public record CatchUp(long consumerLag, Map<String, Long> processorsBehind, long pendingTicks) {

    public boolean caughtUp() {
        return consumerLag == 0 && pendingTicks == 0 && processorsBehind.values().stream().allMatch(behind -> behind == 0);
    }

    /** Lag per partition: the end offset minus the next offset the group will read, 0 where nothing was committed yet and the partition is empty. */
    public static long lag(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> committed) {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            lag += Math.max(0, end.getValue() - committed.getOrDefault(end.getKey(), 0L));
        }
        return lag;
    }
}
