package dev.prm.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.server.ServerWebExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.prm.security.CachingReactiveJwtDecoder;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.TestTokens;

/**
 * The gateway's own checks, with a stub behind every route: who gets through (SPEC §5, OWASP API1/API5),
 * rate and size limits (API4), problem+json for every refusal, docs and metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.security.oauth2.resourceserver.jwt.public-key-location=" + TestTokens.PUBLIC_KEY_LOCATION,
        "prm.security.issuer=" + TestTokens.ISSUER,
        "prm.gateway.rate-limit.per-second=1",
        "prm.gateway.rate-limit.burst=5",
        "prm.gateway.max-request-bytes=1024"})
class GatewaySecurityTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ReactiveJwtDecoder jwtDecoder;

    @Autowired
    SecurityObservationSettings securityObservations;

    @Test
    void tokens_are_checked_once_through_the_verified_token_cache_and_security_filters_record_no_observation() {
        assertThat(jwtDecoder).isInstanceOf(CachingReactiveJwtDecoder.class);
        assertThat(securityObservations.shouldObserveRequests()).isFalse();
        assertThat(securityObservations.shouldObserveAuthentications()).isFalse();
        assertThat(securityObservations.shouldObserveAuthorizations()).isFalse();
    }

    @Test
    void the_firewall_in_use_checks_header_characters_as_springs_default_does(@Autowired ServerWebExchangeFirewall firewall,
                                                                            @Autowired WebFilterChainProxy securityFilterChain) {
        assertThat(ReflectionTestUtils.getField(securityFilterChain, "firewall")).isSameAs(firewall);
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/partners/P1/tier")
                .header("Authorization", "Bearer a\u0085b").header("X-Tabbed", "a\tb"));
        ServerWebExchange firewalled = firewall.getFirewalledExchange(exchange).block();
        assertThat(firewalled.getRequest().getHeaders().getFirst("X-Tabbed")).isEqualTo("a\tb");
        assertThatThrownBy(() -> firewalled.getRequest().getHeaders().getFirst("Authorization")).isInstanceOf(ServerExchangeRejectedException.class);
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        StubService.registerAsEveryService(registry);
    }

    static List<String> partnerRoutes() {
        return List.of("/tier", "/tier/history", "/tier/outlook", "/points", "/registrations", "/registration-cap", "/commissions?month=2022-04",
                "/commission-hold");
    }

    @ParameterizedTest(name = "GET /api/partners/<id>{0}")
    @MethodSource("partnerRoutes")
    void every_partner_route_refuses_missing_expired_and_misaddressed_tokens_hides_other_partners_and_serves_its_own(String route) {
        String partner = "P-" + Math.abs(route.hashCode());
        String url = url("/api/partners/" + partner + route);

        for (String refused : new String[] {null, TestTokens.expired(partner), TestTokens.wrongAudience(partner), TestTokens.wrongIssuer(partner),
                "malformed bearer=token"}) {
            HttpJson.Response response = HttpJson.get(url, refused);
            assertThat(response.status()).as("%s with %s", route, refused).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        HttpJson.Response other = HttpJson.get(url, TestTokens.partner("someone-else" + route.hashCode()));
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.contentType()).startsWith("application/problem+json");

        HttpJson.Response own = HttpJson.get(url, TestTokens.partner(partner));
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body().get("path").stringValue()).isEqualTo("/api/partners/" + partner + route.replaceAll("\\?.*", ""));
        assertThat(StubService.seen()).anySatisfy(seen -> {
            assertThat(seen.path()).startsWith("/api/partners/" + partner);
            assertThat(seen.authorization()).as("the token travels on: services check it again").startsWith("Bearer ");
            assertThat(seen.traceparent()).as("the trace id travels on").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        });
    }

    @Test
    void admin_routes_need_the_admin_role() {
        for (String route : List.of("/api/admin/tier-thresholds", "/api/admin/tier-calibration", "/api/admin/conflicts")) {
            assertThat(HttpJson.get(url(route), TestTokens.partner("P-admin-test")).status()).as(route).isEqualTo(403);
            assertThat(HttpJson.get(url(route), TestTokens.admin()).status()).as(route).isEqualTo(200);
            assertThat(HttpJson.get(url(route), null).status()).as(route).isEqualTo(401);
        }
        // issue 18: the policy what-if is posted
        for (var expected : List.of(java.util.Map.entry(TestTokens.partner("P-admin-test"), 403), java.util.Map.entry(TestTokens.admin(), 200))) {
            assertThat(postWhatIf(expected.getKey()).status()).isEqualTo(expected.getValue());
        }
        assertThat(postWhatIf(null).status()).isEqualTo(401);
        assertThat(StubService.seen()).anySatisfy(seen -> assertThat(seen.path()).isEqualTo("/api/admin/what-if"));
    }

    private HttpJson.Response postWhatIf(String token) {
        return HttpJson.sendAs(HttpRequest.newBuilder(URI.create(url("/api/admin/what-if")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"2022-01-01\",\"to\":\"2022-12-31\"}")), token);
    }

    @Test
    void a_principal_over_its_rate_gets_429_with_retry_after() {
        String token = TestTokens.partner("P-busy");
        String url = url("/api/partners/P-busy/tier");
        int refused = 0;
        String retryAfter = null;
        for (int i = 0; i < 12; i++) {
            var response = HttpJson.get(url, token);
            if (response.status() == 429) {
                refused++;
                assertThat(response.contentType()).startsWith("application/problem+json");
            }
        }
        assertThat(refused).as("burst 5, 1 per second").isGreaterThanOrEqualTo(5);
        assertThat(HttpJson.get(url("/api/partners/P-calm/tier"), TestTokens.partner("P-calm")).status())
                .as("another principal has its own bucket").isEqualTo(200);
        retryAfter = HttpJson.headers(url, token).firstValue("Retry-After").orElse(null);
        assertThat(retryAfter).isNotNull();
    }

    @Test
    void a_body_over_the_size_limit_is_refused_413() {
        HttpJson.Response response = HttpJson.sendAs(HttpRequest.newBuilder(URI.create(url("/api/partners/P-big/registrations")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"" + "a".repeat(2000) + ".com\"}")), TestTokens.partner("P-big"));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void S4_a_chunked_body_over_the_size_limit_is_refused_413_once_read() {
        byte[] body = ("{\"domain\":\"" + "a".repeat(2000) + ".com\"}").getBytes();
        HttpJson.Response response = HttpJson.sendAs(HttpRequest.newBuilder(URI.create(url("/api/partners/P-chunked/registrations")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))), TestTokens.partner("P-chunked"));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void the_development_token_endpoint_is_off_without_the_local_profile() {
        HttpJson.Response response = HttpJson.sendAs(HttpRequest.newBuilder(URI.create(url("/dev/tokens")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"admin\":true}")), null);
        assertThat(response.status()).isEqualTo(404);
        assertThat(HttpJson.get(url("/dev/jwks.json"), null).status()).isEqualTo(404);
    }

    @Test
    void an_unknown_route_is_a_problem_json_404_without_internals() {
        HttpJson.Response response = HttpJson.get(url("/api/nothing-here"), TestTokens.admin());
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().toString()).doesNotContain("Exception", "at dev.", "at org.");
    }

    @Test
    void the_asyncapi_document_and_request_metrics_per_route_are_served() {
        assertThat(HttpJson.getText(url("/asyncapi.yaml"))).contains("asyncapi: 3.0.0", "deal-closed");
        HttpJson.get(url("/api/partners/P-metrics/points"), TestTokens.partner("P-metrics"));
        assertThat(HttpJson.getText("http://localhost:" + managementPort + "/actuator/prometheus"))
                .contains("spring_cloud_gateway_requests", "routeId=\"tier-service\"", "http_server_requests_seconds_count")
                .as("no in-flight timer per observation").doesNotContain("_active_seconds");
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
