package dev.prm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** How FaultInjectionTest compares what two runs published: consumers de-duplicate by id, and ids differ between runs. */
class OutboundEventsTest {

    private static final String TOPIC = "tier-events";

    @Test
    void the_same_decisions_under_other_ids_and_a_re_publication_with_the_same_id_are_no_difference() {
        OutboundEvents faultFree = published(event("a", "GOLD"), event("b", "PLATINUM"));
        OutboundEvents faulted = published(event("x", "PLATINUM"), event("y", "GOLD"), event("y", "GOLD"));

        assertThat(OutboundEvents.differences(faultFree, faulted, 10)).isEmpty();
        assertThat(faulted.conflicts()).isEmpty();
        assertThat(faulted.records()).containsEntry(TOPIC, 3);
        assertThat(faulted.distinctIds(TOPIC)).isEqualTo(2);
    }

    @Test
    void a_decision_missing_or_made_twice_under_two_ids_is_a_difference() {
        OutboundEvents faultFree = published(event("a", "GOLD"), event("b", "PLATINUM"));
        OutboundEvents faulted = published(event("x", "GOLD"), event("y", "GOLD"));

        assertThat(OutboundEvents.differences(faultFree, faulted, 10)).containsExactly(
                "tier-events: ×1 fault-free, ×2 with faults: TierChanged {\"to\":\"GOLD\"}",
                "tier-events: ×1 fault-free, ×0 with faults: TierChanged {\"to\":\"PLATINUM\"}");
    }

    @Test
    void one_id_published_with_two_contents_is_a_conflict() {
        OutboundEvents faulted = published(event("a", "GOLD"), event("a", "PLATINUM"));

        assertThat(faulted.conflicts()).singleElement().asString().contains("id a");
    }

    private static OutboundEvents published(byte[]... values) {
        return OutboundEvents.of(Map.of(TOPIC, Arrays.asList(values)));
    }

    private static byte[] event(String id, String tier) {
        return ("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/tier-service\",\"type\":\"TierChanged\","
                + "\"data\":{\"to\":\"" + tier + "\"}}").getBytes(StandardCharsets.UTF_8);
    }
}
