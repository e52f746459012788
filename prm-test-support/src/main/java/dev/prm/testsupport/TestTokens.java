package dev.prm.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import dev.prm.security.ApiAccess;

/**
 * JWTs for tests, signed with the test key pair ({@code test-jwt/private.pem}); services under test verify
 * them with {@code test-jwt/public.pem} and the issuer {@link #ISSUER} (see {@link TestInfrastructure#register}).
 */
public final class TestTokens {

    public static final String ISSUER = "prm-test-issuer";
    public static final String PUBLIC_KEY_LOCATION = "classpath:test-jwt/public.pem";

    private static final NimbusJwtEncoder ENCODER = NimbusJwtEncoder.withKeyPair(publicKey(), privateKey()).build();

    private TestTokens() {
    }

    public static String admin() {
        return token("admin", null, List.of(ApiAccess.ADMIN_ROLE), ISSUER, ApiAccess.AUDIENCE, Duration.ofHours(1));
    }

    public static String partner(String partnerId) {
        return token("user-of-" + partnerId, partnerId, List.of(), ISSUER, ApiAccess.AUDIENCE, Duration.ofHours(1));
    }

    public static String expired(String partnerId) {
        return token("user-of-" + partnerId, partnerId, List.of(), ISSUER, ApiAccess.AUDIENCE, Duration.ofMinutes(-5));
    }

    public static String wrongAudience(String partnerId) {
        return token("user-of-" + partnerId, partnerId, List.of(), ISSUER, "another-api", Duration.ofHours(1));
    }

    public static String wrongIssuer(String partnerId) {
        return token("user-of-" + partnerId, partnerId, List.of(), "https://somebody-else", ApiAccess.AUDIENCE, Duration.ofHours(1));
    }

    public static String token(String subject, String partnerId, List<String> roles, String issuer, String audience,
                               Duration validFor) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(validFor);
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .subject(subject)
                .issuer(issuer)
                .audience(List.of(audience))
                .issuedAt(expiresAt.isBefore(now) ? expiresAt.minusSeconds(60) : now)
                .expiresAt(expiresAt)
                .claim(ApiAccess.ROLES_CLAIM, roles);
        if (partnerId != null) {
            claims.claim(ApiAccess.PARTNER_CLAIM, partnerId);
        }
        return ENCODER.encode(org.springframework.security.oauth2.jwt.JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).build(), claims.build())).getTokenValue();
    }

    private static RSAPrivateKey privateKey() {
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem("test-jwt/private.pem")));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAPublicKey publicKey() {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pem("test-jwt/public.pem")));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pem(String resource) {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("test key " + resource + " is missing", e);
        }
    }
}
