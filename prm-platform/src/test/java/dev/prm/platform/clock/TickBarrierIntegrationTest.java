package dev.prm.platform.clock;

import static dev.prm.testsupport.CrmEvents.dealClosed;
import static dev.prm.testsupport.CrmEvents.newId;
import static dev.prm.testsupport.CrmEvents.timePassed;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.crm.CrmEvents;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.crm.DealClosed;
import dev.prm.platform.ingest.BatchScope;
import dev.prm.platform.ingest.DeadLetterPublisher;
import dev.prm.platform.ingest.InboundHandlers;
import dev.prm.platform.ingest.IngestionMetrics;
import dev.prm.platform.ingest.IngestionPipeline;
import dev.prm.platform.ingest.ProcessedEventStore;
import dev.prm.testsupport.KafkaTestClient;
import dev.prm.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * SPEC B3 on a real broker and a real PostgreSQL: a tick read before the facts published ahead of it (another topic,
 * another partition, read later by the consumer) is held until the consumer group has taken them in.
 */
class TickBarrierIntegrationTest {

    private static final Instant FEB_10 = Instant.parse("2022-02-10T00:00:00Z");
    private static final Instant MARCH_1 = Instant.parse("2022-03-01T00:00:00Z");
    private static final Instant APRIL_1 = Instant.parse("2022-04-01T00:00:00Z");

    private static JdbcTemplate jdbc;
    private static TransactionTemplate transaction;
    private static KafkaTemplate<String, byte[]> kafkaTemplate;
    private static KafkaTestClient kafka;
    private static Admin admin;

    private final List<String> appliedAtSteps = new ArrayList<>();
    private final List<Instant> steps = new ArrayList<>();
    private String group;
    private KafkaInputPositions positions;
    private TickReleaser releaser;
    private IngestionPipeline pipeline;
    private final Map<TopicPartition, Long> taken = new HashMap<>();

    @BeforeAll
    static void infrastructure() {
        String url = TestInfrastructure.postgres().createDatabase("platform_barrier_test");
        var server = TestInfrastructure.postgres();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, server.user(), server.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/platform").cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/platform").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("create table if not exists applied (event_id varchar primary key, deal_id varchar not null)");
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        kafkaTemplate = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                "bootstrap.servers", TestInfrastructure.kafkaBootstrapServers(),
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class,
                "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class)));
        kafka = new KafkaTestClient(TestInfrastructure.kafkaBootstrapServers());
        admin = Admin.create(Map.of("bootstrap.servers", TestInfrastructure.kafkaBootstrapServers()));
    }

    @AfterAll
    static void close() {
        kafka.close();
        kafkaTemplate.destroy();
        admin.close();
    }

    @BeforeEach
    void service() {
        jdbc.update("truncate applied, processed_event, business_time, pending_tick");
        group = "barrier-test-" + newId();
        positions = new KafkaInputPositions(Admin.create(Map.of("bootstrap.servers", TestInfrastructure.kafkaBootstrapServers())),
                group, List.of(CrmTopics.DEAL_CLOSED));
        TickBarrier barrier = new TickBarrier(jdbc, positions);
        BusinessTimeListener step = (previous, now) -> {
            steps.add(now);
            appliedAtSteps.add(now + " " + jdbc.queryForList("select deal_id from applied order by deal_id", String.class));
        };
        BusinessTimeAdvancer advancer = new BusinessTimeAdvancer(new BusinessTimeStore(jdbc), List.of(step),
                new EventBusinessClock(null), barrier);
        InboundHandlers handlers = new InboundHandlers().on(CrmEvents.DEAL_CLOSED, DealClosed.class, (event, deal) ->
                jdbc.update("insert into applied (event_id, deal_id) values (?, ?)", event.id(), deal.dealId()));
        pipeline = new IngestionPipeline(new CloudEventCodec(), handlers, new ProcessedEventStore(jdbc),
                new DeadLetterPublisher(kafkaTemplate, group), transaction, new IngestionMetrics(new SimpleMeterRegistry()),
                advancer, List.of(), BatchScope.NONE);
        releaser = new TickReleaser(barrier, advancer, transaction, Duration.ofMillis(100), () -> { }, List.of());
        // whatever earlier tests left on the topic was taken in by this group before the history below
        commit(positions.ends());
    }

    @Test
    void B3_a_tick_read_before_the_facts_published_ahead_of_it_takes_effect_only_once_they_are_taken_in() throws Exception {
        String partner = "P-" + newId();
        ConsumerRecord<String, byte[]> first = publish(partner, dealClosed(newId(), partner, "D1", "100", "USD", "US", FEB_10));
        ConsumerRecord<String, byte[]> second = publish(partner, dealClosed(newId(), partner, "D2", "100", "USD", "US", FEB_10));

        pipeline.process(List.of(tick(MARCH_1))); // the consumer happened to read business-time first
        assertThat(releaser.releaseDue()).isZero();
        assertThat(steps).as("held: the facts before it are not in").isEmpty();

        pipeline.process(List.of(first));
        committed(first);
        assertThat(releaser.releaseDue()).as("one fact still out").isZero();

        pipeline.process(List.of(second));
        committed(second);
        assertThat(releaser.releaseDue()).isEqualTo(1);
        assertThat(appliedAtSteps).containsExactly(MARCH_1 + " [D1, D2]");
        assertThat(new BusinessTimeStore(jdbc).current()).isEqualTo(MARCH_1);
    }

    @Test
    void B3_held_ticks_take_effect_in_time_order_once_and_a_tick_not_after_business_time_is_ignored() throws Exception {
        String partner = "P-" + newId();
        ConsumerRecord<String, byte[]> fact = publish(partner, dealClosed(newId(), partner, "D1", "100", "USD", "US", FEB_10));
        pipeline.process(List.of(tick(MARCH_1), tick(APRIL_1)));
        pipeline.process(List.of(fact));
        committed(fact);

        assertThat(releaser.releaseDue()).isEqualTo(2);
        assertThat(releaser.releaseDue()).isZero();
        assertThat(steps).containsExactly(MARCH_1, APRIL_1);

        pipeline.process(List.of(tick(MARCH_1.plusSeconds(60))));
        assertThat(jdbc.queryForObject("select count(*) from pending_tick", Integer.class)).isZero();
    }

    @Test
    void B3_a_tick_with_nothing_ahead_of_it_takes_effect_from_the_releasers_own_thread() throws Exception {
        releaser.start();
        try {
            pipeline.process(List.of(tick(MARCH_1)));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (steps.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(steps).containsExactly(MARCH_1);
        } finally {
            releaser.stop();
        }
    }

    @Test
    void B3_a_tick_also_waits_for_its_preconditions_such_as_another_services_decisions_at_that_time() {
        java.util.concurrent.atomic.AtomicBoolean tierDecided = new java.util.concurrent.atomic.AtomicBoolean();
        TickBarrier barrier = new TickBarrier(jdbc, positions, List.of(tick -> tierDecided.get()));
        BusinessTimeAdvancer advancer = new BusinessTimeAdvancer(new BusinessTimeStore(jdbc),
                List.of((previous, now) -> steps.add(now)), new EventBusinessClock(null), barrier);
        TickReleaser waiting = new TickReleaser(barrier, advancer, transaction, Duration.ofMillis(100), () -> { }, List.of());
        transaction.executeWithoutResult(status -> advancer.tickRead(MARCH_1));

        assertThat(waiting.releaseDue()).isZero();
        tierDecided.set(true);
        assertThat(waiting.releaseDue()).isEqualTo(1);
        assertThat(steps).containsExactly(MARCH_1);
    }

    @Test
    void a_barrier_is_passed_when_every_partition_with_records_is_committed_up_to_its_end() {
        TopicPartition p0 = new TopicPartition(CrmTopics.DEAL_CLOSED, 0);
        TopicPartition p1 = new TopicPartition(CrmTopics.DEAL_CLOSED, 1);
        Map<TopicPartition, Long> barrier = TickBarrier.decode(TickBarrier.encode(Map.of(p0, 5L, p1, 0L)));
        assertThat(barrier).containsEntry(p0, 5L).containsEntry(p1, 0L);
        assertThat(TickBarrier.passed(barrier, Map.of(p0, 5L))).isTrue();
        assertThat(TickBarrier.passed(barrier, Map.of(p0, 4L, p1, 9L))).isFalse();
        assertThat(TickBarrier.passed(barrier, Map.of())).isFalse();
        assertThat(TickBarrier.decode(TickBarrier.encode(Map.of()))).isEmpty();
    }

    private ConsumerRecord<String, byte[]> publish(String key, String json) throws Exception {
        var sent = kafkaTemplate.send(CrmTopics.DEAL_CLOSED, key, json.getBytes(StandardCharsets.UTF_8)).get();
        var metadata = sent.getRecordMetadata();
        return new ConsumerRecord<>(CrmTopics.DEAL_CLOSED, metadata.partition(), metadata.offset(), key,
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** What the listener container does after a batch: commits the next offset of what it took in. */
    private void committed(ConsumerRecord<String, byte[]> record) {
        taken.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        commit(taken);
    }

    private void commit(Map<TopicPartition, Long> offsets) {
        taken.putAll(offsets);
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        taken.forEach((partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
        try {
            admin.alterConsumerGroupOffsets(group, commits).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConsumerRecord<String, byte[]> tick(Instant time) {
        return new ConsumerRecord<>(CrmTopics.BUSINESS_TIME, 0, 0, "tick", timePassed(time).getBytes(StandardCharsets.UTF_8));
    }
}
