package dev.prm.benchmark;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.prm.local.StackOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's HTTP side of the running stack: tokens from the gateway's development issuer, readiness, the
 * services' {@code /actuator/projections} and {@code /actuator/prometheus}.
 */
final class StackClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final URI gateway;
    private String adminToken;

    StackClient(URI gateway) {
        this.gateway = gateway;
    }

    HttpClient http() {
        return http;
    }

    /** Where every processor of a service stands: {@code GET /actuator/projections}. */
    record Projections(long head, List<Processor> processors) {

        record Processor(String name, long position, long behind) {
        }

        boolean caughtUp(Predicate<String> which) {
            return processors.stream().filter(p -> which.test(p.name())).allMatch(p -> p.behind() <= 0);
        }

        long behind(Predicate<String> which) {
            return processors.stream().filter(p -> which.test(p.name())).mapToLong(Processor::behind).max().orElse(0);
        }

        long positionSum() {
            return processors.stream().mapToLong(Processor::position).sum();
        }

        /** {@code points 120, tiers 0} */
        String describe(Predicate<String> which) {
            List<String> parts = new ArrayList<>();
            processors.stream().filter(p -> which.test(p.name())).forEach(p -> parts.add(p.name() + " " + ResultTable.count(p.behind())));
            return String.join(", ", parts);
        }
    }

    Projections parseProjections(String body) {
        JsonNode root = json.readTree(body);
        if (!root.has("head") || !root.has("processors")) {
            throw new IllegalStateException("not a projections answer (expected head and processors): " + abbreviate(body));
        }
        List<Projections.Processor> processors = new ArrayList<>();
        for (JsonNode processor : root.get("processors")) {
            processors.add(new Projections.Processor(processor.get("name").asString(), processor.get("position").asLong(),
                    processor.get("behind").asLong()));
        }
        return new Projections(root.get("head").asLong(), processors);
    }

    Projections projections(URI service) {
        HttpResponse<String> response = get(management(service).resolve("/actuator/projections"), null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + management(service) + "/actuator/projections answered " + response.statusCode()
                    + (response.statusCode() == 404 ? " (this build of the service has no projections endpoint)" : "")
                    + ": " + abbreviate(response.body()));
        }
        return parseProjections(response.body());
    }

    /** {@code POST /actuator/projections/{name}} with the admin token: reset and replay that processor. */
    HttpResponse<String> replay(URI service, String processor) {
        HttpRequest request = HttpRequest.newBuilder(management(service).resolve("/actuator/projections/" + processor))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + adminToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return send(request);
    }

    String prometheus(URI base) {
        HttpResponse<String> response = get(management(base).resolve("/actuator/prometheus"), null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(management(base) + "/actuator/prometheus answered " + response.statusCode());
        }
        return response.body();
    }

    /** Ticks read and waiting to take effect (SPEC B3), from the service's catch-up health; 0 if it reports none. */
    long pendingTicks(URI base) {
        HttpResponse<String> response = get(management(base).resolve("/actuator/health/catch-up"), null);
        if (response.statusCode() != 200 && response.statusCode() != 503) {
            throw new IllegalStateException(management(base) + "/actuator/health/catch-up answered " + response.statusCode());
        }
        JsonNode ticks = json.readTree(response.body()).at("/components/catchUp/details/pendingTicks");
        return ticks.isNumber() ? ticks.asLong() : 0;
    }

    /** Fails with a message that says what to start when a component does not answer ready. */
    void requireReady(String name, URI base) {
        HttpResponse<String> response;
        try {
            response = get(management(base).resolve("/actuator/health/readiness"), null);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(name + " does not answer at " + base + " (" + e.getMessage()
                    + "). Is the stack up? Start it with ./run-local.sh (see --help for ports) and point the benchmark at it.");
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(name + " at " + base + " is not ready (readiness answered " + response.statusCode() + ")");
        }
    }

    /** Actuator of the component at {@code base}: its own port, the public one + 100, as the local stack runs it. */
    static URI management(URI base) {
        return URI.create(base.getScheme() + "://" + base.getHost() + ":" + (base.getPort() + StackOptions.MANAGEMENT_PORT_OFFSET));
    }

    synchronized String adminToken() {
        if (adminToken == null) {
            adminToken = token("{\"admin\":true}");
        }
        return adminToken;
    }

    String partnerToken(String partnerId) {
        return token("{\"partnerId\":\"" + partnerId.replace("\"", "") + "\"}");
    }

    private String token(String body) {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/dev/tokens")).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST " + gateway + "/dev/tokens answered " + response.statusCode()
                    + (response.statusCode() == 404 ? " (the development issuer needs the gateway's local profile, as ./run-local.sh sets)" : "")
                    + ": " + abbreviate(response.body()));
        }
        return json.readTree(response.body()).get("token").asString();
    }

    HttpResponse<String> get(URI uri, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalStateException("nothing listens at " + request.uri().getAuthority() + " (is it down? see its log)", e);
        } catch (HttpTimeoutException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " timed out", e);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String abbreviate(String text) {
        String flat = text == null ? "" : text.replace('\n', ' ');
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
