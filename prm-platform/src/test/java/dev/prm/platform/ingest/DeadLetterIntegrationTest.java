package dev.prm.platform.ingest;

import static dev.prm.testsupport.CrmEvents.accountManaged;
import static dev.prm.testsupport.CrmEvents.cloudEvent;
import static dev.prm.testsupport.CrmEvents.dealClosed;
import static dev.prm.testsupport.CrmEvents.newId;
import static dev.prm.testsupport.CrmEvents.partnerEnrolled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.EventType;
import dev.prm.contracts.InvalidEventException;
import dev.prm.contracts.Tier;
import dev.prm.contracts.Topics;
import dev.prm.contracts.crm.CrmEvents;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.crm.DealClosed;
import dev.prm.contracts.registration.DomainRegistered;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.contracts.tier.Points;
import dev.prm.contracts.tier.TierChangeReason;
import dev.prm.contracts.tier.TierChanged;
import dev.prm.contracts.tier.TierEvents;
import dev.prm.platform.clock.BusinessTimeAdvancer;
import dev.prm.platform.clock.BusinessTimeStore;
import dev.prm.platform.clock.EventBusinessClock;
import dev.prm.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * SPEC §4, "a partition never stalls; a dead letter is written once", on a real broker and a real PostgreSQL, consumed
 * as the services consume: a batch listener whose failures the container retries with back-off, without limit.
 */
class DeadLetterIntegrationTest {

    private static final Instant MARCH = Instant.parse("2022-03-10T00:00:00Z");
    private static final int ONE_MB = 1_000_000;
    private static final int HEADER_BOUND = 512;
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** Every topic a service reads: the CRM's (SPEC §2) and the decisions other services publish (§3). */
    private static final List<String> READ_BY_SERVICES = List.of(CrmTopics.PARTNERS, CrmTopics.DEAL_CLOSED, CrmTopics.ACCOUNT_MANAGED,
            CrmTopics.DOMAIN_REGISTRATION, CrmTopics.BUSINESS_TIME, TierEvents.TOPIC, RegistrationEvents.TOPIC);

    private static String bootstrap;
    private static JdbcTemplate jdbc;
    private static TransactionTemplate transaction;
    private static KafkaProducer<String, byte[]> crm;
    private static Admin admin;
    private static DefaultKafkaProducerFactory<String, byte[]> producers;

    private final CloudEventCodec codec = new CloudEventCodec();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String group = "s4-" + newId();
    private final AtomicInteger transientFailuresToThrow = new AtomicInteger();
    private final List<KafkaMessageListenerContainer<String, byte[]>> containers = new ArrayList<>();
    private final List<DefaultKafkaProducerFactory<String, byte[]>> ownProducers = new ArrayList<>();
    private final List<DeadLetterPublisher> publishers = new ArrayList<>();
    private EventBusinessClock clock;

    @BeforeAll
    static void infrastructure() throws Exception {
        bootstrap = TestInfrastructure.kafkaBootstrapServers();
        var server = TestInfrastructure.postgres();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(server.createDatabase("platform_dlt_test"),
                server.user(), server.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/platform").cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/platform").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("create table if not exists applied (event_id varchar primary key, topic varchar not null)");
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        // the CRM's producer may send a ~1 MB message: above the 1 MiB default request size once batched with others
        crm = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024), new StringSerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        createTopics();
    }

    /** The topics as a service creates them (dead-letter topics with the platform's size limit), on the shared broker. */
    private static void createTopics() throws Exception {
        Map<String, String> deadLetterConfig = DeadLetterPublisher.topicConfig();
        for (String topic : READ_BY_SERVICES) {
            create(new NewTopic(topic, TestInfrastructure.PARTITIONS, (short) 1));
            create(new NewTopic(Topics.deadLetter(topic), TestInfrastructure.PARTITIONS, (short) 1).configs(deadLetterConfig));
            // another test class may have created it first, with the broker's defaults
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.deadLetter(topic));
            admin.incrementalAlterConfigs(Map.of(resource, deadLetterConfig.entrySet().stream()
                    .map(entry -> new AlterConfigOp(new ConfigEntry(entry.getKey(), entry.getValue()), AlterConfigOp.OpType.SET))
                    .toList())).all().get();
        }
        List<String> all = new ArrayList<>(READ_BY_SERVICES);
        READ_BY_SERVICES.forEach(topic -> all.add(Topics.deadLetter(topic)));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) { // a topic just created is not known to every part of the broker at once
            try {
                endOffsets(all);
                return;
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    private static void create(NewTopic topic) throws InterruptedException {
        try {
            admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create " + topic.name(), e);
            }
        }
    }

    @AfterAll
    static void close() {
        crm.close(Duration.ofSeconds(5));
        admin.close();
        producers.destroy();
    }

    @BeforeEach
    void clean() {
        jdbc.update("truncate applied, processed_event, business_time");
        clock = new EventBusinessClock(null);
    }

    @AfterEach
    void stop() {
        containers.forEach(KafkaMessageListenerContainer::stop);
        ownProducers.forEach(DefaultKafkaProducerFactory::destroy);
        publishers.forEach(DeadLetterPublisher::close);
    }

    @Test
    void S4_a_partition_never_stalls_behind_a_1MB_poison_on_any_topic_a_service_reads() {
        String partner = "P-" + newId();
        String bigAmount = "1".repeat(ONE_MB - 1) + "x";
        Map<String, List<Sent>> poisonByTopic = new LinkedHashMap<>();
        Map<String, String> validByTopic = new LinkedHashMap<>();
        Map<TopicPartition, Long> from = endOffsets(READ_BY_SERVICES);
        for (String topic : READ_BY_SERVICES) {
            List<Sent> poison = new ArrayList<>();
            // a DealClosed whose amount is ~1,000,000 characters: refused with the amount echoed on deal-closed,
            // as an unknown type elsewhere
            poison.add(send(topic, partner, dealClosed(newId(), partner, "D-BIG", bigAmount, "USD", "US", MARCH)));
            poison.add(send(topic, partner, "not json ".repeat(ONE_MB / 9).getBytes(StandardCharsets.UTF_8)));
            // a ~1 MB type, echoed by the refusal on every topic
            poison.add(send(topic, partner, cloudEvent(newId(), "X".repeat(ONE_MB), MARCH, "{}")));
            if (topic.equals(CrmTopics.DEAL_CLOSED)) {
                // a plain decimal over the contract's 256 characters
                poison.add(send(topic, partner, dealClosed(newId(), partner, "D-HUGE", "9".repeat(ONE_MB), "USD", "US", MARCH)));
            }
            poisonByTopic.put(topic, poison);
            String validId = newId();
            validByTopic.put(topic, validId);
            send(topic, partner, valid(topic, validId, partner));
        }

        IngestionPipeline pipeline = pipeline(deadLetters(producers));
        consume(pipeline, from);

        awaitCommitted(Set.copyOf(from.keySet()), PATIENCE);
        assertThat(jdbc.queryForList("select event_id from applied", String.class))
                .as("the valid events behind the poison took effect")
                .containsExactlyInAnyOrderElementsOf(validByTopic.entrySet().stream()
                        .filter(entry -> !entry.getKey().equals(CrmTopics.BUSINESS_TIME)).map(Map.Entry::getValue).toList());
        assertThat(new BusinessTimeStore(jdbc).current()).as("the tick behind the poison took effect").isEqualTo(MARCH.plusSeconds(3600));

        int poisonCount = 0;
        for (var entry : poisonByTopic.entrySet()) {
            List<ConsumerRecord<String, byte[]>> deadLetters = deadLettersOf(entry.getKey());
            assertThat(originalOffsets(deadLetters)).as("dead letters of %s", entry.getKey())
                    .containsExactlyElementsOf(entry.getValue().stream().map(Sent::offset).toList());
            for (int i = 0; i < deadLetters.size(); i++) {
                ConsumerRecord<String, byte[]> deadLetter = deadLetters.get(i);
                assertThat(deadLetter.value()).as("the original bytes").isEqualTo(entry.getValue().get(i).value());
                assertThat(header(deadLetter, "crm-trace")).as("the original headers").isEqualTo("trace-" + partner);
                for (var header : deadLetter.headers()) {
                    if (header.key().startsWith("dlt-")) {
                        assertThat(header.value().length).as("header %s", header.key()).isLessThanOrEqualTo(HEADER_BOUND);
                    }
                }
                assertThat(header(deadLetter, DeadLetterPublisher.ORIGINAL_TOPIC)).isEqualTo(entry.getKey());
            }
            // the contract refuses a type over the field limit without echoing it (SPEC §4)
            assertThat(header(deadLetters.get(2), DeadLetterPublisher.DETAIL)).as("detail of the ~1 MB type on %s", entry.getKey())
                    .startsWith("type: longer than 256 characters");
            poisonCount += entry.getValue().size();
        }
        assertThat(header(deadLettersOf(CrmTopics.DEAL_CLOSED).getFirst(), DeadLetterPublisher.DETAIL))
                .as("refused by the schema's limit, the amount not echoed").isEqualTo("data.mrr.amount: must be at most 256 characters long");
        assertThat(counter("prm.events.dead.lettered")).isEqualTo(poisonCount);
        assertThat(counter("prm.events.skipped")).isZero();
    }

    @Test
    void S4_a_record_that_cannot_be_dead_lettered_is_skipped_logged_and_counted_and_the_partition_goes_on() {
        String partner = "P-" + newId();
        Map<TopicPartition, Long> from = endOffsets(List.of(CrmTopics.DEAL_CLOSED));
        Sent poison = send(CrmTopics.DEAL_CLOSED, partner, "not json ".repeat(ONE_MB / 9).getBytes(StandardCharsets.UTF_8));
        String validId = newId();
        send(CrmTopics.DEAL_CLOSED, partner, valid(CrmTopics.DEAL_CLOSED, validId, partner));
        // a dead-letter topic that takes less than the original: the dead letter is refused for good
        DefaultKafkaProducerFactory<String, byte[]> small = ownProducer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 * 1024));

        consume(pipeline(new DeadLetterPublisher(new KafkaTemplate<>(small), group)), from);

        awaitCommitted(from.keySet(), PATIENCE);
        assertThat(jdbc.queryForList("select event_id from applied", String.class)).containsExactly(validId);
        assertThat(counter("prm.events.skipped", "topic", CrmTopics.DEAL_CLOSED, "reason", "NOT_JSON")).isOne();
        assertThat(counter("prm.events.dead.lettered")).isZero();
        assertThat(deadLettersOf(CrmTopics.DEAL_CLOSED)).isEmpty();

        // delivered again, as after a restart before the offsets were committed: skipped already, not counted again
        SimpleMeterRegistry afterRestart = new SimpleMeterRegistry();
        pipeline(deadLetters(producers), afterRestart).process(read(CrmTopics.DEAL_CLOSED, 0, poison.offset(), poison.offset() + 2));
        assertThat(counter(afterRestart, "prm.events.skipped")).isZero();
        assertThat(counter(afterRestart, "prm.events.dead.lettered")).isZero();
        assertThat(deadLettersOf(CrmTopics.DEAL_CLOSED)).isEmpty();
    }

    @Test
    void S4_a_record_is_dead_lettered_once_when_its_batch_is_retried_after_a_transient_failure() {
        String partner = "P-" + newId();
        Map<TopicPartition, Long> from = endOffsets(List.of(CrmTopics.DEAL_CLOSED));
        Sent notJson = send(CrmTopics.DEAL_CLOSED, partner, "{oops".getBytes(StandardCharsets.UTF_8));
        List<String> valid = new ArrayList<>();
        valid.add(sendValid(partner, "D0"));
        // accepted by the contract, refused by the rule while applying: dead-lettered from the one-by-one retry
        Sent refused = send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "D-HUGE", "9".repeat(40), "USD", "US", MARCH));
        for (int i = 1; i <= IngestionPipeline.EVENTS_PER_TRANSACTION; i++) {
            valid.add(sendValid(partner, "D" + i));
        }
        // in the batch's second transaction: it fails on a transient failure twice, and the container retries the batch
        valid.add(sendValid(partner, "FLAKY"));
        valid.add(sendValid(partner, "D-LAST"));
        transientFailuresToThrow.set(2);

        consume(pipeline(deadLetters(producers)), from);

        awaitCommitted(from.keySet(), PATIENCE);
        assertThat(counter("prm.ingest.retries")).as("the batch was retried").isEqualTo(2);
        assertThat(jdbc.queryForList("select event_id from applied", String.class)).containsExactlyInAnyOrderElementsOf(valid);
        assertThat(originalOffsets(deadLettersOf(CrmTopics.DEAL_CLOSED)))
                .as("each dead letter once").containsExactly(notJson.offset(), refused.offset());
        assertThat(counter("prm.events.dead.lettered", "reason", "NOT_JSON")).isOne();
        assertThat(counter("prm.events.dead.lettered", "reason", "INVALID_FIELD")).isOne();

        // delivered again, as after a restart before the offsets were committed: nothing is dead-lettered again
        SimpleMeterRegistry afterRestart = new SimpleMeterRegistry();
        pipeline(deadLetters(producers), afterRestart).process(read(CrmTopics.DEAL_CLOSED, 0, notJson.offset(), refused.offset() + 1));
        assertThat(counter(afterRestart, "prm.events.dead.lettered")).isZero();
        assertThat(deadLettersOf(CrmTopics.DEAL_CLOSED)).hasSize(2);
    }

    @Test
    void S4_a_dead_letter_the_broker_cannot_take_now_holds_the_batch_for_a_retry_and_loses_nothing() {
        String partner = "P-" + newId();
        Sent poison = send(CrmTopics.DEAL_CLOSED, partner, "{oops".getBytes(StandardCharsets.UTF_8));
        String validId = sendValid(partner, "D1");
        List<ConsumerRecord<String, byte[]>> batch = read(CrmTopics.DEAL_CLOSED, 0, poison.offset(), poison.offset() + 2);
        // a broker that does not answer: the send times out, which a later attempt may not
        DefaultKafkaProducerFactory<String, byte[]> unreachable = ownProducer(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 500));

        assertThatThrownBy(() -> pipeline(new DeadLetterPublisher(new KafkaTemplate<>(unreachable), group)).process(batch));
        assertThat(counter("prm.events.skipped")).isZero();
        assertThat(jdbc.queryForObject("select count(*) from processed_event", Long.class)).isZero();

        pipeline(deadLetters(producers)).process(batch);
        assertThat(jdbc.queryForList("select event_id from applied", String.class)).containsExactly(validId);
        assertThat(originalOffsets(deadLettersOf(CrmTopics.DEAL_CLOSED))).containsExactly(poison.offset());
        assertThat(counter("prm.events.dead.lettered")).isOne();
    }

    // --- the service under test: a pipeline whose handlers record what took effect -------------------------------------

    private IngestionPipeline pipeline(DeadLetterPublisher deadLetters) {
        return pipeline(deadLetters, meters);
    }

    @SuppressWarnings("unchecked")
    private IngestionPipeline pipeline(DeadLetterPublisher deadLetters, SimpleMeterRegistry registry) {
        InboundHandlers handlers = new InboundHandlers();
        for (EventType type : EventType.all()) {
            if (READ_BY_SERVICES.contains(type.topic()) && type != CrmEvents.TIME_PASSED) {
                handlers.on(type, (Class<Object>) type.dataType(), (event, data) -> {
                    if (data instanceof DealClosed deal && deal.mrr().amount().length() > 20) {
                        throw new InvalidEventException(InvalidEventException.Reason.INVALID_FIELD,
                                "data.mrr.amount: '" + deal.mrr().amount() + "' is beyond any MRR this program pays on");
                    }
                    if (data instanceof DealClosed deal && deal.dealId().equals("FLAKY") && transientFailuresToThrow.getAndDecrement() > 0) {
                        throw new QueryTimeoutException("database is busy");
                    }
                    jdbc.update("insert into applied (event_id, topic) values (?, ?)", event.id(), type.topic());
                });
            }
        }
        return new IngestionPipeline(codec, handlers, new ProcessedEventStore(jdbc), deadLetters, transaction,
                new IngestionMetrics(registry), new BusinessTimeAdvancer(new BusinessTimeStore(jdbc), List.of(), clock),
                List.of(), BatchScope.NONE);
    }

    /** As the platform wires it: on its own producer, sized for the dead-letter topics. */
    private DeadLetterPublisher deadLetters(DefaultKafkaProducerFactory<String, byte[]> factory) {
        DeadLetterPublisher publisher = DeadLetterPublisher.sized(factory, group);
        publishers.add(publisher);
        return publisher;
    }

    private DefaultKafkaProducerFactory<String, byte[]> ownProducer(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(producers.getConfigurationProperties());
        config.putAll(overrides);
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config);
        ownProducers.add(factory);
        return factory;
    }

    /** Consumed as a service consumes (platform defaults): batches, offsets committed after each, failures retried forever. */
    private void consume(IngestionPipeline pipeline, Map<TopicPartition, Long> from) {
        ContainerProperties properties = new ContainerProperties(from.entrySet().stream()
                .map(entry -> new TopicPartitionOffset(entry.getKey().topic(), entry.getKey().partition(), entry.getValue()))
                .toArray(TopicPartitionOffset[]::new));
        properties.setMessageListener((BatchMessageListener<String, byte[]>) pipeline::process);
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        var consumers = new DefaultKafkaConsumerFactory<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500), new StringDeserializer(), new ByteArrayDeserializer());
        KafkaMessageListenerContainer<String, byte[]> container = new KafkaMessageListenerContainer<>(consumers, properties);
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0); // as PlatformAutoConfiguration's error handler
        backOff.setMaxInterval(10_000);
        container.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        container.start();
        containers.add(container);
    }

    // --- the CRM side and the broker -----------------------------------------------------------------------------------

    private record Sent(long offset, byte[] value) {
    }

    private Sent send(String topic, String key, String json) {
        return send(topic, key, json.getBytes(StandardCharsets.UTF_8));
    }

    /** On partition 0, behind everything sent before it; with a header of the CRM's, which a dead letter keeps. */
    private Sent send(String topic, String key, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("crm-trace", ("trace-" + key).getBytes(StandardCharsets.UTF_8));
        try {
            long offset = crm.send(new ProducerRecord<>(topic, 0, key, value, headers)).get().offset();
            return new Sent(offset, value);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    private String sendValid(String partner, String dealId) {
        String id = newId();
        send(CrmTopics.DEAL_CLOSED, partner, dealClosed(id, partner, dealId, "100", "USD", "US", MARCH));
        return id;
    }

    /** A valid event of a type the topic carries. */
    private String valid(String topic, String id, String partner) {
        return switch (topic) {
            case CrmTopics.PARTNERS -> partnerEnrolled(id, partner, "Acme", "SOLUTIONS_PARTNER", "JP", null, MARCH);
            case CrmTopics.DEAL_CLOSED -> dealClosed(id, partner, "D1", "100", "USD", "US", MARCH);
            case CrmTopics.ACCOUNT_MANAGED -> accountManaged(id, partner, "A1", "100", "USD", "US", MARCH);
            case CrmTopics.DOMAIN_REGISTRATION -> cloudEvent(id, "DomainRegistrationRequested", MARCH,
                    "{\"partnerId\":\"" + partner + "\",\"domain\":\"acme.example\"}");
            case CrmTopics.BUSINESS_TIME -> cloudEvent(id, "TimePassed", MARCH.plusSeconds(3600), "{}");
            case TierEvents.TOPIC -> new String(codec.write(id, "tier-service", TierEvents.TIER_CHANGED, MARCH, partner,
                    new TierChanged(partner, Tier.SOLUTIONS_PARTNER, Tier.GOLD, TierChangeReason.PROMOTION, MARCH,
                            new Points("200", "200", "0", "200", "200"), "default")), StandardCharsets.UTF_8);
            case RegistrationEvents.TOPIC -> new String(codec.write(id, "registration-service", RegistrationEvents.DOMAIN_REGISTERED,
                    MARCH, partner, new DomainRegistered(partner, "acme.example", MARCH, MARCH.plus(Duration.ofDays(180)), false)),
                    StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException(topic);
        };
    }

    private static Map<TopicPartition, Long> endOffsets(List<String> topics) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topics.forEach(topic -> latest.put(new TopicPartition(topic, 0), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new LinkedHashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until this test's group has committed everything published so far on {@code partitions}. */
    private void awaitCommitted(Set<TopicPartition> partitions, Duration timeout) {
        Map<TopicPartition, Long> ends = endOffsets(partitions.stream().map(TopicPartition::topic).toList());
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> behind = Map.of();
        try {
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                behind = new HashMap<>();
                for (var end : ends.entrySet()) {
                    OffsetAndMetadata offset = committed.get(end.getKey());
                    if (offset == null || offset.offset() < end.getValue()) {
                        behind.put(end.getKey(), end.getValue() - (offset == null ? 0 : offset.offset()));
                    }
                }
                if (behind.isEmpty()) {
                    return;
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("partitions stalled: " + behind + " records not consumed within " + timeout);
    }

    /** The dead letters this test's consumer group wrote from partition 0 of {@code topic}. */
    private List<ConsumerRecord<String, byte[]>> deadLettersOf(String topic) {
        String deadLetterTopic = Topics.deadLetter(topic);
        long end = endOffsets(List.of(deadLetterTopic)).values().iterator().next();
        return read(deadLetterTopic, 0, 0, end).stream()
                .filter(record -> group.equals(header(record, DeadLetterPublisher.CONSUMER_GROUP)))
                .toList();
    }

    private static List<Long> originalOffsets(List<ConsumerRecord<String, byte[]>> deadLetters) {
        return deadLetters.stream().map(record -> Long.parseLong(header(record, DeadLetterPublisher.ORIGINAL_OFFSET))).toList();
    }

    private static List<ConsumerRecord<String, byte[]>> read(String topic, int partition, long fromOffset, long toOffset) {
        TopicPartition topicPartition = new TopicPartition(topic, partition);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(topicPartition));
            consumer.seek(topicPartition, fromOffset);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(topicPartition) < toOffset && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < toOffset) {
                        records.add(record);
                    }
                }
            }
            return records;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private double counter(String name, String... tags) {
        return counter(meters, name, tags);
    }

    private static double counter(SimpleMeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
