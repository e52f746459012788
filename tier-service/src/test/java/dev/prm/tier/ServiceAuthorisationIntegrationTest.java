package dev.prm.tier;

import static dev.prm.testsupport.CrmEvents.dealClosed;
import static dev.prm.testsupport.CrmEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.test.util.ReflectionTestUtils;

import dev.prm.contracts.crm.CrmTopics;
import dev.prm.security.CachingJwtDecoder;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.TestTokens;

/** SPEC §5 enforced by the service itself, for a request that reaches it without the gateway. */
class ServiceAuthorisationIntegrationTest extends TierServiceIntegrationTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Autowired
    JwtDecoder jwtDecoder;

    @Autowired
    SecurityObservationSettings securityObservations;

    @Test
    void tokens_are_checked_once_through_the_verified_token_cache_and_security_filters_record_no_observation() {
        assertThat(jwtDecoder).isInstanceOf(CachingJwtDecoder.class);
        assertThat(securityObservations.shouldObserveRequests()).isFalse();
        assertThat(securityObservations.shouldObserveAuthentications()).isFalse();
        assertThat(securityObservations.shouldObserveAuthorizations()).isFalse();
    }

    @Test
    void the_firewall_in_use_checks_header_characters_as_springs_default_does(@Autowired HttpFirewall firewall,
                                                                            @Autowired FilterChainProxy securityFilterChain) {
        // Spring MVC's security configuration wraps the proxy WebSecurity built, which holds the firewall
        Object built = ReflectionTestUtils.getField(securityFilterChain, "springSecurityFilterChain");
        assertThat(ReflectionTestUtils.getField(built, "firewall")).isSameAs(firewall);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/partners/P1/tier");
        request.addHeader("Authorization", "Bearer a\u0085b");
        request.addHeader("X-Tabbed", "a\tb");
        HttpServletRequest firewalled = firewall.getFirewalledRequest(request);
        assertThat(firewalled.getHeader("X-Tabbed")).isEqualTo("a\tb");
        assertThatThrownBy(() -> firewalled.getHeader("Authorization")).isInstanceOf(RequestRejectedException.class);
    }

    @Test
    void partner_routes_answer_their_partner_and_admins_and_look_missing_to_anybody_else() {
        String partner = "P-" + newId();
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d1", "100", "USD", "US", Instant.parse("2022-03-10T00:00:00Z")));
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
                "not-a-jwt", "malformed bearer=token"}) {
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
    void S5_a_partner_id_that_needs_percent_encoding_reaches_its_own_routes() {
        for (String[] partner : new String[][] {{"P-ü", "P-%C3%BC"}, {"P A", "P%20A"}}) {
            String tier = url("/api/partners/" + partner[1] + "/tier");
            assertThat(HttpJson.get(tier, TestTokens.partner(partner[0])).status()).as(partner[0]).isIn(200, 404);
            HttpJson.Response own = HttpJson.get(tier, TestTokens.partner(partner[0]));
            assertThat(own.body().toString()).as("not refused by the access rule").doesNotContain("no such resource");
            assertThat(HttpJson.get(tier, TestTokens.partner("P-u")).body().get("detail").stringValue()).isEqualTo("no such resource");
        }
    }

    @Test
    void S4_what_the_http_firewall_or_tomcat_refuses_answers_problem_json() throws Exception {
        String token = "Bearer " + TestTokens.partner("P1");
        for (String path : List.of("/api/partners/P1%2FP2/tier", "/api/partners/P1;x=1/tier", "/api/partners/P1/../P2/tier",
                "/api/partners/P1/%2e%2e/P2/tier", "/api/partners/P1%25/tier", "/api/partners/P1%00/tier",
                "/v3/api-docs/%2e%2e/x", "/no-such-route")) {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isBetween(400, 499);
            assertThat(response.headers().firstValue("content-type")).as(path + ": " + response.body()).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).as(path).contains("\"status\":" + response.statusCode()).doesNotContain("Exception", "at org.", "Tomcat");
        }
    }

    @Test
    void probes_and_metrics_stay_open_on_the_management_port() {
        assertThat(HttpJson.get("http://localhost:" + managementPort + "/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    void requests_are_timed_without_an_in_flight_timer_per_observation() {
        HttpJson.get(url("/api/partners/P1/tier"), TestTokens.partner("P1"));
        assertThat(HttpJson.getText("http://localhost:" + managementPort + "/actuator/prometheus"))
                .contains("http_server_requests_seconds_count").doesNotContain("_active_seconds");
    }

    @Test
    void S5_metrics_and_projection_positions_are_not_served_on_the_public_port() {
        for (String path : List.of("/actuator/prometheus", "/actuator/projections", "/actuator/health")) {
            HttpJson.Response onPublicPort = HttpJson.get(url(path), null);
            assertThat(onPublicPort.status()).as(path).isEqualTo(404);
            assertThat(onPublicPort.contentType()).as(path).startsWith("application/problem+json");
            assertThat(HttpJson.get(url(path), TestTokens.admin()).status()).as(path + " with a token").isEqualTo(404);
        }
        assertThat(managementPort).isNotEqualTo(port);
        String partner = "P-" + newId(); // an event consumed by this test, whichever test ran before it
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d1", "100", "USD", "US", Instant.parse("2022-03-10T00:00:00Z")));
        awaitPoints(partner, Instant.parse("2022-04-01T00:00:00Z"), 1);
        assertThat(HttpJson.getText("http://localhost:" + managementPort + "/actuator/prometheus")).contains("prm_events_consumed_total");
        assertThat(HttpJson.get("http://localhost:" + managementPort + "/actuator/projections", null).status()).isEqualTo(200);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
