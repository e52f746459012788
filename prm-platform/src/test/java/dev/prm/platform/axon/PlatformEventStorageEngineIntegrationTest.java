package dev.prm.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.prm.platform.metrics.StageCpu;
import dev.prm.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The services' event store on a real PostgreSQL: snapshots are not looked up unless a service takes them. */
class PlatformEventStorageEngineIntegrationTest {

    private static DriverManagerDataSource dataSource;

    @BeforeAll
    static void eventStore() {
        String url = TestInfrastructure.postgres().createDatabase("storage_engine_test");
        var server = TestInfrastructure.postgres();
        dataSource = new DriverManagerDataSource(url, server.user(), server.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/platform").cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/platform").load().migrate();
    }

    @Test
    void a_snapshot_is_read_only_when_the_service_takes_snapshots_and_appends_count_inside_a_stage() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StageCpu stages = new StageCpu(registry);
        PlatformEventStorageEngine withoutSnapshots = engine(stages, false);
        PlatformEventStorageEngine withSnapshots = engine(stages, true);
        GenericDomainEventMessage<String> event = new GenericDomainEventMessage<>("Claim", "example.com", 0, "claimed");

        stages.measure(StageCpu.Stage.DECIDE, () -> withoutSnapshots.appendEvents(List.of(event)));
        withSnapshots.storeSnapshot(new GenericDomainEventMessage<>("Claim", "example.com", 0, "state at 0"));

        assertThat(withSnapshots.readSnapshot("example.com")).isPresent();
        assertThat(withoutSnapshots.readSnapshot("example.com")).isEmpty();
        assertThat(withoutSnapshots.readEvents("example.com").asStream().map(message -> (Object) message.getPayload()).toList())
                .containsExactly("claimed");
        assertThat(registry.get("prm.ingest.cpu").tag("stage", "append").functionCounter().count()).isPositive();
        java.lang.ref.Reference.reachabilityFence(stages); // its counters are held weakly by the meters
    }

    private static PlatformEventStorageEngine engine(StageCpu stages, boolean snapshots) {
        ConnectionProvider connections = dataSource::getConnection;
        return new PlatformEventStorageEngine(JdbcEventStorageEngine.builder()
                .eventSerializer(Jackson3Serializer.builder().build())
                .snapshotSerializer(Jackson3Serializer.builder().build())
                .connectionProvider(connections)
                .transactionManager(NoTransactionManager.INSTANCE)
                .schema(new EventSchema()), stages, snapshots);
    }
}
