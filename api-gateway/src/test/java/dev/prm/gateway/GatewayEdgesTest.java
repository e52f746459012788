package dev.prm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.TestTokens;

/** Issue 16's edges at the gateway, with a stub behind every route: encoded ids, HEAD, firewall refusals, CORS. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.security.oauth2.resourceserver.jwt.public-key-location=" + TestTokens.PUBLIC_KEY_LOCATION,
        "prm.security.issuer=" + TestTokens.ISSUER,
        "prm.gateway.cors.allowed-origins=https://portal.example.com"})
class GatewayEdgesTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        StubService.registerAsEveryService(registry);
    }

    @Test
    void S5_partner_ids_that_need_percent_encoding_reach_their_own_routes_and_only_theirs() {
        for (var partner : List.of(new String[] {"P-ü", "P-%C3%BC"}, new String[] {"P A", "P%20A"}, new String[] {"P+B", "P+B"})) {
            String url = url("/api/partners/" + partner[1] + "/tier");
            HttpJson.Response own = HttpJson.get(url, TestTokens.partner(partner[0]));
            assertThat(own.status()).as(partner[0]).isEqualTo(200);
            assertThat(own.body().get("path").stringValue()).as("the service sees the same id").isEqualTo("/api/partners/" + partner[0] + "/tier");
            assertThat(HttpJson.get(url, TestTokens.partner("P-u")).status()).as("another partner").isEqualTo(404);
            assertThat(HttpJson.get(url, TestTokens.admin()).status()).isEqualTo(200);
        }
    }

    @Test
    void S5_HEAD_on_a_partner_route_answers_like_GET_without_a_body() {
        HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(url("/api/partners/P-head/tier")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + TestTokens.partner("P-head")));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        HttpResponse<String> other = send(HttpRequest.newBuilder(URI.create(url("/api/partners/P-head/tier")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + TestTokens.partner("P-other")));
        assertThat(other.statusCode()).isEqualTo(404);
        HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create(url("/api/partners/P-head/tier")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(none.statusCode()).isEqualTo(401);
    }

    @Test
    void S4_what_the_http_firewall_refuses_answers_problem_json() {
        String token = "Bearer " + TestTokens.partner("P1");
        for (String path : List.of("/api/partners/P1%2FP2/tier", "/api/partners/P1/..%2F..%2Fadmin/tier-thresholds",
                "/api/partners/P1;x=1/tier", "/api/partners/P1/../P2/tier", "/api/partners/P1/%2e%2e/P2/tier", "/docs/%2e%2e/api")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", token));
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("content-type")).as(path).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).as(path).contains("\"status\":400").doesNotContain("Exception", "at org.");
        }
        assertThat(StubService.seen()).noneSatisfy(seen -> assertThat(seen.path()).contains("P2"));
    }

    @Test
    void S5_a_browser_preflight_is_allowed_for_a_configured_origin_and_refused_for_another() {
        HttpResponse<String> allowed = send(preflight("https://portal.example.com"));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://portal.example.com");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(methods ->
                assertThat(methods).contains("GET"));
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(headers ->
                assertThat(headers.toLowerCase()).contains("authorization"));

        HttpResponse<String> refused = send(preflight("https://evil.example.net"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(refused.headers().firstValue("content-type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));

        HttpResponse<String> actual = send(HttpRequest.newBuilder(URI.create(url("/api/partners/P-cors/tier")))
                .header("Origin", "https://portal.example.com").header("Authorization", "Bearer " + TestTokens.partner("P-cors")));
        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.headers().allValues("Access-Control-Allow-Origin")).containsExactly("https://portal.example.com");
    }

    @Test
    void S5_metrics_and_probes_are_served_on_the_management_port_only() {
        for (String path : List.of("/actuator/prometheus", "/actuator/health")) {
            HttpResponse<String> onPublicPort = send(HttpRequest.newBuilder(URI.create(url(path))));
            assertThat(onPublicPort.statusCode()).as(path).isEqualTo(404);
        }
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/health/readiness"))).statusCode())
                .isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))).body())
                .contains("jvm_memory_used_bytes");
    }

    private HttpRequest.Builder preflight(String origin) {
        return HttpRequest.newBuilder(URI.create(url("/api/partners/P-cors/tier")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization");
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
