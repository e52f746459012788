package dev.prm.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

class BearerTokensTest {

    /** The pattern Spring Security's bearer-token resolvers match a header with: the oracle of these tests. */
    private static final Pattern SPRING_AUTHORIZATION = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$", Pattern.CASE_INSENSITIVE);

    @Test
    void aWellFormedHeaderGivesItsToken() {
        assertThat(BearerTokens.fromAuthorization("Bearer eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl")).isEqualTo("eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl");
        assertThat(BearerTokens.fromAuthorization("bEaReR a-b_c~d+e/f.g==")).isEqualTo("a-b_c~d+e/f.g==");
    }

    @Test
    void noHeaderOrAnotherSchemeIsNoToken() {
        assertThat(BearerTokens.fromAuthorization(null)).isNull();
        assertThat(BearerTokens.fromAuthorization("")).isNull();
        assertThat(BearerTokens.fromAuthorization("Basic dXNlcjpwYXNz")).isNull();
        assertThat(BearerTokens.fromAuthorization("Beare abc")).isNull();
    }

    @Test
    void aMalformedBearerHeaderIsAnInvalidToken() {
        for (String header : List.of("Bearer", "Bearer ", "Bearer  abc", "Bearer abc ", "Bearer a=b", "Bearer ==", "Bearerabc",
                "Bearer\tabc", "Bearer abc\n", "Bearer ab%c", "Bearer abç")) {
            assertThatThrownBy(() -> BearerTokens.fromAuthorization(header)).as(header)
                    .isInstanceOfSatisfying(OAuth2AuthenticationException.class,
                            e -> assertThat(e.getError().getErrorCode()).isEqualTo("invalid_token"));
        }
    }

    @Test
    void readsEveryHeaderAsSpringSecuritysPatternDoes() {
        Random random = new Random(16);
        String alphabet = "aZ09-._~+/= \t\n%çBEARbearer";
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder header = new StringBuilder(random.nextBoolean() ? "Bearer " : random.nextBoolean() ? "bearer" : "");
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            headers.add(header.toString());
        }
        for (String header : headers) {
            String expected = expected(header);
            if ("malformed".equals(expected)) {
                assertThatThrownBy(() -> BearerTokens.fromAuthorization(header)).as("[%s]", header).isInstanceOf(OAuth2AuthenticationException.class);
            } else {
                assertThat(BearerTokens.fromAuthorization(header)).as("[%s]", header).isEqualTo(expected);
            }
        }
    }

    /** What Spring Security's resolvers answer: null (no bearer scheme), the token, or "malformed". */
    private static String expected(String header) {
        if (header.length() < 6 || !header.regionMatches(true, 0, "bearer", 0, 6)) {
            return null;
        }
        Matcher matcher = SPRING_AUTHORIZATION.matcher(header);
        return matcher.matches() ? matcher.group("token") : "malformed";
    }
}
