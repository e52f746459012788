package dev.prm.dashboards;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The parts of Prometheus' HTTP API (v1) the proof needs. */
final class PrometheusApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;

    PrometheusApi(String url) {
        this.url = url;
    }

    /**
     * An instant query, now. {@code error} is Prometheus' error (bad expression, timeout) or null; a series' value
     * is NaN when Prometheus answers NaN (a quantile of no observations, 0/0).
     */
    record QueryResult(String error, String resultType, List<Series> series) {

        long nonZero() {
            return series.stream().filter(s -> !Double.isNaN(s.value()) && s.value() != 0).count();
        }

        long nan() {
            return series.stream().filter(s -> Double.isNaN(s.value())).count();
        }
    }

    record Series(String labels, double value) {
    }

    QueryResult query(String expr) {
        JsonNode answer = post("/api/v1/query", "query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        if (!"success".equals(answer.path("status").asString())) {
            return new QueryResult(answer.path("errorType").asString() + ": " + answer.path("error").asString(), null, List.of());
        }
        JsonNode data = answer.path("data");
        String type = data.path("resultType").asString();
        List<Series> series = new ArrayList<>();
        if (type.equals("vector") || type.equals("matrix")) {
            for (JsonNode sample : data.path("result")) {
                JsonNode value = type.equals("vector") ? sample.path("value") : sample.path("values").path(sample.path("values").size() - 1);
                series.add(new Series(sample.path("metric").toString(), number(value.path(1).asString())));
            }
        } else {
            // a scalar or string: one value
            series.add(new Series("{}", number(data.path("result").path(1).asString())));
        }
        return new QueryResult(null, type, series);
    }

    /** Values of a label on the series matching {@code match} (what Grafana's label_values(match, label) lists). */
    List<String> labelValues(String label, String match) {
        JsonNode answer = get("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(match, StandardCharsets.UTF_8));
        List<String> values = new ArrayList<>();
        answer.path("data").forEach(value -> values.add(value.asString()));
        return values;
    }

    /** /api/v1/rules: every rule group with its rules' health, state, last error and query. */
    JsonNode rules() {
        return get("/api/v1/rules").path("data").path("groups");
    }

    /** Scrape targets and their health. */
    JsonNode targets() {
        return get("/api/v1/targets?state=active").path("data").path("activeTargets");
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private JsonNode post(String path, String form) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Prometheus did not answer " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double number(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
