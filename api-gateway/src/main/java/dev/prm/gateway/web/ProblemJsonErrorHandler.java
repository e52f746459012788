package dev.prm.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/** Every error the gateway itself produces (no route, a service down, a bug) as problem+json. */
@Component
@Order(-2)
class ProblemJsonErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemJsonErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        HttpStatusCode status;
        String detail;
        // a refusal raised while the body is forwarded (the size limit) reaches here wrapped by the proxy
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ResponseStatusException refusal && refusal.getStatusCode().value() == 413) {
                failure = refusal;
                break;
            }
        }
        if (failure instanceof ResponseStatusException statusException) {
            status = statusException.getStatusCode();
            detail = switch (status.value()) {
                case 404 -> "no route for " + exchange.getRequest().getPath();
                case 503, 502, 504 -> "the service behind this route is not available; retry later";
                default -> statusException.getReason() == null ? "the request could not be processed" : statusException.getReason();
            };
        } else if (failure instanceof java.net.ConnectException || failure.getCause() instanceof java.net.ConnectException) {
            status = HttpStatus.SERVICE_UNAVAILABLE;
            detail = "the service behind this route is not available; retry later";
        } else {
            log.error("Unexpected gateway error on {}", exchange.getRequest().getPath(), failure);
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            detail = "the request could not be processed; it has been logged";
        }
        return Problems.write(exchange.getResponse(), status, type(status), detail);
    }

    private static String type(HttpStatusCode status) {
        return switch (status.value()) {
            case 404 -> "not-found";
            case 413 -> "too-large";
            case 502, 503, 504 -> "unavailable";
            default -> status.is4xxClientError() ? "bad-request" : "internal-error";
        };
    }
}
