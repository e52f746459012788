package dev.prm.platform.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.prm.testsupport.TestInfrastructure;

/** The version check against a real event store: one query for a transaction's aggregates, asked again after it. */
class AggregateVersionCheckIntegrationTest {

    private static JdbcTemplate jdbc;
    private static TransactionTemplate transaction;

    @BeforeAll
    static void eventStore() {
        String url = TestInfrastructure.postgres().createDatabase("version_check_test");
        var server = TestInfrastructure.postgres();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, server.user(), server.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/platform").cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/platform").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Test
    void the_stored_versions_of_several_aggregates_come_in_one_query_and_hold_for_the_transaction_only() {
        String a = "A-" + UUID.randomUUID();
        String b = "B-" + UUID.randomUUID();
        String never = "N-" + UUID.randomUUID();
        append(a, 0);
        append(a, 1);
        append(a, 2);
        append(b, 0);
        List<String> queried = new java.util.ArrayList<>();
        AggregateVersionCheck.StoredVersions store = AggregateVersionCheck.against(jdbc).storedVersions();
        AggregateVersionCheck check = new AggregateVersionCheck(new AggregateVersionCheck.StoredVersions() {
            @Override
            public long latest(String aggregateId) {
                queried.add(aggregateId);
                return store.latest(aggregateId);
            }

            @Override
            public java.util.Map<String, Long> latest(java.util.Collection<String> aggregateIds) {
                return store.latest(aggregateIds);
            }
        }, entry -> (Long) entry);

        assertThat(store.latest(List.of(a, b, never))).containsEntry(a, 2L).containsEntry(b, 0L).containsEntry(never, -1L);
        transaction.executeWithoutResult(status -> {
            check.prefetch(List.of(a, b));
            append(a, 3); // another writer, after the prefetch: this transaction's own append would collide instead
            assertThat(check.isCurrent(a, 2L)).isTrue();
            assertThat(check.isCurrent(b, 0L)).isTrue();
        });
        assertThat(queried).as("no lookup one by one inside the transaction").isEmpty();

        transaction.executeWithoutResult(status -> assertThat(check.isCurrent(a, 2L)).as("asked again").isFalse());
        assertThat(queried).containsExactly(a);
    }

    private static void append(String aggregate, long sequence) {
        jdbc.update("""
                insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, payload, payloadtype, timestamp)
                values (?, ?, 'Test', ?, '{}'::bytea, 'Test', '2024-01-01T00:00:00Z')""", aggregate, sequence, UUID.randomUUID().toString());
    }
}
