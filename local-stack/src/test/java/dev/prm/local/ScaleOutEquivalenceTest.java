package dev.prm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.prm.contracts.Topics;
import dev.prm.local.sim.CrmHistory;
import dev.prm.local.sim.SimulatedEvent;
import dev.prm.local.sim.SimulationSettings;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.KafkaTestClient;

/**
 * Issue #7, scale-out: two instances of each service, sharing its consumer group (4 partitions per topic), its
 * database and its processors' segments, decide and project exactly what one instance does, for the same
 * simulated program history. Ticks are published once the month's facts are taken in, and the next month's facts once
 * the tick's decisions are, as the simulator paces a replay.
 * It starts two whole stacks (eleven JVMs in all), so it runs on request: {@code ./mvnw -pl local-stack verify
 * -Dprm.scale-out=true -Dtest=ScaleOutEquivalenceTest}.
 */
@EnabledIfSystemProperty(named = "prm.scale-out", matches = "true")
class ScaleOutEquivalenceTest {

    private static final SimulationSettings HISTORY = SimulationSettings.defaults(2026, 30, 5);
    private static final Duration CATCH_UP = Duration.ofMinutes(3);

    @Test
    void two_instances_per_service_share_the_load_and_give_the_same_answers_as_one() throws IOException {
        Run one = run(1);
        Run two = run(2);

        assertThat(one.answers()).hasSizeGreaterThan(100);
        assertThat(two.answers().keySet()).isEqualTo(one.answers().keySet());
        List<String> differences = one.answers().keySet().stream()
                .filter(route -> !one.answers().get(route).equals(two.answers().get(route)))
                .map(route -> route + "\n  one: " + one.answers().get(route) + "\n  two: " + two.answers().get(route))
                .toList();
        assertThat(differences).as("routes answering differently with two instances").isEmpty();
        assertThat(two.consumedPerInstance()).as("events consumed by each instance")
                .allSatisfy((instance, consumed) -> assertThat(consumed).as(instance).isPositive());
    }

    private record Run(Map<String, String> answers, Map<String, Double> consumedPerInstance) {
    }

    private Run run(int instances) throws IOException {
        StackOptions options = new StackOptions(
                Path.of(System.getProperty("prm.repository.root", "..")).toAbsolutePath().normalize(),
                Files.createTempDirectory("prm-scale-" + instances), freePort(), freePort(), freePort(),
                Map.of(StackOptions.GATEWAY, freePort(), StackOptions.TIER, freePortWithNeighbour(),
                        StackOptions.REGISTRATION, freePortWithNeighbour(), StackOptions.COMMISSION, freePortWithNeighbour()),
                "event", true, StackOptions.ALL_SERVICES, instances);
        try (LocalStack stack = LocalStack.start(options);
             KafkaTestClient kafka = new KafkaTestClient(options.kafkaBootstrap());
             StackProbe probe = new StackProbe(options.kafkaBootstrap())) {
            List<String> services = StackProbe.SERVICE_GROUPS.stream().map(s -> "http://localhost:" + options.port(s)).toList();
            TreeSet<String> partners = new TreeSet<>();
            for (SimulatedEvent event : new CrmHistory(HISTORY)) {
                if (event.isTick()) {
                    // before: the month's facts are in; after: so are the decisions the tick brought (tier changes
                    // that registration-service reads), before the next month's facts are decided with them
                    probe.awaitIdle(StackProbe.SERVICE_GROUPS, services, CATCH_UP);
                    kafka.send(event.topic(), event.key(), event.value());
                    probe.awaitIdle(StackProbe.SERVICE_GROUPS, services, CATCH_UP);
                } else {
                    kafka.send(event.topic(), event.key(), event.value());
                }
                if (event.topic().equals(Topics.PARTNERS)) {
                    partners.add(event.key());
                }
            }
            probe.awaitIdle(StackProbe.SERVICE_GROUPS, services, CATCH_UP);
            String token = adminToken(options);
            return new Run(answers(options, partners, token), consumedPerInstance(options));
        }
    }

    /** Every partner-scoped read of SPEC §5, at the end of the history, straight from the services. */
    private static Map<String, String> answers(StackOptions options, TreeSet<String> partners, String token) {
        YearMonth first = HISTORY.start();
        YearMonth end = first.plusMonths(HISTORY.months());
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

    private static Map<String, Double> consumedPerInstance(StackOptions options) {
        return StackProbe.SERVICE_GROUPS.stream().flatMap(service -> options.instancesOf(service).stream())
                .collect(Collectors.toMap(StackOptions.Instance::name, instance -> HttpJson.getText(
                                "http://localhost:" + instance.port() + "/actuator/prometheus", null).lines()
                        .filter(line -> line.startsWith("prm_events_consumed_total{"))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum()));
    }

    private static String adminToken(StackOptions options) {
        HttpJson.Response response = HttpJson.sendAs(HttpRequest.newBuilder(URI.create("http://localhost:" + options.port(StackOptions.GATEWAY) + "/dev/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"admin\":true}")), null);
        assertThat(response.status()).isEqualTo(200);
        return response.body().get("token").stringValue();
    }

    /** A second instance listens 10 ports above the first. */
    private static int freePortWithNeighbour() throws IOException {
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
