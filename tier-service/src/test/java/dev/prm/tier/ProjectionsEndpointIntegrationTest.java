package dev.prm.tier;

import static dev.prm.testsupport.CrmEvents.dealClosed;
import static dev.prm.testsupport.CrmEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.prm.contracts.crm.CrmTopics;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.TestTokens;
import tools.jackson.databind.JsonNode;

/** The operators' view of the read side: how far each processor is behind, and a rebuild on request. */
class ProjectionsEndpointIntegrationTest extends TierServiceIntegrationTest {

    private static final Instant MARCH = Instant.parse("2022-03-10T09:00:00Z");

    @Test
    void positions_reach_the_head_and_a_replay_rebuilds_the_projection_only_for_an_admin() {
        String partner = "PRJ-" + newId().substring(0, 8);
        for (int deal = 1; deal <= 3; deal++) {
            kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "D" + deal, "1000", "USD", "US", MARCH));
        }
        awaitPoints(partner, MARCH.plusSeconds(60), 3);
        JsonNode caughtUp = awaitCaughtUp();
        long head = caughtUp.get("head").longValue();
        assertThat(head).isGreaterThanOrEqualTo(3);
        assertThat(names(caughtUp)).contains("points", "tiers", "tier-events-publisher");

        assertThat(replay("points", null).status()).as("no token").isEqualTo(401);
        assertThat(replay("points", TestTokens.partner(partner)).status()).as("a partner").isEqualTo(403);
        assertThat(replay("no-such-processor", TestTokens.admin()).status()).isEqualTo(404);
        assertThat(replay("points", TestTokens.admin()).status()).isEqualTo(202);

        JsonNode rebuilt = awaitCaughtUp();
        assertThat(rebuilt.get("head").longValue()).isEqualTo(head);
        assertThat(awaitPoints(partner, MARCH.plusSeconds(60), 3).at("/deals").size()).isEqualTo(3);
        assertThat(HttpJson.getText("http://localhost:" + managementPort + "/actuator/prometheus"))
                .contains("prm_projection_behind_events{", "processor=\"points\"");
    }

    private JsonNode awaitCaughtUp() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> HttpJson.get("http://localhost:" + managementPort + "/actuator/projections").body(),
                        status -> status.get("processors").size() >= 3
                                && status.get("processors").valueStream().allMatch(p -> p.get("behind").longValue() == 0));
    }

    private static java.util.List<String> names(JsonNode status) {
        return status.get("processors").valueStream().map(p -> p.get("name").stringValue()).toList();
    }

    private HttpJson.Response replay(String processor, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/projections/" + processor))
                .POST(HttpRequest.BodyPublishers.noBody());
        return HttpJson.sendAs(request, token);
    }
}
