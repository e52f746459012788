package dev.prm.gateway.security;

import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.prm.security.ApiAccess;
import dev.prm.gateway.web.Problems;
import reactor.core.publisher.Mono;

/** {@link ApiAccess} at the gateway: another partner's routes answer 404, admin routes need the role (403). */
class PartnerScopeWebFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/api/")) {
            return chain.filter(exchange);
        }
        // decided first, then acted on: a fallback on the chain's (always empty) result would also run after an
        // allowed request, and answered 401 to HEAD, whose response is not committed by then
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(JwtAuthenticationToken.class::isInstance)
                .cast(JwtAuthenticationToken.class)
                .map(jwt -> Optional.of(ApiAccess.decide(path, jwt.getToken().getClaimAsString(ApiAccess.PARTNER_CLAIM),
                        jwt.getToken().getClaimAsStringList(ApiAccess.ROLES_CLAIM))))
                .defaultIfEmpty(Optional.empty())
                .flatMap(decision -> decision.isEmpty()
                        ? Problems.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "unauthorized", "a bearer token is required")
                        : switch (decision.get()) {
                            case ALLOW -> chain.filter(exchange);
                            case NOT_FOUND -> Problems.write(exchange.getResponse(), HttpStatus.NOT_FOUND, "not-found", "no such resource");
                            case FORBIDDEN -> Problems.write(exchange.getResponse(), HttpStatus.FORBIDDEN, "forbidden",
                                    "this route needs the admin role");
                        });
    }
}
