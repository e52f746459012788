package dev.prm.platform.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.prm.security.ApiAccess;

/** Applies {@link ApiAccess} to authenticated API calls: another partner's routes look missing, admin routes need the role. */
class PartnerScopeFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken jwt)) {
            ProblemResponses.write(response, 401, "unauthorized", "Unauthorized", "a bearer token is required");
            return;
        }
        List<String> roles = jwt.getToken().getClaimAsStringList(ApiAccess.ROLES_CLAIM);
        switch (ApiAccess.decide(request.getRequestURI(), jwt.getToken().getClaimAsString(ApiAccess.PARTNER_CLAIM), roles)) {
            case ALLOW -> chain.doFilter(request, response);
            case NOT_FOUND -> ProblemResponses.write(response, 404, "not-found", "Not Found", "no such resource");
            case FORBIDDEN -> ProblemResponses.write(response, 403, "forbidden", "Forbidden", "this route needs the admin role");
        }
    }
}
