package dev.prm.platform.ingest;

import static dev.prm.testsupport.CrmEvents.dealClosed;
import static dev.prm.testsupport.CrmEvents.newId;
import static dev.prm.testsupport.CrmEvents.timePassed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.InvalidEventException;
import dev.prm.contracts.Topics;
import dev.prm.contracts.crm.CrmEvents;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.crm.DealClosed;
import dev.prm.platform.clock.BusinessTimeAdvancer;
import dev.prm.platform.clock.BusinessTimeListener;
import dev.prm.platform.clock.BusinessTimeStore;
import dev.prm.platform.clock.EventBusinessClock;
import dev.prm.testsupport.KafkaTestClient;
import dev.prm.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The ingestion contract of SPEC §4 and B1 on a real PostgreSQL and a real broker. */
class IngestionPipelineIntegrationTest {

    private static final Instant MARCH = Instant.parse("2022-03-10T00:00:00Z");

    private static JdbcTemplate jdbc;
    private static TransactionTemplate transaction;
    private static KafkaTemplate<String, byte[]> kafkaTemplate;
    private static KafkaTestClient kafka;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger rollbacks = new AtomicInteger();
    private final List<Instant[]> timeSteps = new ArrayList<>();
    private final AtomicReference<String> failOnDeal = new AtomicReference<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private EventBusinessClock clock;
    private IngestionPipeline pipeline;
    private long offset;

    @BeforeAll
    static void infrastructure() {
        String url = TestInfrastructure.postgres().createDatabase("platform_test");
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
    }

    @AfterAll
    static void close() {
        kafka.close();
        kafkaTemplate.destroy();
    }

    @BeforeEach
    void pipeline() {
        jdbc.update("truncate applied, processed_event, business_time");
        clock = new EventBusinessClock(null);
        BusinessTimeListener recorder = (previous, now) -> timeSteps.add(new Instant[] {previous, now});
        BusinessTimeAdvancer advancer = new BusinessTimeAdvancer(new BusinessTimeStore(jdbc), List.of(recorder), clock);
        InboundHandlers handlers = new InboundHandlers().on(CrmEvents.DEAL_CLOSED, DealClosed.class, (event, deal) -> {
            jdbc.update("insert into applied (event_id, deal_id) values (?, ?)", event.id(), deal.dealId());
            if (deal.dealId().equals(failOnDeal.get())) {
                throw failure.get();
            }
        });
        pipeline = new IngestionPipeline(new CloudEventCodec(), handlers, new ProcessedEventStore(jdbc),
                new DeadLetterPublisher(kafkaTemplate, "platform-test"), transaction, new IngestionMetrics(meters),
                advancer, List.of(rollbacks::incrementAndGet), BatchScope.NONE);
    }

    @Test
    void section4_valid_events_are_applied_once_duplicates_skipped_and_malformed_ones_dead_lettered() {
        String partner = "P-" + newId();
        String first = newId();
        pipeline.process(List.of(
                record(partner, dealClosed(first, partner, "D1", "100", "USD", "US", MARCH)),
                record(partner, "{not json"),
                record(partner, dealClosed(newId(), partner, "D2", "100", "USD", "US", MARCH)),
                record(partner, dealClosed(first, partner, "D1", "100", "USD", "US", MARCH))));
        // the same batch again, as after a crash before the offsets were committed
        pipeline.process(List.of(record(partner, dealClosed(first, partner, "D1", "100", "USD", "US", MARCH))));

        assertThat(jdbc.queryForList("select deal_id from applied order by deal_id", String.class)).containsExactly("D1", "D2");
        assertThat(counter("prm.events.consumed", "outcome", "duplicate")).isEqualTo(2);
        assertThat(counter("prm.events.consumed", "outcome", "applied")).isEqualTo(2);
        assertThat(counter("prm.events.dead.lettered", "reason", "NOT_JSON")).isEqualTo(1);
        var deadLetter = kafka.readUntil(Topics.deadLetter(CrmTopics.DEAL_CLOSED), r -> partner.equals(r.key()), Duration.ofSeconds(20)).getLast();
        assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(KafkaTestClient.header(deadLetter, DeadLetterPublisher.CONSUMER_GROUP)).isEqualTo("platform-test");
    }

    @Test
    void section4_an_event_rejected_while_applying_is_dead_lettered_and_the_rest_of_its_batch_still_lands() {
        String partner = "P-" + newId();
        failOnDeal.set("BAD");
        failure.set(new InvalidEventException(InvalidEventException.Reason.UNKNOWN_CURRENCY, "not in the table"));

        pipeline.process(List.of(
                record(partner, dealClosed(newId(), partner, "D1", "100", "USD", "US", MARCH)),
                record(partner, dealClosed(newId(), partner, "BAD", "100", "USD", "US", MARCH)),
                record(partner, dealClosed(newId(), partner, "D3", "100", "USD", "US", MARCH))));

        assertThat(jdbc.queryForList("select deal_id from applied order by deal_id", String.class)).containsExactly("D1", "D3");
        assertThat(rollbacks).hasValue(2); // the whole batch, then the bad event alone
        assertThat(counter("prm.events.dead.lettered", "reason", "UNKNOWN_CURRENCY")).isEqualTo(1);
        assertThat(jdbc.queryForList("select event_id from processed_event", String.class))
                .as("the applied events by id, the dead-lettered one by its position")
                .hasSize(3).filteredOn(id -> id.startsWith("refused:deal-closed-0@1/")).hasSize(1);
    }

    @Test
    void section4_a_transient_failure_is_rethrown_for_retry_and_leaves_nothing_behind() {
        String partner = "P-" + newId();
        failOnDeal.set("D2");
        failure.set(new QueryTimeoutException("database is busy"));
        List<ConsumerRecord<String, byte[]>> batch = List.of(
                record(partner, dealClosed(newId(), partner, "D1", "100", "USD", "US", MARCH)),
                record(partner, dealClosed(newId(), partner, "D2", "100", "USD", "US", MARCH)));

        assertThatThrownBy(() -> pipeline.process(batch)).isInstanceOf(QueryTimeoutException.class);
        assertThat(counter("prm.ingest.retries", "cause", "QueryTimeoutException")).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from applied", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from processed_event", Long.class)).isZero();

        failOnDeal.set(null); // the database is back: the retried batch lands whole
        pipeline.process(batch);
        assertThat(jdbc.queryForList("select deal_id from applied order by deal_id", String.class)).containsExactly("D1", "D2");
    }

    @Test
    void B1_event_mode_business_time_follows_ticks_and_never_goes_back() {
        Instant april = Instant.parse("2022-04-01T00:00:00Z");
        Instant may = Instant.parse("2022-05-01T00:00:00Z");
        pipeline.process(List.of(tick(april), tick(Instant.parse("2022-03-01T00:00:00Z")), tick(may), tick(may)));

        assertThat(clock.now()).isEqualTo(may);
        assertThat(timeSteps).extracting(step -> step[0] + ">" + step[1])
                .containsExactly("null>" + april, april + ">" + may);
        assertThat(new BusinessTimeStore(jdbc).current()).isEqualTo(may);
    }

    @Test
    void B1_an_instance_that_reads_no_ticks_takes_the_step_another_instance_stored_before_its_next_batch() {
        Instant june = Instant.parse("2022-06-01T00:00:00Z");
        new BusinessTimeStore(jdbc).save(june); // the instance that reads the business-time partition took the step
        List<Instant> seenByHandler = new ArrayList<>();
        IngestionPipeline follower = new IngestionPipeline(new CloudEventCodec(),
                new InboundHandlers().on(CrmEvents.DEAL_CLOSED, DealClosed.class, (event, deal) -> seenByHandler.add(clock.now())),
                new ProcessedEventStore(jdbc), new DeadLetterPublisher(kafkaTemplate, "platform-test"), transaction,
                new IngestionMetrics(meters), new BusinessTimeAdvancer(new BusinessTimeStore(jdbc), List.of(), clock),
                List.of(), BatchScope.NONE);

        follower.process(List.of(record("P1", dealClosed(newId(), "P1", "D1", "100", "USD", "US", MARCH))));
        follower.process(List.of(record("P1", dealClosed(newId(), "P1", "D2", "100", "USD", "US", MARCH))));

        assertThat(seenByHandler).containsExactly(june, june);
        assertThat(timeSteps).as("the step's decisions were taken by the other instance").isEmpty();
    }

    @Test
    void B1_a_step_waits_for_the_fact_transactions_under_way_on_other_instances() throws Exception {
        Instant july = Instant.parse("2022-07-01T00:00:00Z");
        new BusinessTimeStore(jdbc).save(july);
        BusinessTimeAdvancer otherInstance = new BusinessTimeAdvancer(new BusinessTimeStore(jdbc), List.of(), new EventBusinessClock(july));
        var factsUnderWay = new java.util.concurrent.CountDownLatch(1);
        var factsMayCommit = new java.util.concurrent.CountDownLatch(1);
        var twoInstances = java.util.concurrent.Executors.newFixedThreadPool(2);
        var facts = java.util.concurrent.CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
            otherInstance.catchUp();
            factsUnderWay.countDown();
            await(factsMayCommit);
        }), twoInstances);
        factsUnderWay.await();

        var step = java.util.concurrent.CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status ->
                new BusinessTimeAdvancer(new BusinessTimeStore(jdbc), List.of(), clock).advanceTo(Instant.parse("2022-08-01T00:00:00Z"))),
                twoInstances);

        Thread.sleep(500);
        assertThat(step).as("the step waits while facts are being written").isNotDone();
        factsMayCommit.countDown();
        facts.get(10, java.util.concurrent.TimeUnit.SECONDS);
        step.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(new BusinessTimeStore(jdbc).current()).isEqualTo(Instant.parse("2022-08-01T00:00:00Z"));
        twoInstances.shutdown();
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ConsumerRecord<String, byte[]> record(String key, String json) {
        return new ConsumerRecord<>(CrmTopics.DEAL_CLOSED, 0, offset++, key, json.getBytes(StandardCharsets.UTF_8));
    }

    private ConsumerRecord<String, byte[]> tick(Instant time) {
        return new ConsumerRecord<>(CrmTopics.BUSINESS_TIME, 0, offset++, "clock", timePassed(time).getBytes(StandardCharsets.UTF_8));
    }

    private double counter(String name, String tag, String value) {
        return meters.find(name).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
