package dev.prm.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ThreadLocalRandom;

import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.CannotCreateTransactionException;

import dev.prm.testsupport.TestInfrastructure;

/**
 * SPEC §4: which failures a batch is retried on (nothing lost) and which send it one by one towards the dead letters
 * (no partition stalls), from a real PostgreSQL's errors.
 */
class TransientFailuresIntegrationTest {

    private static JdbcTemplate jdbc;

    @BeforeAll
    static void database() {
        var server = TestInfrastructure.postgres();
        String url = server.createDatabase("transient_failures_test");
        jdbc = new JdbcTemplate(new DriverManagerDataSource(url, server.user(), server.password()));
        jdbc.execute("drop table if exists item");
        jdbc.execute("create table item (id int primary key, name varchar not null)");
        jdbc.execute("create index item_name on item (name)");
    }

    @Test
    void S4_a_concurrent_writer_that_inserted_the_same_key_first_is_retried() {
        jdbc.update("insert into item values (1, 'first')");
        assertThat(TransientFailures.isTransient(failureOf(() -> jdbc.update("insert into item values (1, 'again')")))).isTrue();
    }

    @Test
    void S4_a_database_that_cannot_be_reached_is_retried() throws Exception {
        int unusedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            unusedPort = socket.getLocalPort();
        }
        Throwable refused = catchThrowable(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + unusedPort + "/x", "u", "p"));
        assertThat(refused).isInstanceOf(SQLException.class);
        assertThat(TransientFailures.isTransient(refused)).isTrue();
        assertThat(TransientFailures.isTransient(new CannotCreateTransactionException("no connection", refused))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLTransientConnectionException("pool timed out"))).isTrue();
    }

    @Test
    void S4_deadlocks_serialization_failures_and_an_administrator_shutdown_are_retried() {
        assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("deadlock", "40P01")))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("could not serialize", "40001"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("terminating connection", "57P01"))).isTrue();
    }

    @Test
    void S4_axon_concurrency_and_retriable_kafka_failures_are_retried() {
        assertThat(TransientFailures.isTransient(new IllegalStateException(new ConcurrencyException("appended first")))).isTrue();
        assertThat(TransientFailures.isTransient(new org.apache.kafka.common.errors.TimeoutException("broker away"))).isTrue();
    }

    @Test
    void S4_what_a_retry_cannot_change_is_not_retried() {
        assertThat(TransientFailures.isTransient(failureOf(() -> jdbc.update("insert into item values (2, null)"))))
                .as("a null column").isFalse();
        assertThat(TransientFailures.isTransient(failureOf(() -> jdbc.execute("selec 1")))).as("bad SQL").isFalse();
        assertThat(TransientFailures.isTransient(failureOf(() -> jdbc.update(
                "insert into item values (3, 'a'), (3, 'b') on conflict (id) do update set name = excluded.name"))))
                .as("one key twice in one upsert").isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("a rule refused it"))).isFalse();
    }

    @Test
    void S4_a_row_too_large_for_its_index_is_not_retried_although_spring_files_it_as_a_resource_failure() {
        String incompressible = ThreadLocalRandom.current().ints(20_000, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        Throwable tooLarge = failureOf(() -> jdbc.update("insert into item values (4, ?)", incompressible));
        assertThat(tooLarge).hasMessageContaining("index row");
        assertThat(TransientFailures.isTransient(tooLarge)).isFalse();
    }

    private static Throwable failureOf(Runnable statement) {
        Throwable failure = catchThrowable(statement::run);
        assertThat(failure).as("the statement fails").isNotNull();
        return failure;
    }
}
