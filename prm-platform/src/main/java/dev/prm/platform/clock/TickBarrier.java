package dev.prm.platform.clock;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SPEC B3: a tick takes effect only after every fact published before it has been taken in, whatever the order in
 * which the consumer interleaves topics and partitions. The CRM publishes a tick after the facts dated before it, so
 * every such fact is below the end offsets of the fact topics at the moment the tick is read. The tick is kept with
 * those offsets (its barrier) and takes effect once the service's consumer group has committed past all of them:
 * committed offsets follow the transactions that applied the records, on every instance of the service.
 * <p>
 * The barrier may also cover facts published after the tick; waiting for them costs latency, not correctness (a
 * decision at T counts no fact dated after T). Ticks take effect in time order.
 */
public class TickBarrier {

    private final JdbcTemplate jdbc;
    private final InputPositions positions;
    private final List<TickPrecondition> preconditions;

    public TickBarrier(JdbcTemplate jdbc, InputPositions positions) {
        this(jdbc, positions, List.of());
    }

    /** @param preconditions what else a tick waits for, e.g. another service's decisions at the same time */
    public TickBarrier(JdbcTemplate jdbc, InputPositions positions, List<TickPrecondition> preconditions) {
        this.jdbc = jdbc;
        this.positions = positions;
        this.preconditions = List.copyOf(preconditions);
    }

    /** In the transaction that takes the tick in: it is kept, with its barrier, until {@link #nextDue} releases it. */
    public void hold(Instant tick) {
        jdbc.update("insert into pending_tick (tick_time, barrier) values (?, ?) on conflict (tick_time) do nothing",
                Timestamp.from(tick), encode(positions.ends()));
    }

    /** The earliest pending tick, if the consumer group has taken in everything before its barrier. */
    public Optional<Instant> nextDue() {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select tick_time, barrier from pending_tick order by tick_time limit 1");
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Instant tick = ((Timestamp) rows.getFirst().get("tick_time")).toInstant();
        Map<TopicPartition, Long> barrier = decode((String) rows.getFirst().get("barrier"));
        boolean ready = preconditions.stream().allMatch(precondition -> precondition.satisfiedFor(tick))
                && passed(barrier, positions.committed());
        return ready ? Optional.of(tick) : Optional.empty();
    }

    /** Inside the releasing transaction: whether this caller took the tick (another instance may have). */
    public boolean take(Instant tick) {
        return jdbc.update("delete from pending_tick where tick_time = ?", Timestamp.from(tick)) == 1;
    }

    public int pending() {
        Integer count = jdbc.queryForObject("select count(*) from pending_tick", Integer.class);
        return count == null ? 0 : count;
    }

    static boolean passed(Map<TopicPartition, Long> barrier, Map<TopicPartition, Long> committed) {
        for (Map.Entry<TopicPartition, Long> end : barrier.entrySet()) {
            if (end.getValue() > 0 && committed.getOrDefault(end.getKey(), 0L) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    static String encode(Map<TopicPartition, Long> offsets) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(toText(offsets)).forEach((partition, offset) -> {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(partition).append('=').append(offset);
        });
        return text.toString();
    }

    static Map<TopicPartition, Long> decode(String text) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        if (text.isBlank()) {
            return offsets;
        }
        for (String entry : text.split(",")) {
            int equals = entry.lastIndexOf('=');
            int colon = entry.lastIndexOf(':', equals);
            offsets.put(new TopicPartition(entry.substring(0, colon), Integer.parseInt(entry.substring(colon + 1, equals))),
                    Long.parseLong(entry.substring(equals + 1)));
        }
        return offsets;
    }

    private static Map<String, Long> toText(Map<TopicPartition, Long> offsets) {
        Map<String, Long> text = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> text.put(partition.topic() + ":" + partition.partition(), offset));
        return text;
    }
}
