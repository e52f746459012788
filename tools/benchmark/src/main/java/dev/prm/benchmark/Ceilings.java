package dev.prm.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The machine's ceilings, measured in the same run: raw Kafka produce and consume on a benchmark-owned topic, and raw
 * PostgreSQL batch inserts into a benchmark-owned table; both are deleted afterwards.
 */
final class Ceilings {

    static final String SCHEMA = "prm_benchmark";
    private static final int BATCH = 500;

    private Ceilings() {
    }

    record Kafka(long records, int recordBytes, double produceSeconds, double consumeSeconds) {
        double produceRate() {
            return records / produceSeconds;
        }

        double consumeRate() {
            return records / consumeSeconds;
        }
    }

    record Postgres(long rows, int rowBytes, double seconds) {
        double rate() {
            return rows / seconds;
        }
    }

    static Kafka kafka(Admin admin, String bootstrap, String run, int records, int recordBytes) throws Exception {
        String topic = "prm-benchmark-ceiling-" + run;
        admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        try {
            Random random = new Random(1);
            byte[][] payloads = new byte[64][];
            for (int i = 0; i < payloads.length; i++) {
                payloads[i] = new byte[recordBytes];
                random.nextBytes(payloads[i]);
            }
            AtomicReference<Exception> failure = new AtomicReference<>();
            long start = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = Producers.bulk(bootstrap)) {
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>(topic, "P-" + (i % 5000), payloads[i % payloads.length]), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
                producer.flush();
            }
            double produceSeconds = (System.nanoTime() - start) / 1e9;
            if (failure.get() != null) {
                throw new IllegalStateException("producing to " + topic + " failed", failure.get());
            }
            double consumeSeconds = consumeAll(bootstrap, topic, records);
            return new Kafka(records, recordBytes, produceSeconds, consumeSeconds);
        } finally {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** A plain consumer, no group: assigned every partition from the beginning, polls until it has read them all. */
    private static double consumeAll(String bootstrap, String topic, int records) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long start = System.nanoTime();
            long deadline = start + Duration.ofMinutes(5).toNanos();
            long seen = 0;
            long bytes = 0;
            while (seen < records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("consumed only " + seen + " of " + records + " records of " + topic + " in 5 minutes");
                }
                ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(200));
                seen += polled.count();
                for (var record : polled) {
                    bytes += record.value().length;
                }
            }
            if (bytes == 0) {
                throw new IllegalStateException("read no payload bytes");
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Rows of an id and a payload, JDBC batches of 500 rewritten into multi-row inserts, one commit per batch. */
    static Postgres postgres(String jdbcUrl, String user, String password, String run, int rows, int rowBytes) throws SQLException {
        String url = jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        String table = SCHEMA + ".ceiling_" + run.replace('-', '_');
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("create schema if not exists " + SCHEMA);
                ddl.execute("create table " + table + " (id bigint primary key, payload bytea not null)");
            }
            try {
                Random random = new Random(2);
                byte[][] payloads = new byte[64][];
                for (int i = 0; i < payloads.length; i++) {
                    payloads[i] = new byte[rowBytes];
                    random.nextBytes(payloads[i]);
                }
                connection.setAutoCommit(false);
                long start = System.nanoTime();
                try (PreparedStatement insert = connection.prepareStatement("insert into " + table + " (id, payload) values (?, ?)")) {
                    for (int i = 0; i < rows; i++) {
                        insert.setLong(1, i);
                        insert.setBytes(2, payloads[i % payloads.length]);
                        insert.addBatch();
                        if ((i + 1) % BATCH == 0 || i == rows - 1) {
                            insert.executeBatch();
                            connection.commit();
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                return new Postgres(rows, rowBytes, seconds);
            } finally {
                connection.setAutoCommit(true);
                try (Statement ddl = connection.createStatement()) {
                    ddl.execute("drop table if exists " + table);
                    try {
                        ddl.execute("drop schema " + SCHEMA); // only when no other run's table is left in it
                    } catch (SQLException stillUsed) {
                        // another benchmark's table is in it: leave the schema
                    }
                }
            }
        }
    }
}
