package dev.prm.tier;

import static dev.prm.testsupport.CrmEvents.dealClosed;
import static dev.prm.testsupport.CrmEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.prm.contracts.Topics;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.TestTokens;

/** SPEC §5 enforced by the service itself, for a request that reaches it without the gateway. */
class ServiceAuthorisationIntegrationTest extends TierServiceIntegrationTest {

    @Test
    void partner_routes_answer_their_partner_and_admins_and_look_missing_to_anybody_else() {
        String partner = "P-" + newId();
        kafka.send(Topics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d1", "100", "USD", "US", Instant.parse("2022-03-10T00:00:00Z")));
        awaitPoints(partner, Instant.parse("2022-04-01T00:00:00Z"), 1);
        String points = url("/api/partners/" + partner + "/points?asOf=2022-04-01");

        assertThat(HttpJson.get(points, TestTokens.partner(partner)).status()).isEqualTo(200);
        assertThat(HttpJson.get(points, TestTokens.admin()).status()).isEqualTo(200);
        HttpJson.Response otherPartner = HttpJson.get(points, TestTokens.partner("someone-else"));
        assertThat(otherPartner.status()).isEqualTo(404);
        assertThat(otherPartner.contentType()).startsWith("application/problem+json");
        assertThat(otherPartner.body().toString()).doesNotContain(partner);
    }

    @Test
    void a_missing_expired_foreign_or_wrongly_addressed_token_is_refused_401() {
        String tier = url("/api/partners/P1/tier");
        for (String token : new String[] {null, TestTokens.expired("P1"), TestTokens.wrongAudience("P1"), TestTokens.wrongIssuer("P1"),
                "not-a-jwt"}) {
            HttpJson.Response response = HttpJson.get(tier, token);
            assertThat(response.status()).as("token %s", token).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void admin_routes_need_the_admin_role() {
        String thresholds = url("/api/admin/tier-thresholds");
        assertThat(HttpJson.get(thresholds, TestTokens.partner("P1")).status()).isEqualTo(403);
        assertThat(HttpJson.get(thresholds, TestTokens.admin()).status()).isEqualTo(200);
    }

    @Test
    void probes_and_metrics_stay_open() {
        assertThat(HttpJson.get(url("/actuator/health/readiness"), null).status()).isEqualTo(200);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
