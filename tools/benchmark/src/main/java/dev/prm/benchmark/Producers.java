package dev.prm.benchmark;

import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The benchmark's producers: idempotent, acks=all, like the upstream CRM's. */
final class Producers {

    private Producers() {
    }

    /** As fast as possible: large batches, some linger. */
    static KafkaProducer<String, byte[]> bulk(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "10",
                ProducerConfig.BATCH_SIZE_CONFIG, "262144",
                ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024)),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** For paced sends and probes: a message leaves within a millisecond. */
    static KafkaProducer<String, byte[]> paced(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "1"),
                new StringSerializer(), new ByteArraySerializer());
    }
}
