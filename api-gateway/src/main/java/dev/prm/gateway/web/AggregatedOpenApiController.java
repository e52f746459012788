package dev.prm.gateway.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One OpenAPI document for the whole API behind the gateway: the paths and schemas of every service's own
 * document, merged. A service that does not answer in time is served from its last document (a service's first
 * document takes seconds to generate), or, never seen yet, listed under {@code x-unavailable} rather than failing the rest.
 */
@RestController
class AggregatedOpenApiController {

    private final WebClient client;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, String> services = new LinkedHashMap<>();
    private final Map<String, JsonNode> lastDocuments = new ConcurrentHashMap<>();

    AggregatedOpenApiController(
                                @Value("${prm.services.tier-service}") String tier,
                                @Value("${prm.services.registration-service}") String registration,
                                @Value("${prm.services.commission-service}") String commission) {
        this.client = WebClient.create();
        services.put("tier-service", tier);
        services.put("registration-service", registration);
        services.put("commission-service", commission);
    }

    @GetMapping(value = "/docs/api", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<String> aggregated() {
        return Flux.fromIterable(services.entrySet())
                .flatMapSequential(service -> client.get().uri(service.getValue() + "/v3/api-docs").retrieve()
                        .bodyToMono(String.class).timeout(Duration.ofSeconds(5))
                        .map(body -> {
                            JsonNode document = json.readTree(body);
                            lastDocuments.put(service.getKey(), document);
                            return Map.entry(service.getKey(), document);
                        })
                        .onErrorResume(failure -> Mono.just(Map.entry(service.getKey(),
                                lastDocuments.getOrDefault(service.getKey(), json.nullNode())))))
                .collectList()
                .map(documents -> {
                    ObjectNode merged = json.createObjectNode();
                    merged.put("openapi", "3.1.0");
                    merged.putObject("info").put("title", "PRM event backbone API").put("version", "v1")
                            .put("description", "Every route of the partner portal and admin API, through the gateway. "
                                    + "Bearer JWT required; partner tokens reach their own partner's routes only.");
                    merged.putArray("servers").addObject().put("url", "/");
                    ObjectNode paths = merged.putObject("paths");
                    ObjectNode components = merged.putObject("components");
                    ObjectNode schemas = components.putObject("schemas");
                    components.putObject("securitySchemes").putObject("bearer")
                            .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT");
                    merged.putArray("security").addObject().putArray("bearer");
                    var unavailable = merged.putArray("x-unavailable");
                    for (Map.Entry<String, JsonNode> document : documents) {
                        if (document.getValue().isNull()) {
                            unavailable.add(document.getKey());
                            continue;
                        }
                        document.getValue().path("paths").properties().forEach(path -> paths.set(path.getKey(), path.getValue()));
                        document.getValue().path("components").path("schemas").properties()
                                .forEach(schema -> schemas.set(schema.getKey(), schema.getValue()));
                    }
                    return json.writeValueAsString(merged);
                });
    }
}
