package dev.prm.security;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may call which REST route (SPEC §5), decided the same way by the gateway and by every service, so a
 * request that bypasses the gateway meets the same rule. Partner-scoped routes answer another partner 404,
 * never the data (OWASP API1); admin routes need the admin role (API5).
 */
public final class ApiAccess {

    /** JWT claim carrying the partner a token belongs to. */
    public static final String PARTNER_CLAIM = "partner_id";
    /** JWT claim carrying the roles; {@link #ADMIN_ROLE} grants every route. */
    public static final String ROLES_CLAIM = "roles";
    public static final String ADMIN_ROLE = "ADMIN";
    /** The audience every token for this API must carry. */
    public static final String AUDIENCE = "prm-api";

    private static final Pattern PARTNER_ROUTE = Pattern.compile("^/api/partners/([^/]+)(/.*)?$");
    private static final String ADMIN_ROUTES = "/api/admin/";

    private ApiAccess() {
    }

    public enum Decision {
        ALLOW,
        /** another partner's resource: answered as if it did not exist */
        NOT_FOUND,
        FORBIDDEN
    }

    /**
     * For an authenticated caller; unauthenticated callers are refused before this (401). {@code path} is the raw
     * (percent-encoded) request path: the partner segment is decoded and compared with the claim as it is, so
     * {@code P%20A} is partner {@code P A}. A segment that decodes to a slash, a dot segment, a {@code ;} or bytes
     * that are not UTF-8 is refused (404) for everybody: it could address another partner's route after decoding.
     */
    public static Decision decide(String path, String partnerClaim, Collection<String> roles) {
        boolean admin = roles != null && roles.contains(ADMIN_ROLE);
        if (path.startsWith(ADMIN_ROUTES) || path.equals("/api/admin")) {
            return admin ? Decision.ALLOW : Decision.FORBIDDEN;
        }
        Matcher partnerRoute = PARTNER_ROUTE.matcher(path);
        if (partnerRoute.matches()) {
            String partner = safeSegment(partnerRoute.group(1));
            if (partner == null || !safeRest(partnerRoute.group(2))) {
                return Decision.NOT_FOUND;
            }
            return admin || partner.equals(partnerClaim) ? Decision.ALLOW : Decision.NOT_FOUND;
        }
        return admin ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    private static boolean safeRest(String rest) {
        if (rest == null) {
            return true;
        }
        for (String segment : rest.substring(1).split("/", -1)) {
            if (safeSegment(segment) == null && !segment.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The decoded segment, or null when it is not one plain path segment. */
    private static String safeSegment(String raw) {
        if (raw.indexOf(';') >= 0) {
            return null;
        }
        String decoded = percentDecode(raw);
        if (decoded == null || decoded.isEmpty() || decoded.equals(".") || decoded.equals("..")
                || decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0 || decoded.indexOf(';') >= 0) {
            return null;
        }
        return decoded;
    }

    /** RFC 3986 percent-decoding as UTF-8 ({@code +} stays a plus); null when malformed. */
    private static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
