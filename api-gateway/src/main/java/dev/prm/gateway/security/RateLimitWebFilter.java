package dev.prm.gateway.security;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.prm.gateway.web.Problems;
import reactor.core.publisher.Mono;

/**
 * Per-principal token buckets (OWASP API4): {@code perSecond} requests a second sustained, {@code burst} at
 * once. Over the limit: 429 with {@code Retry-After}. In memory, per gateway instance.
 */
class RateLimitWebFilter implements WebFilter {

    private final double perSecond;
    private final double burst;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimitWebFilter(double perSecond, double burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .map(principal -> principal.getName())
                .defaultIfEmpty("anonymous:" + remote(exchange))
                .flatMap(name -> {
                    long waitNanos = buckets.computeIfAbsent(name, key -> new Bucket(burst)).take(perSecond, burst);
                    if (waitNanos == 0) {
                        return chain.filter(exchange);
                    }
                    long retryAfter = Math.max(1, Duration.ofNanos(waitNanos).toSeconds() + 1);
                    exchange.getResponse().getHeaders().set("Retry-After", Long.toString(retryAfter));
                    return Problems.write(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                            "too many requests; retry after " + retryAfter + " s");
                });
    }

    private static String remote(ServerWebExchange exchange) {
        var address = exchange.getRequest().getRemoteAddress();
        return address == null ? "unknown" : address.getAddress().getHostAddress();
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt = System.nanoTime();

        Bucket(double tokens) {
            this.tokens = tokens;
        }

        /** @return 0 when a token was taken, otherwise how long until one is there */
        synchronized long take(double perSecond, double burst) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) ((1 - tokens) / perSecond * 1e9);
        }
    }
}
