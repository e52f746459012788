package dev.prm.platform.publish;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.kafka.core.KafkaTemplate;

import dev.prm.contracts.CloudEvent;
import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.EventType;
import dev.prm.platform.tracing.TracePropagation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publishes this service's integration events (SPEC §3) as CloudEvents. Called from the Axon event handlers
 * that forward stored events: the sends of one processing batch are awaited before its token advances, so
 * every decision is published at least once; the event id is the stored event's id, so consumers that
 * de-duplicate by id see it once.
 * <p>
 * Counts what the broker acknowledged in {@code prm_events_published_total{topic,type}}, from 0 for every type
 * of the service's outbound topics (a re-publication after a failure counts again: it is sent again), and every
 * send that failed or was not acknowledged in time in {@code prm_events_publish_failures_total{topic}}.
 * <p>
 * A failure, immediate (the producer refuses the record: too large, no metadata within {@code max.block.ms}) or
 * later (not acknowledged), fails the batch: the processor rolls back its token and retries the batch with
 * back-off, so a decision is never skipped (SPEC §4; see NoSkipEventProcessing).
 */
public class IntegrationEventPublisher {

    private static final String PENDING = IntegrationEventPublisher.class.getName() + ".pending";

    private final KafkaTemplate<String, byte[]> kafka;
    private final CloudEventCodec codec;
    private final String source;
    private final MeterRegistry registry;
    private final Map<EventType, Counter> published = new HashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();

    public IntegrationEventPublisher(KafkaTemplate<String, byte[]> kafka, CloudEventCodec codec, String source) {
        this(kafka, codec, source, null, List.of());
    }

    /** @param outboundTopics the topics whose types are counted from 0 (so a first event shows as an increase) */
    public IntegrationEventPublisher(KafkaTemplate<String, byte[]> kafka, CloudEventCodec codec, String source,
                                     MeterRegistry registry, Collection<String> outboundTopics) {
        this.kafka = kafka;
        this.codec = codec;
        this.source = source;
        this.registry = registry;
        if (registry != null) {
            for (EventType type : EventType.all()) {
                if (outboundTopics.contains(type.topic())) {
                    counter(type);
                    failures(type.topic());
                }
            }
        }
    }

    private Counter failures(String topic) {
        return failures.computeIfAbsent(topic, t -> Counter.builder("prm.events.publish.failures")
                .description("Integration events whose send failed or was not acknowledged in time; their batch is retried")
                .tag("topic", t)
                .register(registry));
    }

    private void failed(String topic) {
        if (registry != null) {
            failures(topic).increment();
        }
    }

    private synchronized Counter counter(EventType type) {
        return published.computeIfAbsent(type, t -> Counter.builder("prm.events.published")
                .description("Integration events acknowledged by the broker")
                .tags("topic", t.topic(), "type", t.typeName())
                .register(registry));
    }

    public void publish(EventType type, String key, String eventId, Instant time, Object data) {
        byte[] value = codec.write(eventId, source, type, time, key, data);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(type.topic(), key, value);
        record.headers().add(new RecordHeader("content-type", CloudEvent.CONTENT_TYPE.getBytes()));
        if (CurrentUnitOfWork.isStarted()) {
            var metaData = CurrentUnitOfWork.get().getMessage().getMetaData();
            for (String field : TracePropagation.FIELDS) {
                Object fieldValue = metaData.get(field);
                if (fieldValue != null) {
                    record.headers().add(new RecordHeader(field, fieldValue.toString().getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        CompletableFuture<?> sent;
        try {
            sent = kafka.send(record);
        } catch (RuntimeException refused) {
            // refused at once (spring-kafka rethrows the producer's immediate errors): the batch fails here
            failed(type.topic());
            throw new IllegalStateException("the broker client refused " + type.typeName() + " " + eventId
                    + " for " + type.topic() + "; the batch will be retried", refused);
        }
        if (registry != null) {
            Counter counter = counter(type);
            sent = sent.whenComplete((result, failure) -> {
                if (failure == null) {
                    counter.increment();
                }
            });
        }
        Send send = new Send(type.topic(), sent);
        if (CurrentUnitOfWork.isStarted()) {
            pendingOf(CurrentUnitOfWork.get().root()).add(send);
        } else {
            await(List.of(send));
        }
    }

    private record Send(String topic, CompletableFuture<?> future) {
    }

    private List<Send> pendingOf(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(PENDING, key -> {
            List<Send> pending = new ArrayList<>();
            unitOfWork.onPrepareCommit(done -> await(pending));
            return pending;
        });
    }

    private void await(List<Send> sends) {
        try {
            CompletableFuture.allOf(sends.stream().map(Send::future).toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            sends.stream().filter(send -> !send.future().isDone() || send.future().isCompletedExceptionally())
                    .forEach(send -> failed(send.topic()));
            throw new IllegalStateException("integration events could not be published; the batch will be retried", e);
        }
    }
}
