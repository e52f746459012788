package dev.prm.platform.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;

import dev.prm.contracts.Topics;

/**
 * Sends a rejected message, byte for byte, to {@code <topic>.DLT} on the same partition, with headers
 * that say why and where it came from (SPEC §4). The sends of one batch are awaited together.
 */
public class DeadLetterPublisher {

    public static final String REASON = "dlt-reason";
    public static final String DETAIL = "dlt-detail";
    public static final String ORIGINAL_TOPIC = "dlt-original-topic";
    public static final String ORIGINAL_PARTITION = "dlt-original-partition";
    public static final String ORIGINAL_OFFSET = "dlt-original-offset";
    public static final String CONSUMER_GROUP = "dlt-consumer-group";

    private final KafkaTemplate<String, byte[]> kafka;
    private final String consumerGroup;

    public DeadLetterPublisher(KafkaTemplate<String, byte[]> kafka, String consumerGroup) {
        this.kafka = kafka;
        this.consumerGroup = consumerGroup;
    }

    public CompletableFuture<?> send(ConsumerRecord<String, byte[]> record, String reason, String detail) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(REASON, utf8(reason));
        headers.add(DETAIL, utf8(detail == null ? "" : detail));
        headers.add(ORIGINAL_TOPIC, utf8(record.topic()));
        headers.add(ORIGINAL_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(ORIGINAL_OFFSET, utf8(Long.toString(record.offset())));
        headers.add(CONSUMER_GROUP, utf8(consumerGroup));
        return kafka.send(new ProducerRecord<>(Topics.deadLetter(record.topic()), record.partition(),
                record.key(), record.value(), headers));
    }

    /** Waits until every dead letter of a batch is acknowledged, before the batch's offsets are committed. */
    public static void awaitSent(List<CompletableFuture<?>> sends) {
        if (sends.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("dead letters could not be published", e);
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
