package dev.prm.gateway.security;

import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.prm.gateway.web.Problems;
import reactor.core.publisher.Mono;

/**
 * CORS for a browser portal on its own origin: only the configured origins (none by default, then cross-origin
 * requests get no CORS headers and browsers keep them out). A preflight of an allowed origin is answered here,
 * before authentication (browsers send it without the token); another origin is refused 403 problem+json.
 * Bearer tokens, no cookies: credentials are not allowed.
 */
class CorsProblemWebFilter implements WebFilter {

    private final DefaultCorsProcessor processor = new DefaultCorsProcessor();
    private final CorsConfiguration configuration;

    CorsProblemWebFilter(List<String> allowedOrigins) {
        if (allowedOrigins.isEmpty()) {
            configuration = null;
            return;
        }
        configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(allowedOrigins);
        configuration.setAllowedMethods(List.of("GET", "HEAD", "POST", "DELETE"));
        configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "traceparent"));
        configuration.setExposedHeaders(List.of("Location", "Retry-After", "WWW-Authenticate"));
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(Duration.ofHours(1));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (configuration == null || !CorsUtils.isCorsRequest(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        if (!processor.process(configuration, exchange)) {
            return Problems.write(exchange.getResponse(), HttpStatus.FORBIDDEN, "cors-refused",
                    "this origin, method or header is not allowed to call the API from a browser");
        }
        return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? exchange.getResponse().setComplete() : chain.filter(exchange);
    }
}
