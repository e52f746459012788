package dev.prm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.prm.simulator.CrmHistory;
import dev.prm.simulator.SimulatedEvent;
import dev.prm.simulator.SimulationSettings;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.KafkaTestClient;
import tools.jackson.databind.JsonNode;

/**
 * SPEC B3, "arrival order never changes a result": one simulated history, with the conflicts that arrival order could
 * decide staged on purpose, published (a) paced, each tick once its month's facts are taken in and the next month's
 * facts once the tick's decisions are; (b) all at once as a backlog, in history order; (c) all at once with the facts
 * between two ticks shuffled across topics and partitions (seeded; each partner's order on each topic kept, SPEC §4;
 * every tick after its facts); (d) in the long form, as a backlog on two instances per service. Every partner-scoped
 * answer and the last published decision about each request must be the same as (a)'s.
 * One stack serves every variant: between them its services are stopped, their topics, groups and databases wiped,
 * and they start again ({@link LocalStack#resetServices}), which saves the broker's, PostgreSQL's and the gateway's start.
 * Short by default; {@code -Dprm.arrival-order=long} replays a longer history and adds (d);
 * {@code -Dprm.arrival-order=two-instances} adds (d) to the short history.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArrivalOrderPropertyTest {

    private static final boolean LONG = "long".equals(System.getProperty("prm.arrival-order"));
    private static final SimulationSettings HISTORY = LONG
            ? SimulationSettings.defaults(2031, 30, 24).withConflictsPerMonth(2).withMidMonthTicks(true)
            : SimulationSettings.defaults(2027, 8, 9).withConflictsPerMonth(1);
    private static final long SHUFFLE_SEED = 20_260_301L;
    private static final Duration CATCH_UP = Duration.ofMinutes(3);
    private static final Duration BACKLOG_CATCH_UP = Duration.ofMinutes(LONG ? 30 : 10);
    private static final int SHOWN = 20;

    private final CrmHistory history = new CrmHistory(HISTORY);
    private final TreeSet<String> partners = HistoryReplay.partners(history);
    private LocalStack stack;
    private Map<String, String> paced;

    @BeforeAll
    void startTheStackAndReplayPaced() {
        long started = System.nanoTime();
        stack = LocalStack.start(HistoryReplay.stackOptions("arrival-order", 1));
        log("stack started", started);
        started = System.nanoTime();
        try (KafkaTestClient kafka = new KafkaTestClient(stack.options().kafkaBootstrap());
             StackProbe probe = new StackProbe(stack.options().kafkaBootstrap())) {
            HistoryReplay.publishPaced(history, kafka, probe, stack.options(), CATCH_UP);
        }
        paced = results("a-paced");
        log("(a) paced", started);
    }

    @AfterAll
    void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void B3_a_paced_replay_answers_for_every_partner_and_request() {
        assertThat(paced).hasSizeGreaterThan(100);
        assertThat(paced.keySet()).anyMatch(key -> key.startsWith("decision ")).anyMatch(key -> key.startsWith("conflict "));
        assertThat(paced.values()).noneMatch(answer -> answer.startsWith("5"));
    }

    /**
     * Issue 18 on the real stack: the what-if replays the stored facts with the live rules, so over the whole history
     * its side under today's rules ends with the tiers the services decided (the calibration's count per tier).
     */
    @Test
    @Order(1)
    void the_what_if_under_todays_rules_ends_with_the_tiers_the_services_decided() {
        String gateway = "http://localhost:" + stack.options().port(StackOptions.GATEWAY);
        String admin = HistoryReplay.adminToken(stack.options());
        JsonNode calibration = HttpJson.get(gateway + "/api/admin/tier-calibration", admin).body();
        Instant to = Instant.parse(calibration.get("asOf").stringValue());
        String proposal = """
                {"from":"%s","to":"%s",
                 "thresholds":{"GOLD":{"totalPoints":250,"minimumSold":150},"PLATINUM":{"totalPoints":500,"minimumSold":250},
                               "DIAMOND":{"totalPoints":1200,"minimumSold":600},"ELITE":{"totalPoints":6000,"minimumSold":3500}}}"""
                .formatted(to.atOffset(ZoneOffset.UTC).minusMonths(HISTORY.months() + 1).toInstant(), to);
        HttpJson.Response answer = HttpJson.sendAs(HttpRequest.newBuilder(URI.create(gateway + "/api/admin/what-if"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(proposal)), admin);

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        Map<String, Long> live = new TreeMap<>();
        calibration.get("partnersPerTier").properties().forEach(tier -> live.put(tier.getKey(), tier.getValue().asLong()));
        Map<String, Long> replayed = new TreeMap<>();
        answer.body().at("/periodEnd/partnersPerTier").properties()
                .forEach(tier -> replayed.put(tier.getKey(), tier.getValue().get("today").asLong()));
        assertThat(live.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(partners.size());
        assertThat(replayed).isEqualTo(live);
    }

    @Test
    @Order(2)
    void B3_b_the_history_as_one_backlog_gives_the_paced_results() {
        assertSameAsPaced("(b) backlog", replayAtOnce(1, history, "b-backlog"));
    }

    @Test
    @Order(3)
    void B3_c_facts_shuffled_across_topics_and_partitions_between_ticks_give_the_paced_results() {
        assertSameAsPaced("(c) shuffled", replayAtOnce(1, shuffledBetweenTicks(history, SHUFFLE_SEED), "c-shuffled"));
    }

    @Test
    @Order(4)
    @EnabledIfSystemProperty(named = "prm.arrival-order", matches = "long|two-instances")
    void B3_d_a_backlog_on_two_instances_per_service_gives_the_paced_results() {
        assertSameAsPaced("(d) backlog, 2 instances", replayAtOnce(2, history, "d-backlog-2-instances"));
    }

    /** On a wiped stack: every event sent without waiting (each partition keeps the order given), then until idle. */
    private Map<String, String> replayAtOnce(int instances, Iterable<SimulatedEvent> events, String variant) {
        long started = System.nanoTime();
        stack.resetServices(instances);
        log("services reset to " + instances + " instance(s)", started);
        started = System.nanoTime();
        StackOptions options = stack.options();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
             StackProbe probe = new StackProbe(options.kafkaBootstrap())) {
            for (SimulatedEvent event : events) {
                producer.send(new ProducerRecord<>(event.topic(), event.key(), event.value()));
            }
            producer.flush();
            probe.awaitIdle(StackProbe.SERVICE_GROUPS, HistoryReplay.serviceUrls(options), BACKLOG_CATCH_UP);
        }
        log(variant + " replayed at once", started);
        return results(variant);
    }

    /** Every answer, also written to {@code target/arrival-order/<variant>.txt} (one per line) to diff in full. */
    private Map<String, String> results(String variant) {
        StackOptions options = stack.options();
        Map<String, String> results = new TreeMap<>(HistoryReplay.answers(options, HISTORY, partners, HistoryReplay.adminToken(options)));
        results.putAll(HistoryReplay.lastDecisions(options.kafkaBootstrap()));
        try {
            Path file = Path.of("target", "arrival-order", variant + ".txt");
            Files.createDirectories(file.getParent());
            Files.write(file, results.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return results;
    }

    /**
     * The history with the facts between two ticks interleaved at random (seeded), each partner's (each key's) facts on
     * each topic still in their order, and every tick after the facts before it.
     */
    static List<SimulatedEvent> shuffledBetweenTicks(Iterable<SimulatedEvent> history, long seed) {
        Random random = new Random(seed);
        List<SimulatedEvent> shuffled = new ArrayList<>();
        Map<String, ArrayDeque<SimulatedEvent>> perTopicAndKey = new LinkedHashMap<>();
        for (SimulatedEvent event : history) {
            if (event.isTick()) {
                interleave(perTopicAndKey, random, shuffled);
                shuffled.add(event);
            } else {
                perTopicAndKey.computeIfAbsent(event.topic() + " " + event.key(), k -> new ArrayDeque<>()).add(event);
            }
        }
        interleave(perTopicAndKey, random, shuffled);
        return shuffled;
    }

    private static void interleave(Map<String, ArrayDeque<SimulatedEvent>> queues, Random random, List<SimulatedEvent> into) {
        List<ArrayDeque<SimulatedEvent>> open = new ArrayList<>(queues.values());
        while (!open.isEmpty()) {
            int which = random.nextInt(open.size());
            into.add(open.get(which).poll());
            if (open.get(which).isEmpty()) {
                open.remove(which);
            }
        }
        queues.clear();
    }

    private void assertSameAsPaced(String variant, Map<String, String> results) {
        String differences = differences(paced, results);
        System.out.println("[B3] " + variant + ": " + (differences.isEmpty() ? "the same as (a) paced" : differences));
        assertThat(differences).as("%s against (a) paced", variant).isEmpty();
    }

    /**
     * Empty when equal; otherwise the count per route kind and the first {@value #SHOWN} differences with both
     * answers, taken from each kind in turn so that one partner's many commission months do not hide the rest.
     */
    static String differences(Map<String, String> expected, Map<String, String> actual) {
        TreeSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        Map<String, ArrayDeque<String>> perKind = new TreeMap<>();
        int count = 0;
        for (String key : keys) {
            String one = expected.getOrDefault(key, "(none)");
            String other = actual.getOrDefault(key, "(none)");
            if (!one.equals(other)) {
                perKind.computeIfAbsent(kind(key), k -> new ArrayDeque<>())
                        .add(key + "\n    paced: " + excerpt(one, other) + "\n    this:  " + excerpt(other, one));
                count++;
            }
        }
        if (count == 0) {
            return "";
        }
        Map<String, Integer> counts = new TreeMap<>();
        perKind.forEach((kind, shown) -> counts.put(kind, shown.size()));
        List<String> shown = new ArrayList<>();
        while (shown.size() < Math.min(SHOWN, count)) {
            perKind.values().stream().filter(queue -> !queue.isEmpty()).forEach(queue -> {
                if (shown.size() < SHOWN) {
                    shown.add(queue.poll());
                }
            });
        }
        return count + " of " + keys.size() + " answers differ " + counts + "; " + shown.size() + " of them:\n  "
                + String.join("\n  ", shown);
    }

    /** {@code tier}, {@code points}, {@code commissions}, ... for a route; {@code decision} or {@code conflict} for a request. */
    private static String kind(String key) {
        if (!key.startsWith("/api/partners/")) {
            return key.substring(0, key.indexOf(' '));
        }
        String route = key.substring("/api/partners/".length());
        route = route.substring(route.indexOf('/') + 1);
        int query = route.indexOf('?');
        return query < 0 ? route : route.substring(0, query);
    }

    /** The text around the first character where it differs from {@code other}. */
    private static String excerpt(String text, String other) {
        int at = 0;
        while (at < text.length() && at < other.length() && text.charAt(at) == other.charAt(at)) {
            at++;
        }
        int from = Math.max(0, at - 80);
        int to = Math.min(text.length(), at + 220);
        return (from > 0 ? "…" : "") + text.substring(from, to) + (to < text.length() ? "…" : "");
    }

    private static void log(String what, long startedNanos) {
        System.out.printf("[B3] %s in %d s%n", what, Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds());
    }
}
