package dev.prm.platform.ingest;

import java.sql.Array;
import java.sql.Connection;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

/** Event ids already applied: one query per batch to filter, one JDBC batch to record. */
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
            var statement = connection.prepareStatement("select event_id from processed_event where event_id = any(?)");
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

    private static Array textArray(Connection connection, Collection<String> values) throws java.sql.SQLException {
        return connection.createArrayOf("varchar", values.toArray());
    }

    public record ProcessedEvent(String eventId, String topic) {
    }
}
