package dev.prm.local;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
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

    static final String USAGE = """
            Usage: bin/publish <topic> <key> [--bootstrap=host:port] [--data-dir=.local-stack] < event.json
              The broker is --bootstrap when given, else the one of the stack running from --data-dir
              (./run-local.sh writes its ports there), else localhost:9092.""";

    private Publish() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Tool.run(() -> publish(ToolArguments.parse(args, Set.of("bootstrap", "data-dir"), USAGE)));
    }

    private static void publish(ToolArguments arguments) throws IOException, InterruptedException {
        if (arguments.positional().size() < 2 || arguments.positional().size() > 3) {
            throw new IllegalArgumentException(USAGE);
        }
        String topic = arguments.positional().get(0);
        // a third positional argument was the bootstrap address before --bootstrap existed
        String bootstrap = arguments.positional().size() == 3 ? arguments.positional().get(2) : RunningStack.bootstrap(arguments);
        if (!Broker.topics(bootstrap).contains(topic)) {
            throw new IllegalStateException("the broker at " + bootstrap + " has no topic '" + topic
                    + "' (the services create their topics when they start; SPEC §2 lists the inbound ones)");
        }
        byte[] value = System.in.readAllBytes();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000),
                new StringSerializer(), new ByteArraySerializer())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, arguments.positional().get(1), value)).get();
            System.out.printf("published %d bytes to %s-%d@%d%n", value.length, sent.topic(), sent.partition(), sent.offset());
        } catch (ExecutionException e) {
            throw new IllegalStateException("not published: " + e.getCause().getMessage());
        }
    }
}
