package dev.prm.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code bin/dead-letters}: every message a service refused, with the reason it gave (the {@code dlt-*} headers),
 * read from the start of each {@code <topic>.DLT} without joining a consumer group, so it changes nothing.
 */
public final class DeadLetters {

    static final String USAGE = """
            Usage: bin/dead-letters [--topic=deal-closed.DLT] [--last=20] [--bootstrap=host:port] [--data-dir=.local-stack]
              Prints the last N dead letters of every .DLT topic (or of one): where the message came from, the
              reason and detail the service gave, its key and the start of its value.""";

    private static final int VALUE_SHOWN = 300;

    private DeadLetters() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Tool.run(() -> print(ToolArguments.parse(args, Set.of("topic", "last", "bootstrap", "data-dir"), USAGE)));
    }

    private static void print(ToolArguments arguments) {
        String bootstrap = RunningStack.bootstrap(arguments);
        int last = Integer.parseInt(arguments.option("last").orElse("20"));
        List<String> topics = arguments.option("topic").map(List::of).orElseGet(() -> Broker.topics(bootstrap).stream()
                .filter(name -> name.endsWith(".DLT")).sorted().toList());
        List<ConsumerRecord<String, byte[]>> letters = read(bootstrap, topics);
        letters.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
        List<ConsumerRecord<String, byte[]>> shown = letters.subList(Math.max(0, letters.size() - last), letters.size());
        System.out.printf("%d dead letter(s) on %s; the last %d:%n", letters.size(), topics, shown.size());
        shown.forEach(letter -> System.out.println(describe(letter)));
    }

    static List<ConsumerRecord<String, byte[]>> read(String bootstrap, List<String> topics) {
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                consumer.poll(Duration.ofMillis(500)).forEach(letters::add);
            }
        }
        return letters;
    }

    static String describe(ConsumerRecord<String, byte[]> letter) {
        StringBuilder text = new StringBuilder();
        text.append("%s-%d@%d  %s  key=%s%n".formatted(letter.topic(), letter.partition(), letter.offset(),
                Instant.ofEpochMilli(letter.timestamp()), letter.key()));
        for (Header header : letter.headers()) {
            if (header.key().startsWith("dlt-")) {
                text.append("  %-22s %s%n".formatted(header.key(), new String(header.value(), StandardCharsets.UTF_8)));
            }
        }
        String value = letter.value() == null ? "(no value)" : new String(letter.value(), StandardCharsets.UTF_8);
        text.append("  value (%,d bytes)      %s".formatted(letter.value() == null ? 0 : letter.value().length,
                value.length() > VALUE_SHOWN ? value.substring(0, VALUE_SHOWN) + "…" : value));
        return text.toString();
    }
}
