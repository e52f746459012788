package dev.prm.benchmark;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes N DealClosed events for P partners to a running stack (loopback only) and measures how fast
 * they become queryable in tier-service's points projection: {@code bin/benchmark-tier [--events=100000]
 * [--partners=5000] [--bootstrap=localhost:9092] [--jdbc=jdbc:postgresql://localhost:15432/prm_tier]}.
 */
public final class TierIngestBenchmark {

    private TierIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Map<String, String> options = options(args);
        int events = Integer.parseInt(options.getOrDefault("events", "100000"));
        int partners = Integer.parseInt(options.getOrDefault("partners", "5000"));
        String bootstrap = options.getOrDefault("bootstrap", "localhost:9092");
        String jdbc = options.getOrDefault("jdbc", "jdbc:postgresql://localhost:15432/prm_tier");
        requireLoopback(bootstrap, jdbc);
        String run = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Random random = new Random(42);
        String[] currencies = {"USD", "EUR", "JPY", "GBP", "AUD"};
        String[] amounts = {"100.00", "75.00", "12000", "62.50", "105.00"};
        String[] countries = {"US", "JP", "DE", "IN", "BR", "GB"};
        Instant base = Instant.parse("2025-01-01T00:00:00Z");

        System.out.printf("Publishing %,d DealClosed events for %,d partners (run %s)%n", events, partners, run);
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "10", ProducerConfig.BATCH_SIZE_CONFIG, "262144"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                String partner = run + (i % partners);
                int currency = random.nextInt(currencies.length);
                String json = """
                        {"specversion":"1.0","id":"%s%d","source":"benchmark","type":"DealClosed","time":"%s",\
                        "data":{"dealId":"D%d","partnerId":"%s","customer":{"domain":"c%d.example.com","country":"%s"},\
                        "mrr":{"amount":"%s","currency":"%s"}}}""".formatted(run, i, base.plusSeconds(i), i, partner, i,
                        countries[random.nextInt(countries.length)], amounts[currency], currencies[currency]);
                producer.send(new ProducerRecord<>("deal-closed", partner, json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        long published = System.nanoTime();
        long visible;
        try (Connection connection = DriverManager.getConnection(jdbc, "postgres", "postgres");
             PreparedStatement count = connection.prepareStatement("select count(*) from deal_points where partner_id like ?")) {
            count.setString(1, run + "%");
            long deadline = published + Duration.ofMinutes(30).toNanos();
            long seen = 0;
            while ((seen = count(count)) < events) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + seen + " of " + events + " visible after 30 minutes");
                }
                Thread.sleep(200);
            }
            visible = System.nanoTime();
        }
        double publishSeconds = (published - start) / 1e9;
        double totalSeconds = (visible - start) / 1e9;
        System.out.println();
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        System.out.printf("| events | %,d for %,d partners |%n", events, partners);
        System.out.printf("| publish rate | %,.0f events/s (%.1f s) |%n", events / publishSeconds, publishSeconds);
        System.out.printf("| ingest into the queryable projection | %,.0f events/s (%.1f s from first publish to all visible) |%n",
                events / totalSeconds, totalSeconds);
        System.out.printf("| catch-up after the last publish | %.1f s |%n", (visible - published) / 1e9);
    }

    private static long count(PreparedStatement count) throws SQLException {
        try (ResultSet result = count.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, got " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }

    /** Load is only ever pointed at this machine. */
    static void requireLoopback(String... endpoints) {
        for (String endpoint : endpoints) {
            if (!endpoint.contains("localhost") && !endpoint.contains("127.0.0.1")) {
                throw new IllegalArgumentException("benchmarks run against loopback only, not " + endpoint);
            }
        }
    }
}
