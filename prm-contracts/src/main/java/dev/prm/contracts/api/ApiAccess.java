package dev.prm.contracts.api;

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

    /** For an authenticated caller; unauthenticated callers are refused before this (401). */
    public static Decision decide(String path, String partnerClaim, Collection<String> roles) {
        boolean admin = roles != null && roles.contains(ADMIN_ROLE);
        if (path.startsWith(ADMIN_ROUTES) || path.equals("/api/admin")) {
            return admin ? Decision.ALLOW : Decision.FORBIDDEN;
        }
        Matcher partnerRoute = PARTNER_ROUTE.matcher(path);
        if (partnerRoute.matches()) {
            return admin || partnerRoute.group(1).equals(partnerClaim) ? Decision.ALLOW : Decision.NOT_FOUND;
        }
        return admin ? Decision.ALLOW : Decision.FORBIDDEN;
    }
}
