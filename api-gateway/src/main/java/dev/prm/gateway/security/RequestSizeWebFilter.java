package dev.prm.gateway.security;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.prm.gateway.web.Problems;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses bodies larger than the API ever needs (OWASP API4): 413. A declared {@code Content-Length} over the limit
 * is refused before anything reads it; a body without one (chunked) is counted as it is read and fails once it
 * passes the limit, so no more than the limit is ever forwarded. (Spring Cloud Gateway's RequestSize filter reads only
 * {@code Content-Length}, so a chunked body passed it; and it covers routes, not the gateway's own endpoints.)
 */
class RequestSizeWebFilter implements WebFilter {

    private final long maxBytes;

    RequestSizeWebFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > maxBytes) {
            return Problems.write(exchange.getResponse(), HttpStatus.CONTENT_TOO_LARGE, "too-large", detail());
        }
        ServerHttpRequestDecorator counted = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> {
                    long[] read = {0};
                    return super.getBody().handle((buffer, sink) -> {
                        read[0] += buffer.readableByteCount();
                        if (read[0] > maxBytes) {
                            DataBufferUtils.release(buffer);
                            sink.error(new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, detail()));
                        } else {
                            sink.next(buffer);
                        }
                    });
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    private String detail() {
        return "request bodies are limited to " + maxBytes + " bytes";
    }
}
