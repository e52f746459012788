package dev.prm.registration.benchmark;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.testsupport.CrmEvents;

/**
 * A benchmark command, not a test: publishes registration requests for many partners to a running stack on
 * this machine and reports decisions per second and the time to catch up. Every request gets exactly one
 * decision on registration-events (each partner asks for distinct domains; half of them over its cap).
 * <pre>
 * ./run-local.sh --fresh                      # in another terminal
 * bin/benchmark-registration --requests=100000 --partners=5000
 * </pre>
 */
public final class RegistrationBenchmark {

    private RegistrationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (options.containsKey("help")) {
            System.out.println("options: --bootstrap=localhost:9092 --requests=100000 --partners=5000 --timeout-minutes=30");
            return;
        }
        String bootstrap = options.getOrDefault("bootstrap", "localhost:9092");
        requireLocal(bootstrap);
        int requests = Integer.parseInt(options.getOrDefault("requests", "100000"));
        int partners = Integer.parseInt(options.getOrDefault("partners", "5000"));
        Duration timeout = Duration.ofMinutes(Long.parseLong(options.getOrDefault("timeout-minutes", "30")));
        String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);

        try (KafkaConsumer<String, byte[]> decisions = decisionsFromNow(bootstrap)) {
            long started = System.nanoTime();
            publish(bootstrap, run, requests, partners);
            long published = System.nanoTime();
            System.out.printf("published %d requests for %d partners in %.1f s (%.0f/s)%n", requests, partners,
                    seconds(published - started), requests / seconds(published - started));

            Map<String, Integer> byType = new HashMap<>();
            int seen = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen < requests && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : decisions.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && record.key().startsWith(run)) {
                        String type = typeOf(record.value());
                        if (type.equals("DomainRegistered") || type.equals("DomainRegistrationRejected")) {
                            seen++;
                        }
                        byType.merge(type, 1, Integer::sum);
                    }
                }
            }
            long done = System.nanoTime();
            System.out.printf("decisions published: %d of %d %s%n", seen, requests, byType);
            System.out.printf("decisions/s (first request published to last decision published): %.0f%n", seen / seconds(done - started));
            System.out.printf("catch-up time (last request published to last decision published): %.1f s%n", seconds(done - published));
            System.out.printf("total: %.1f s%n", seconds(done - started));
            if (seen < requests) {
                System.out.println("TIMED OUT before every decision was published");
                System.exit(1);
            }
        }
    }

    private static void publish(String bootstrap, String run, int requests, int partners) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            Instant now = Instant.now();
            for (int i = 0; i < requests; i++) {
                String partner = run + "-p" + (i % partners);
                String domain = "d" + (i / partners) + "-" + (i % partners) + "." + run + ".example";
                String json = CrmEvents.cloudEvent(UUID.randomUUID().toString(), "DomainRegistrationRequested", now, """
                        {"partnerId":"%s","domain":"%s"}""".formatted(partner, domain));
                producer.send(new ProducerRecord<>(CrmTopics.DOMAIN_REGISTRATION, partner, json.getBytes(StandardCharsets.UTF_8)),
                        (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** A consumer positioned at the current end of registration-events, so only this run's decisions are read. */
    private static KafkaConsumer<String, byte[]> decisionsFromNow(String bootstrap) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "registration-benchmark-" + UUID.randomUUID(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(RegistrationEvents.TOPIC).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static String typeOf(byte[] cloudEvent) {
        String json = new String(cloudEvent, StandardCharsets.UTF_8);
        int key = json.indexOf("\"type\":\"");
        return key < 0 ? "?" : json.substring(key + 8, json.indexOf('"', key + 8));
    }

    private static void requireLocal(String bootstrap) {
        for (String server : bootstrap.split(",")) {
            String host = URI.create("kafka://" + server.strip()).getHost();
            if (!List.of("localhost", "127.0.0.1", "::1", "[::1]").contains(host)) {
                throw new IllegalArgumentException("the benchmark only runs against a stack on this machine, not " + server);
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String option = arg.startsWith("--") ? arg.substring(2) : arg;
            int equals = option.indexOf('=');
            options.put(equals < 0 ? option : option.substring(0, equals), equals < 0 ? "" : option.substring(equals + 1));
        }
        return options;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
