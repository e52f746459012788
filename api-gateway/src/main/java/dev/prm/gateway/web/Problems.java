package dev.prm.gateway.web;

import java.nio.charset.StandardCharsets;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

import reactor.core.publisher.Mono;

/** Writes RFC 9457 problem+json: a type, a title, the status and a clear detail; never a stack trace. */
public final class Problems {

    private Problems() {
    }

    public static Mono<Void> write(ServerHttpResponse response, HttpStatusCode status, String type, String detail) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String title = status instanceof org.springframework.http.HttpStatus known ? known.getReasonPhrase() : "Error";
        String body = "{\"type\":\"urn:prm:problem:%s\",\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"}"
                .formatted(type, title, status.value(), detail.replace("\\", "\\\\").replace("\"", "\\\""));
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}
