package dev.prm.platform.projection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A projection's writes of one processing batch, sent when the batch commits: statements keep the stream's order, and
 * each run of consecutive statements with the same SQL goes as one JDBC batch instead of a round trip per event. For
 * projections whose handlers only write; one that reads its own rows calls {@link #flush()} first. Outside a unit of work (never in a processor) a statement is sent at once.
 */
public final class BatchedWrites {

    private final JdbcTemplate jdbc;
    private final String resource;

    /** @param name tells two projections' pending writes apart within a batch */
    public BatchedWrites(JdbcTemplate jdbc, String name) {
        this.jdbc = jdbc;
        this.resource = BatchedWrites.class.getName() + "." + name;
    }

    /** A statement in the stream's order. */
    public void update(String sql, Object... args) {
        add(new Statement(sql, args), false);
    }

    /**
     * A statement that commutes with every other write of the projection and is idempotent (an insert that does nothing
     * on conflict, e.g. "this partner exists"): sent once per batch, before the ordered ones.
     */
    public void once(String sql, Object... args) {
        add(new Statement(sql, args), true);
    }

    private void add(Statement statement, boolean once) {
        Pending pending = pending();
        if (pending == null) {
            jdbc.update(statement.sql(), statement.args());
        } else if (once) {
            pending.once.add(statement);
        } else {
            pending.ordered.add(statement);
        }
    }

    /** Sends what is pending now (before a read of the projection's own rows, or a reset). */
    public void flush() {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        Pending pending = CurrentUnitOfWork.get().root().getResource(resource);
        if (pending != null) {
            pending.send(jdbc);
        }
    }

    private Pending pending() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(resource, key -> {
            Pending pending = new Pending();
            batch.onPrepareCommit(done -> pending.send(jdbc));
            return pending;
        });
    }

    private record Statement(String sql, Object[] args) {

        /** Same SQL and same arguments: the dedup key of {@link #once}. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Statement that && sql.equals(that.sql) && Arrays.equals(args, that.args);
        }

        @Override
        public int hashCode() {
            return 31 * sql.hashCode() + Arrays.hashCode(args);
        }
    }

    private static final class Pending {
        private final Set<Statement> once = new LinkedHashSet<>();
        private final List<Statement> ordered = new ArrayList<>();

        void send(JdbcTemplate jdbc) {
            sendRuns(jdbc, new ArrayList<>(once));
            sendRuns(jdbc, ordered);
            once.clear();
            ordered.clear();
        }

        private static void sendRuns(JdbcTemplate jdbc, List<Statement> statements) {
            int from = 0;
            while (from < statements.size()) {
                String sql = statements.get(from).sql();
                int to = from + 1;
                while (to < statements.size() && statements.get(to).sql().equals(sql)) {
                    to++;
                }
                if (to - from == 1) {
                    jdbc.update(sql, statements.get(from).args());
                } else {
                    jdbc.batchUpdate(sql, statements.subList(from, to).stream().map(Statement::args).toList());
                }
                from = to;
            }
        }
    }
}
