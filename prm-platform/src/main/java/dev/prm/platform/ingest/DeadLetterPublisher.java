package dev.prm.platform.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import dev.prm.contracts.Topics;

/**
 * Sends a rejected message, byte for byte and with its own headers, to {@code <topic>.DLT} on the same partition, with
 * headers that say why and where it came from (SPEC §4). The headers added are bounded, so a dead letter is at most
 * {@value #MAX_HEADER_BYTES} bytes per header larger than its original.
 * <p>
 * Not Spring Kafka's {@code DeadLetterPublishingRecoverer}: it sends and waits one record at a time from the error
 * handler; {@link Refusals} sends a batch's dead letters together and records them as settled once acknowledged.
 */
public class DeadLetterPublisher {

    public static final String REASON = "dlt-reason";
    public static final String DETAIL = "dlt-detail";
    public static final String ORIGINAL_TOPIC = "dlt-original-topic";
    public static final String ORIGINAL_PARTITION = "dlt-original-partition";
    public static final String ORIGINAL_OFFSET = "dlt-original-offset";
    public static final String CONSUMER_GROUP = "dlt-consumer-group";

    /** Bytes of UTF-8 in each header added; a reason's detail can echo the whole message it refuses. */
    public static final int MAX_HEADER_BYTES = 512;
    private static final int TAIL_BYTES = 128;

    /**
     * Largest dead letter: the producer's {@code max.request.size} and the {@code .DLT} topics' {@code max.message.bytes}.
     * Twice the broker's 1 MiB default, so any original an inbound topic took with its default limit fits with the
     * bounded headers; a larger one is skipped.
     */
    public static final int MAX_DEAD_LETTER_BYTES = 2 * 1024 * 1024;

    private final KafkaTemplate<String, byte[]> kafka;
    private final String consumerGroup;

    public DeadLetterPublisher(KafkaTemplate<String, byte[]> kafka, String consumerGroup) {
        this.kafka = kafka;
        this.consumerGroup = consumerGroup;
    }

    /** A publisher on its own producer, a copy of {@code producers} that sends up to {@link #MAX_DEAD_LETTER_BYTES}. */
    public static DeadLetterPublisher sized(ProducerFactory<String, byte[]> producers, String consumerGroup) {
        return new DeadLetterPublisher(new KafkaTemplate<>(producers,
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_DEAD_LETTER_BYTES)), consumerGroup);
    }

    /** Configuration of a dead-letter topic: it takes what the dead-letter producer sends. */
    public static Map<String, String> topicConfig() {
        return Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_DEAD_LETTER_BYTES));
    }

    /** Completes when the broker acknowledged the dead letter; fails as the send did (see {@link #refusedForGood}). */
    public CompletableFuture<?> send(ConsumerRecord<String, byte[]> record, String reason, String detail) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(REASON, bounded(reason));
        headers.add(DETAIL, bounded(detail == null ? "" : detail));
        headers.add(ORIGINAL_TOPIC, bounded(record.topic()));
        headers.add(ORIGINAL_PARTITION, bounded(Integer.toString(record.partition())));
        headers.add(ORIGINAL_OFFSET, bounded(Long.toString(record.offset())));
        headers.add(CONSUMER_GROUP, bounded(consumerGroup));
        try {
            return kafka.send(new ProducerRecord<>(Topics.deadLetter(record.topic()), record.partition(),
                    record.key(), record.value(), headers));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // a producer may refuse at once (closed, a serialisation error)
        }
    }

    /**
     * Whether a dead letter was refused in a way that sending it again cannot change: too large for the producer or
     * the topic, or invalid otherwise. A broker that is away or slow, and credentials or ACLs refused (the same for
     * every record, fixed by an operator) can change: the batch waits for them.
     */
    public static boolean refusedForGood(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RetriableException
                    || cause instanceof AuthenticationException
                    || cause instanceof AuthorizationException) {
                return false;
            }
            if (cause instanceof ApiException || cause instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }

    /**
     * At most {@value #MAX_HEADER_BYTES} bytes of UTF-8. A longer value keeps its start and its end (where a reason
     * often says what was wrong) around a marker with the number of bytes cut, cut between characters.
     */
    public static byte[] bounded(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_HEADER_BYTES) {
            return bytes;
        }
        int longestMarker = marker(bytes.length).length;
        int tailFrom = characterStart(bytes, bytes.length - TAIL_BYTES);
        int headTo = characterStart(bytes, MAX_HEADER_BYTES - longestMarker - (bytes.length - tailFrom));
        byte[] marker = marker(tailFrom - headTo);
        byte[] result = new byte[headTo + marker.length + bytes.length - tailFrom];
        System.arraycopy(bytes, 0, result, 0, headTo);
        System.arraycopy(marker, 0, result, headTo, marker.length);
        System.arraycopy(bytes, tailFrom, result, headTo + marker.length, bytes.length - tailFrom);
        return result;
    }

    /** The same bound for a log line. */
    public static String boundedText(String value) {
        return value == null ? null : new String(bounded(value), StandardCharsets.UTF_8);
    }

    private static byte[] marker(int bytesCut) {
        return ("…[" + bytesCut + " bytes cut]…").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code index}, or the start of the UTF-8 sequence it falls inside. */
    private static int characterStart(byte[] bytes, int index) {
        while (index > 0 && (bytes[index] & 0xC0) == 0x80) {
            index--;
        }
        return index;
    }

    /** Closes the producer {@link #sized} made. */
    public void close() {
        kafka.destroy();
    }
}
