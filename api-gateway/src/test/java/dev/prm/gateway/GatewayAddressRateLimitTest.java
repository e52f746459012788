package dev.prm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.prm.testsupport.TestTokens;

/** OWASP API4 before authentication: a client address has a rate whatever its token, also on the open routes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.security.oauth2.resourceserver.jwt.public-key-location=" + TestTokens.PUBLIC_KEY_LOCATION,
        "prm.security.issuer=" + TestTokens.ISSUER,
        "prm.gateway.rate-limit.per-address.per-second=0.5",
        "prm.gateway.rate-limit.per-address.burst=4"})
class GatewayAddressRateLimitTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        StubService.registerAsEveryService(registry);
    }

    @Test
    void S5_a_flood_of_invalid_tokens_and_of_docs_requests_from_one_address_is_limited_before_authentication() {
        int unauthorised = 0;
        int limited = 0;
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = GatewayEdgesTest.send(HttpRequest.newBuilder(URI.create(url("/api/partners/P1/tier")))
                    .header("Authorization", "Bearer " + TestTokens.wrongIssuer("P1")));
            if (response.statusCode() == 429) {
                limited++;
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
                        assertThat(type).startsWith("application/problem+json"));
            } else {
                assertThat(response.statusCode()).isEqualTo(401);
                unauthorised++;
            }
        }
        assertThat(unauthorised).as("burst 4").isLessThanOrEqualTo(5);
        assertThat(limited).isGreaterThanOrEqualTo(5);
        assertThat(GatewayEdgesTest.send(HttpRequest.newBuilder(URI.create(url("/docs/api")))).statusCode())
                .as("the open routes share the address's bucket").isEqualTo(429);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
