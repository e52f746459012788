package dev.prm.local;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes one message by hand, as the upstream CRM would: {@code bin/publish <topic> <key> < event.json}.
 * The bytes are sent as they are, so malformed input can be tried too.
 */
public final class Publish {

    private Publish() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (args.length < 2) {
            System.err.println("Usage: bin/publish <topic> <key> [bootstrap, default localhost:9092] < event.json");
            System.exit(2);
        }
        String bootstrap = args.length > 2 ? args[2] : "localhost:9092";
        byte[] value = System.in.readAllBytes();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(args[0], args[1], value)).get();
            System.out.printf("published %d bytes to %s-%d@%d%n", value.length, sent.topic(), sent.partition(), sent.offset());
        } catch (ExecutionException e) {
            System.err.println("not published: " + e.getCause().getMessage());
            System.exit(1);
        }
    }
}
