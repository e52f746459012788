package dev.prm.platform.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.prm.testsupport.TestInfrastructure;

/** A projection's writes on a real PostgreSQL: sent at the batch's commit, in the stream's order, the same rows as one by one. */
class BatchedWritesIntegrationTest {

    private static final String UPSERT = """
            insert into view (id, state) values (?, ?) on conflict (id) do update set state = excluded.state""";
    private static final String APPEND_STATE = "update view set state = state || ? where id = ?";
    private static final String SEEN = "insert into seen (id) values (?) on conflict do nothing";

    private static JdbcTemplate jdbc;

    @BeforeAll
    static void database() {
        String url = TestInfrastructure.postgres().createDatabase("batched_writes_test");
        var server = TestInfrastructure.postgres();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(url, server.user(), server.password()));
        jdbc.execute("create table if not exists view (id varchar primary key, state varchar not null)");
        jdbc.execute("create table if not exists seen (id varchar primary key)");
    }

    @BeforeEach
    void empty() {
        jdbc.execute("truncate view, seen");
    }

    @Test
    void statements_keep_the_streams_order_and_reach_the_database_when_the_batch_commits() {
        BatchedWrites writes = new BatchedWrites(jdbc, "test");
        var batch = DefaultUnitOfWork.startAndGet(new GenericMessage<>("batch"));
        writes.update(UPSERT, "a", "1");
        writes.once(SEEN, "a");
        writes.update(APPEND_STATE, "2", "a");
        writes.update(APPEND_STATE, "3", "a");
        writes.update(UPSERT, "b", "x");
        writes.once(SEEN, "a");
        writes.update(UPSERT, "a", "4"); // a later upsert of one key wins, as one by one
        writes.update(APPEND_STATE, "5", "a");

        assertThat(count("view")).as("nothing before the commit").isZero();
        batch.commit();

        assertThat(jdbc.queryForObject("select state from view where id = 'a'", String.class)).isEqualTo("45");
        assertThat(jdbc.queryForObject("select state from view where id = 'b'", String.class)).isEqualTo("x");
        assertThat(jdbc.queryForList("select id from seen", String.class)).containsExactly("a");
    }

    @Test
    void a_flush_sends_what_is_pending_before_a_read_and_outside_a_batch_each_write_goes_at_once() {
        BatchedWrites writes = new BatchedWrites(jdbc, "test");
        writes.update(UPSERT, "c", "1");
        assertThat(count("view")).isEqualTo(1);

        AtomicInteger seenBeforeCommit = new AtomicInteger();
        var batch = DefaultUnitOfWork.startAndGet(new GenericMessage<>("batch"));
        writes.update(UPSERT, "d", "1");
        writes.flush();
        seenBeforeCommit.set(count("view"));
        writes.update(APPEND_STATE, "2", "d");
        batch.commit();

        assertThat(seenBeforeCommit).hasValue(2);
        assertThat(jdbc.queryForList("select state from view order by id", String.class)).isEqualTo(List.of("1", "12"));
    }

    private static int count(String table) {
        Integer rows = jdbc.queryForObject("select count(*) from " + table, Integer.class);
        return rows == null ? 0 : rows;
    }
}
