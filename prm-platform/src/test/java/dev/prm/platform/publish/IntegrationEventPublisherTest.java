package dev.prm.platform.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;

import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.registration.RegistrationCapRestored;
import dev.prm.contracts.registration.RegistrationEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** SPEC §4: a send the producer refuses at once (RecordTooLargeException, no metadata) fails the publication and is counted. */
class IntegrationEventPublisherTest {

    private static final Instant AT = Instant.parse("2022-04-10T00:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** Refuses every record at once, as KafkaProducer does with one over max.request.size. */
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            RecordTooLargeException tooLarge = new RecordTooLargeException("The message is 1200000 bytes when serialized");
            callback.onCompletion(null, tooLarge);
            return java.util.concurrent.CompletableFuture.failedFuture(tooLarge);
        }

        @Override
        public void close(java.time.Duration timeout) {
        }
    };

    private final IntegrationEventPublisher publisher = new IntegrationEventPublisher(new KafkaTemplate<>(() -> producer),
            new CloudEventCodec(), "/registration-service", registry, List.of(RegistrationEvents.TOPIC));

    @Test
    void S4_a_record_the_producer_refuses_at_once_fails_the_publication_and_is_counted_never_skipped() {
        assertThat(failures()).as("counted from 0").isZero();

        Throwable failed = catchThrowable(() -> publisher.publish(RegistrationEvents.REGISTRATION_CAP_RESTORED, "P-1", "e-1", AT,
                new RegistrationCapRestored("P-1", 15, 15, AT)));

        assertThat(failed).as("the failure reaches the processor, which retries the batch")
                .isInstanceOf(IllegalStateException.class).hasRootCauseInstanceOf(RecordTooLargeException.class);
        assertThat(failures()).isEqualTo(1);
        assertThat(registry.get("prm.events.published").tag("type", "RegistrationCapRestored").counter().count()).isZero();
    }

    private double failures() {
        return registry.get("prm.events.publish.failures").tag("topic", RegistrationEvents.TOPIC).counter().count();
    }
}
