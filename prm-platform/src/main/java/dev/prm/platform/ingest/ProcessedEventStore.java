package dev.prm.platform.ingest;

import java.sql.Array;
import java.sql.Connection;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Event ids already applied: one query per batch to filter, one JDBC batch to record. Records refused for good
 * (dead-lettered or skipped) are recorded here too, under their position, so a batch delivered again does not
 * dead-letter them again.
 */
public class ProcessedEventStore {

    private final JdbcTemplate jdbc;

    public ProcessedEventStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Set<String> alreadyProcessed(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        List<String> found = jdbc.query(connection -> {
            // a lookup per id (lateral): "= any(?)" of a poll's thousand ids was planned as a scan of the whole table
            var statement = connection.prepareStatement("""
                    select p.event_id from unnest(?::varchar[]) as k(id)
                    cross join lateral (select event_id from processed_event where event_id = k.id) p""");
            statement.setArray(1, textArray(connection, eventIds));
            return statement;
        }, (row, i) -> row.getString(1));
        return new HashSet<>(found);
    }

    /** A concurrent consumer that recorded the same id first makes this fail, and the batch is retried. */
    public void record(List<ProcessedEvent> events) {
        jdbc.batchUpdate("insert into processed_event (event_id, topic) values (?, ?)", events, events.size(),
                (statement, event) -> {
                    statement.setString(1, event.eventId());
                    statement.setString(2, event.topic());
                });
    }

    /**
     * Messages dead-lettered or skipped, once the dead letters are acknowledged. Two consumers that both took one in
     * (a rebalance) are no conflict: the message is settled either way.
     */
    public void recordRefused(List<? extends ConsumerRecord<?, ?>> records) {
        jdbc.batchUpdate("insert into processed_event (event_id, topic) values (?, ?) on conflict (event_id) do nothing",
                records, records.size(), (statement, record) -> {
                    statement.setString(1, refusedKey(record));
                    statement.setString(2, record.topic());
                });
    }

    /**
     * The key of a refused message: its position, which a message that is not even JSON has too, and not its event id,
     * which a corrected message sent again may keep. The timestamp tells a topic created again (offsets from 0) apart.
     */
    public static String refusedKey(ConsumerRecord<?, ?> record) {
        return "refused:" + record.topic() + "-" + record.partition() + "@" + record.offset() + "/" + record.timestamp();
    }

    private static Array textArray(Connection connection, Collection<String> values) throws java.sql.SQLException {
        return connection.createArrayOf("varchar", values.toArray());
    }

    public record ProcessedEvent(String eventId, String topic) {
    }
}
