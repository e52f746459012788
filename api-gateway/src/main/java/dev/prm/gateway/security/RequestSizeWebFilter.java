package dev.prm.gateway.security;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.prm.gateway.web.Problems;
import reactor.core.publisher.Mono;

/** Refuses bodies larger than the API ever needs (OWASP API4), before anything reads them: 413. */
class RequestSizeWebFilter implements WebFilter {

    private final long maxBytes;

    RequestSizeWebFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > maxBytes) {
            return Problems.write(exchange.getResponse(), HttpStatus.CONTENT_TOO_LARGE, "too-large",
                    "request bodies are limited to " + maxBytes + " bytes");
        }
        return chain.filter(exchange);
    }
}
