package dev.prm.local;

import static dev.prm.local.PortCheck.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.simulator.SimulatedEvent;
import dev.prm.simulator.SimulationSettings;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.KafkaTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the tests that replay one simulated history several ways on whole local stacks share: the stack's options,
 * paced publication, and every partner-scoped answer read back, so that two replays can be compared.
 */
final class HistoryReplay {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HistoryReplay() {
    }

    /**
     * A fresh stack in event mode on free ports, each backend service's port with a free neighbour 10 above, so
     * that it can run (or be reset to) two instances.
     */
    static StackOptions stackOptions(String name, int instances) {
        try {
            return new StackOptions(
                    Path.of(System.getProperty("prm.repository.root", "../..")).toAbsolutePath().normalize(),
                    Files.createTempDirectory("prm-" + name), freePort(), freePort(), freePort(),
                    Map.of(StackOptions.GATEWAY, freePort(), StackOptions.TIER, freePortWithNeighbour(),
                            StackOptions.REGISTRATION, freePortWithNeighbour(), StackOptions.COMMISSION, freePortWithNeighbour()),
                    "event", true, StackOptions.ALL_SERVICES, instances);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first instance of each backend service, where {@link StackProbe} asks how far its processors are. */
    static List<String> serviceUrls(StackOptions options) {
        return StackProbe.SERVICE_GROUPS.stream().map(s -> "http://localhost:" + options.managementPort(s)).toList();
    }

    /**
     * Each tick once the month's facts are taken in, and the next month's facts once the tick's decisions are (tier
     * changes that registration-service reads), as the simulator paces a replay.
     */
    static void publishPaced(Iterable<SimulatedEvent> history, KafkaTestClient kafka, StackProbe probe, StackOptions options,
                             Duration catchUp) {
        List<String> services = serviceUrls(options);
        for (SimulatedEvent event : history) {
            if (event.isTick()) {
                probe.awaitIdle(StackProbe.SERVICE_GROUPS, services, catchUp);
                kafka.send(event.topic(), event.key(), event.value());
                probe.awaitIdle(StackProbe.SERVICE_GROUPS, services, catchUp);
            } else {
                kafka.send(event.topic(), event.key(), event.value());
            }
        }
        probe.awaitIdle(StackProbe.SERVICE_GROUPS, services, catchUp);
    }

    /** The partners of a history: every key on the partners topic. */
    static TreeSet<String> partners(Iterable<SimulatedEvent> history) {
        TreeSet<String> partners = new TreeSet<>();
        for (SimulatedEvent event : history) {
            if (event.topic().equals(CrmTopics.PARTNERS)) {
                partners.add(event.key());
            }
        }
        return partners;
    }

    /** Every partner-scoped read of SPEC §5, at the end of the history, straight from the services: path to status and body. */
    static Map<String, String> answers(StackOptions options, SimulationSettings history, Set<String> partners, String token) {
        YearMonth first = history.start();
        YearMonth end = first.plusMonths(history.months());
        String asOf = end.atDay(1) + "T00:00:00Z";
        Map<String, String> answers = new TreeMap<>();
        for (String partner : partners) {
            List<String[]> routes = new ArrayList<>(List.of(
                    new String[] {StackOptions.TIER, "/tier?asOf=" + asOf}, new String[] {StackOptions.TIER, "/tier/history"},
                    new String[] {StackOptions.TIER, "/points?asOf=" + asOf},
                    new String[] {StackOptions.REGISTRATION, "/registrations?asOf=" + asOf},
                    new String[] {StackOptions.REGISTRATION, "/registration-cap?asOf=" + asOf},
                    new String[] {StackOptions.COMMISSION, "/commission-hold"}));
            for (YearMonth month = first; month.isBefore(end); month = month.plusMonths(1)) {
                routes.add(new String[] {StackOptions.COMMISSION, "/commissions?month=" + month});
            }
            for (String[] route : routes) {
                String path = "/api/partners/" + partner + route[1];
                HttpJson.Response response = HttpJson.get("http://localhost:" + options.port(route[0]) + path, token);
                answers.put(path, response.status() + " " + response.body());
            }
        }
        return answers;
    }

    /**
     * The last decision published on {@code registration-events} about each request, per partner and domain (a
     * partner's decisions are in publication order on its partition): {@code decision <partner> <domain>} for the last
     * grant, refusal or revocation, {@code conflict <partner> <domain>} for the last channel-conflict case event.
     * A revocation reads as the refusal time order would have given (SPEC B3: P-B's grant revoked with reason
     * ALREADY_REGISTERED is the ALREADY_REGISTERED refusal P-B would have had), so paced and revised histories compare.
     */
    static Map<String, String> lastDecisions(String bootstrap) {
        Map<String, String> decisions = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : readAll(bootstrap, RegistrationEvents.TOPIC)) {
            JsonNode event = JSON.readTree(record.value());
            JsonNode data = event.path("data");
            String about = data.path("partnerId").asString() + " " + data.path("domain").asString();
            switch (event.path("type").asString()) {
                case "DomainRegistered" -> decisions.put("decision " + about, "GRANTED registeredAt=" + data.path("registeredAt").asString()
                        + " validUntil=" + data.path("validUntil").asString() + " coSell=" + data.path("coSell").asBoolean());
                case "DomainRegistrationRejected", "DomainRegistrationRevoked" ->
                        decisions.put("decision " + about, "REFUSED " + data.path("reason").asString());
                case "ChannelConflictOpened" -> decisions.put("conflict " + about, "OPENED directOwner=" + data.path("directOwnerId").asString());
                case "ChannelConflictResolved" -> decisions.put("conflict " + about, "RESOLVED " + data.path("resolution").asString());
                default -> {
                }
            }
        }
        return decisions;
    }

    /** Every record of {@code topic} so far, partition by partition, each in offset order. */
    static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> read = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
            partitions.forEach(partition -> read.put(partition, new ArrayList<>()));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within a minute");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record ->
                        read.get(new TopicPartition(record.topic(), record.partition())).add(record));
            }
            return read.values().stream().flatMap(List::stream).toList();
        }
    }

    static String adminToken(StackOptions options) {
        HttpJson.Response response = HttpJson.sendAs(HttpRequest.newBuilder(URI.create("http://localhost:" + options.port(StackOptions.GATEWAY) + "/dev/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"admin\":true}")), null);
        assertThat(response.status()).isEqualTo(200);
        return response.body().get("token").stringValue();
    }

    /** A second instance listens 10 ports above the first. */
    static int freePortWithNeighbour() throws IOException {
        while (true) {
            int port = freePort();
            if (port + 10 < 65536) {
                try (ServerSocket neighbour = new ServerSocket(port + 10)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
    }
}
