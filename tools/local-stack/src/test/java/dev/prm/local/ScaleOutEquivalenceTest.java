package dev.prm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.prm.simulator.CrmHistory;
import dev.prm.simulator.SimulationSettings;
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
    void two_instances_per_service_share_the_load_and_give_the_same_answers_as_one() {
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

    private Run run(int instances) {
        StackOptions options = HistoryReplay.stackOptions("scale-" + instances, instances);
        CrmHistory history = new CrmHistory(HISTORY);
        try (LocalStack stack = LocalStack.start(options);
             KafkaTestClient kafka = new KafkaTestClient(options.kafkaBootstrap());
             StackProbe probe = new StackProbe(options.kafkaBootstrap())) {
            HistoryReplay.publishPaced(history, kafka, probe, options, CATCH_UP);
            TreeSet<String> partners = HistoryReplay.partners(history);
            return new Run(HistoryReplay.answers(options, HISTORY, partners, HistoryReplay.adminToken(options)),
                    consumedPerInstance(options));
        }
    }

    private static Map<String, Double> consumedPerInstance(StackOptions options) {
        return StackProbe.SERVICE_GROUPS.stream().flatMap(service -> options.instancesOf(service).stream())
                .collect(Collectors.toMap(StackOptions.Instance::name, instance -> HttpJson.getText(
                                "http://localhost:" + instance.managementPort() + "/actuator/prometheus", null).lines()
                        .filter(line -> line.startsWith("prm_events_consumed_total{"))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum()));
    }
}
