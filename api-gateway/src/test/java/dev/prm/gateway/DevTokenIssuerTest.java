package dev.prm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.prm.testsupport.HttpJson;

/** With the local profile the gateway issues tokens by hand, and accepts them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class DevTokenIssuerTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        StubService.registerAsEveryService(registry);
    }

    @Test
    void a_minted_partner_token_reaches_its_own_routes_only() {
        String token = mint("{\"partnerId\":\"P-ACME\"}").body().get("token").stringValue();

        assertThat(HttpJson.get(url("/api/partners/P-ACME/points"), token).status()).isEqualTo(200);
        assertThat(HttpJson.get(url("/api/partners/P-OTHER/points"), token).status()).isEqualTo(404);
        assertThat(HttpJson.get(url("/dev/jwks.json"), null).body().at("/keys/0/kty").stringValue()).isEqualTo("RSA");
    }

    @Test
    void a_minted_expired_token_is_refused() {
        String expired = mint("{\"partnerId\":\"P-ACME\",\"expiresInSeconds\":-120}").body().get("token").stringValue();
        assertThat(HttpJson.get(url("/api/partners/P-ACME/points"), expired).status()).isEqualTo(401);
    }

    private HttpJson.Response mint(String body) {
        HttpJson.Response response = HttpJson.sendAs(HttpRequest.newBuilder(URI.create(url("/dev/tokens"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), null);
        assertThat(response.status()).as("minting: %s", response.body()).isEqualTo(200);
        return response;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
