package dev.prm.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: JSON in, status and JSON out. */
public final class HttpJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static volatile String defaultToken;

    private HttpJson() {
    }

    public record Response(int status, String contentType, JsonNode body) {
    }

    /**
     * The bearer token sent when a call names none; by default an admin test token (tests of behaviour,
     * not of authorisation). Tests of authorisation pass their own token, or {@code null} for none.
     */
    public static void useDefaultToken(String token) {
        defaultToken = token;
    }

    private static String defaultToken() {
        String token = defaultToken;
        if (token == null) {
            token = TestTokens.admin();
            defaultToken = token;
        }
        return token;
    }

    public static Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public static Response get(String url, String token) {
        return sendAs(HttpRequest.newBuilder(URI.create(url)).GET(), token);
    }

    public static String getText(String url) {
        return getText(url, defaultToken());
    }

    /** The body of a GET with {@code token} as bearer, or with no Authorization header when it is null. */
    public static String getText(String url, String token) {
        return exchange(HttpRequest.newBuilder(URI.create(url)).GET(), token, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The response headers of a GET with {@code token}. */
    public static java.net.http.HttpHeaders headers(String url, String token) {
        return exchange(HttpRequest.newBuilder(URI.create(url)).GET(), token, HttpResponse.BodyHandlers.discarding()).headers();
    }

    /** Sends with the default token. */
    public static Response send(HttpRequest.Builder request) {
        return sendAs(request, defaultToken());
    }

    /** Sends with {@code token} as bearer, or with no Authorization header when it is null. */
    public static Response sendAs(HttpRequest.Builder request, String token) {
        HttpResponse<String> response = exchange(request, token, HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Response(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                body == null || body.isBlank() ? null : JSON.readTree(body));
    }

    private static <T> HttpResponse<T> exchange(HttpRequest.Builder request, String token, HttpResponse.BodyHandler<T> body) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), body);
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
