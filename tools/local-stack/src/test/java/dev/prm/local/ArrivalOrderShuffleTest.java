package dev.prm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.prm.simulator.CrmHistory;
import dev.prm.simulator.SimulatedEvent;
import dev.prm.simulator.SimulationSettings;

/** The inputs and the diff of {@link ArrivalOrderPropertyTest}, without a stack. */
class ArrivalOrderShuffleTest {

    private final List<SimulatedEvent> history =
            new CrmHistory(SimulationSettings.defaults(2027, 10, 4).withConflictsPerMonth(1)).stream().toList();

    @Test
    void B3_the_shuffle_mixes_the_facts_between_two_ticks_and_keeps_each_keys_order_on_each_topic() {
        List<SimulatedEvent> shuffled = ArrivalOrderPropertyTest.shuffledBetweenTicks(history, 7);

        assertThat(shuffled).isNotEqualTo(history).containsExactlyInAnyOrderElementsOf(history);
        assertThat(ArrivalOrderPropertyTest.shuffledBetweenTicks(history, 7)).isEqualTo(shuffled);
        assertThat(perTopicAndKey(shuffled)).isEqualTo(perTopicAndKey(history));
        List<List<SimulatedEvent>> before = segments(history);
        List<List<SimulatedEvent>> after = segments(shuffled);
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i)).as("the facts before tick %d", i).containsExactlyInAnyOrderElementsOf(before.get(i));
        }
    }

    @Test
    void B3_differences_are_counted_per_route_kind() {
        Map<String, String> paced = Map.of("/api/partners/P-1/tier?asOf=2023-01-01T00:00:00Z", "200 {\"tier\":\"GOLD\"}",
                "/api/partners/P-1/commissions?month=2022-03", "200 {\"a\":1}", "decision P-1 acme.com", "GRANTED",
                "decision P-2 acme.com", "REFUSED ALREADY_REGISTERED");
        Map<String, String> other = new java.util.HashMap<>(paced);
        other.put("/api/partners/P-1/tier?asOf=2023-01-01T00:00:00Z", "200 {\"tier\":\"PLATINUM\"}");
        other.put("decision P-2 acme.com", "GRANTED");

        String differences = ArrivalOrderPropertyTest.differences(paced, other);

        assertThat(ArrivalOrderPropertyTest.differences(paced, paced)).isEmpty();
        assertThat(differences).startsWith("2 of 4 answers differ {decision=1, tier=1}")
                .contains("paced: 200 {\"tier\":\"GOLD\"}", "this:  200 {\"tier\":\"PLATINUM\"}", "paced: REFUSED ALREADY_REGISTERED");
    }

    private static Map<String, List<String>> perTopicAndKey(List<SimulatedEvent> events) {
        return events.stream().collect(Collectors.groupingBy(e -> e.topic() + " " + e.key(),
                Collectors.mapping(SimulatedEvent::id, Collectors.toList())));
    }

    /** The facts before each tick, and the tick. */
    private static List<List<SimulatedEvent>> segments(List<SimulatedEvent> events) {
        List<List<SimulatedEvent>> segments = new ArrayList<>();
        List<SimulatedEvent> current = new ArrayList<>();
        for (SimulatedEvent event : events) {
            current.add(event);
            if (event.isTick()) {
                segments.add(current);
                current = new ArrayList<>();
            }
        }
        segments.add(current);
        return segments;
    }
}
