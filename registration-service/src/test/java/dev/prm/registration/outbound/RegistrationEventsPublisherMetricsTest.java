package dev.prm.registration.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.platform.metrics.BusinessGauges;
import dev.prm.platform.publish.IntegrationEventPublisher;
import dev.prm.registration.command.PartnerEvents.RegistrationGranted;
import dev.prm.registration.command.PartnerEvents.RegistrationRejected;
import dev.prm.registration.domain.RejectionReason;
import dev.prm.registration.metrics.RegistrationBusinessMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Where DomainRegistered and DomainRegistrationRejected are published, they are counted: as decisions by
 * reason, and as events out per topic and type once the broker acknowledged them (none when it refused).
 */
class RegistrationEventsPublisherMetricsTest {

    private static final Instant AT = Instant.parse("2022-01-10T09:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** One shared producer, as DefaultKafkaProducerFactory hands out: the template's close after each send keeps it open. */
    private final MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()) {
        @Override
        public void close() {
        }

        @Override
        public void close(Duration timeout) {
        }
    };
    private final RegistrationEventsPublisher publisher = new RegistrationEventsPublisher(
            new IntegrationEventPublisher(new KafkaTemplate<>(() -> producer), new CloudEventCodec(), "/registration-service",
                    registry, List.of(RegistrationEvents.TOPIC)),
            new RegistrationBusinessMetrics(new JdbcTemplate(), registry, new BusinessGauges(registry, Duration.ofSeconds(15))));

    @Test
    void grants_and_refusals_are_counted_as_decisions_and_as_published_events() {
        assertThat(published("DomainRegistered")).as("counted from 0").isZero();
        assertThat(published("CommissionHoldPlaced")).as("another service's topic is not counted here").isNaN();

        completeAll(() -> {
            publisher.on(new RegistrationGranted("p1", "a.example.com", AT, AT.plus(Duration.ofDays(181)), false, null), "e1");
            publisher.on(new RegistrationGranted("p1", "b.example.com", AT, AT.plus(Duration.ofDays(181)), false, null), "e2");
            publisher.on(new RegistrationRejected("p1", "c.example.com", RejectionReason.CAP_REACHED, AT, null), "e3");
        });

        assertThat(producer.history()).extracting(record -> record.topic()).containsOnly(RegistrationEvents.TOPIC).hasSize(3);
        assertThat(decisions("registered", "NONE")).isEqualTo(2);
        assertThat(decisions("rejected", "CAP_REACHED")).isEqualTo(1);
        assertThat(decisions("rejected", "INVALID_DOMAIN")).isZero();
        assertThat(published("DomainRegistered")).isEqualTo(2);
        assertThat(published("DomainRegistrationRejected")).isEqualTo(1);
    }

    @Test
    void an_event_the_broker_refuses_is_not_counted_as_published() {
        Thread sender = new Thread(() -> {
            try {
                publisher.on(new RegistrationGranted("p2", "d.example.com", AT, AT.plus(Duration.ofDays(181)), false, null), "e4");
            } catch (IllegalStateException expected) {
                // outside a unit of work the send is awaited: the failure surfaces, the batch would be retried
            }
        });
        sender.start();
        awaitSent(1);
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker away"));
        join(sender);

        assertThat(published("DomainRegistered")).isZero();
    }

    /** Publishing outside a unit of work awaits each send: complete them from another thread. */
    private void completeAll(Runnable publishing) {
        Thread sender = new Thread(publishing);
        sender.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sender.isAlive() && System.nanoTime() < deadline) {
            while (producer.completeNext()) {
                // acknowledge every pending send
            }
            Thread.onSpinWait();
        }
        join(sender);
    }

    private void awaitSent(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (producer.history().size() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(producer.history()).hasSize(count);
    }

    private static void join(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(thread.isAlive()).as("publishing finished").isFalse();
    }

    private double decisions(String decision, String reason) {
        return registry.get("prm.registration.decisions").tags("decision", decision, "reason", reason).counter().count();
    }

    private double published(String type) {
        var counter = registry.find("prm.events.published").tag("type", type).counter();
        return counter == null ? Double.NaN : counter.count();
    }
}
