package dev.prm.gateway.security;

import java.time.Duration;
import java.util.function.Function;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.prm.gateway.web.Problems;
import reactor.core.publisher.Mono;

/**
 * Rate limits (OWASP API4) with {@link TokenBuckets}: over the limit, 429 with {@code Retry-After}. Two are
 * installed: by client address before authentication (floods of bad tokens, each an RSA check, and of the open
 * routes such as {@code /docs/api}), and by principal after it. In memory, per gateway instance.
 */
class RateLimitWebFilter implements WebFilter {

    private final TokenBuckets buckets;
    private final String scope;
    private final Function<ServerWebExchange, Mono<String>> key;

    private RateLimitWebFilter(TokenBuckets buckets, String scope, Function<ServerWebExchange, Mono<String>> key) {
        this.buckets = buckets;
        this.scope = scope;
        this.key = key;
    }

    /** Every request but the management endpoints, by the address it comes from. */
    static RateLimitWebFilter byClientAddress(TokenBuckets buckets) {
        return new RateLimitWebFilter(buckets, "this client address", exchange ->
                exchange.getRequest().getPath().value().startsWith("/actuator/") ? Mono.empty() : Mono.just(remote(exchange)));
    }

    /** {@code /api/**} by the authenticated principal. */
    static RateLimitWebFilter byPrincipal(TokenBuckets buckets) {
        return new RateLimitWebFilter(buckets, "this caller", exchange -> !exchange.getRequest().getPath().value().startsWith("/api/")
                ? Mono.empty()
                : exchange.getPrincipal().map(principal -> principal.getName()).defaultIfEmpty("anonymous:" + remote(exchange)));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return key.apply(exchange)
                .map(name -> buckets.take(name))
                .defaultIfEmpty(0L)
                .flatMap(waitNanos -> {
                    if (waitNanos == 0) {
                        return chain.filter(exchange);
                    }
                    long retryAfter = Math.max(1, Duration.ofNanos(waitNanos).toSeconds() + 1);
                    exchange.getResponse().getHeaders().set("Retry-After", Long.toString(retryAfter));
                    return Problems.write(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                            "too many requests from " + scope + "; retry after " + retryAfter + " s");
                });
    }

    private static String remote(ServerWebExchange exchange) {
        var address = exchange.getRequest().getRemoteAddress();
        return address == null || address.getAddress() == null ? "unknown" : address.getAddress().getHostAddress();
    }
}
