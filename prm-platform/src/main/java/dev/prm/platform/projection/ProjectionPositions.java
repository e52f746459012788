package dev.prm.platform.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How far each tracking processor of this service has read its event store, across every instance: read from
 * the token table itself, because a processor only knows the segments its own instance has claimed.
 */
public class ProjectionPositions {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    public ProjectionPositions(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** The global index of the newest stored event; -1 when the store is empty. */
    public long head() {
        Long head = jdbc.queryForObject("select coalesce(max(globalindex), -1) from domainevententry", Long.class);
        return head == null ? -1 : head;
    }

    /** Per processor, the lowest position over its segments (-1 for a segment that has read nothing yet). */
    public Map<String, Long> positions() {
        Map<String, Long> lowest = new TreeMap<>();
        jdbc.query("select processorname, token, tokentype from tokenentry", row -> {
            long position = position(row.getBytes("token"), row.getString("tokentype"));
            lowest.merge(row.getString("processorname"), position, Math::min);
        });
        return lowest;
    }

    public Status status() {
        long head = head();
        List<ProcessorStatus> processors = new ArrayList<>();
        positions().forEach((name, position) -> processors.add(new ProcessorStatus(name, position, Math.max(0, head - position))));
        return new Status(head, processors);
    }

    private long position(byte[] token, String tokenType) {
        if (token == null || tokenType == null) {
            return -1;
        }
        TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, tokenType, null));
        OptionalLong position = tracking == null ? OptionalLong.empty() : tracking.position();
        return position.orElse(-1);
    }

    /** {@code behind} counts global-index positions, so it may overstate by the gaps that rolled-back writes left. */
    public record ProcessorStatus(String name, long position, long behind) {
    }

    public record Status(long head, List<ProcessorStatus> processors) {
    }
}
