package dev.prm.simulator;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.prm.contracts.crm.CrmTopics;


/**
 * Publishes a history in its order. Every tick is a barrier: the facts before it are flushed (acknowledged by the
 * broker) before it is sent, and with {@link Barrier} the services have read them too, so a month end is decided
 * on the whole month (the services read their topics side by side and assume no order across them, SPEC §4).
 */
final class HistoryPublisher {

    /** What to wait for around a tick; returns the time spent waiting. */
    interface Barrier {
        Barrier NONE = tick -> Duration.ZERO;

        Duration await(Instant tick);
    }

    record Result(long events, long ticks, Duration elapsed, Duration waitingForServices) {

        /** Events per second while publishing, the waits for the services left out. */
        double publishRate() {
            double seconds = (elapsed.toNanos() - waitingForServices.toNanos()) / 1e9;
            return seconds <= 0 ? events : events / seconds;
        }
    }

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final Producer<String, byte[]> producer;
    private final Barrier barrier;
    private final double rate;
    private final PrintStream log;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    HistoryPublisher(Producer<String, byte[]> producer, Barrier barrier, double rate, PrintStream log) {
        this.producer = producer;
        this.barrier = barrier;
        this.rate = rate;
        this.log = log;
    }

    /**
     * Idempotent and acknowledged by every in-sync replica: a retry never writes a fact twice or out of order. One
     * request in flight: with more, a partition whose leader was still being set up took a later batch after refusing
     * an earlier one, and the producer then retried the earlier one forever (OUT_OF_ORDER_SEQUENCE_NUMBER, seen here).
     */
    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "crm-simulator",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, "131072"), new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Creates the inbound topics the services have not created yet (the broker's default partitions) and waits for
     * their leaders: a topic auto-created by the first produce request can refuse it while its leader is elected.
     */
    static void ensureInboundTopics(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "crm-simulator-topics"))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = CrmTopics.ALL.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, Optional.empty(), Optional.empty())).toList();
            for (KafkaFuture<Void> created : admin.createTopics(missing).values().values()) {
                try {
                    created.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!allLed(admin.describeTopics(CrmTopics.ALL).allTopicNames().get(30, TimeUnit.SECONDS).values())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the inbound topics have no leader after 60 s");
                }
                Thread.sleep(200);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not prepare the inbound topics on " + bootstrap + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean allLed(Collection<TopicDescription> topics) {
        return topics.stream().flatMap(topic -> topic.partitions().stream()).allMatch(partition -> partition.leader() != null);
    }

    Result publish(Iterator<SimulatedEvent> events) {
        long start = System.nanoTime();
        long waited = 0;
        long sent = 0;
        long ticks = 0;
        long sinceTick = 0;
        long lastProgress = start;
        while (events.hasNext()) {
            SimulatedEvent event = events.next();
            if (event.isTick()) {
                flush();
                long barrierBefore = barrier.await(event.time()).toNanos();
                send(event);
                flush();
                long barrierAfter = barrier.await(event.time()).toNanos();
                waited += barrierBefore + barrierAfter;
                sent++;
                ticks++;
                String waits = barrier == Barrier.NONE ? ""
                        : "  (services caught up in %.1f s, then %.1f s)".formatted(barrierBefore / 1e9, barrierAfter / 1e9);
                if (ticks == 1) {
                    log.printf("  business time starts at %s%s%n", event.time(), waits);
                } else {
                    log.printf("  %-13s %,9d events, then tick %s%s%n", periodOf(event.time()), sinceTick, event.time(), waits);
                }
                sinceTick = 0;
                continue;
            }
            pace(start, waited, sent);
            send(event);
            sent++;
            sinceTick++;
            long now = System.nanoTime();
            if (now - lastProgress >= PROGRESS_EVERY.toNanos()) {
                log.printf("  ... %,d events, %,.0f/s%n", sent, sent / ((now - start - waited) / 1e9));
                lastProgress = now;
            }
        }
        flush();
        return new Result(sent, ticks, Duration.ofNanos(System.nanoTime() - start), Duration.ofNanos(waited));
    }

    private void send(SimulatedEvent event) {
        producer.send(new ProducerRecord<>(event.topic(), event.key(), event.value()), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
        rethrowFailure();
    }

    private void flush() {
        producer.flush();
        rethrowFailure();
    }

    private void rethrowFailure() {
        Exception error = failure.get();
        if (error != null) {
            throw new IllegalStateException("publishing failed: " + error.getMessage(), error);
        }
    }

    /** Holds the rate over the publishing time (waits for the services do not count). */
    private void pace(long start, long waited, long sent) {
        if (rate <= 0) {
            return;
        }
        long due = start + waited + (long) (sent / rate * 1e9);
        long ahead = due - System.nanoTime();
        if (ahead > 0) {
            try {
                Thread.sleep(Duration.ofNanos(ahead));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** What a tick closes: a month ("2022-01"), or the first half of one ("2022-01 1-14"). */
    private static String periodOf(Instant tick) {
        LocalDate date = tick.atOffset(ZoneOffset.UTC).toLocalDate();
        return date.getDayOfMonth() == 1 ? YearMonth.from(date.minusMonths(1)).toString()
                : YearMonth.from(date) + " 1-" + (date.getDayOfMonth() - 1);
    }
}
