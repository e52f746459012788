package dev.prm.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/** A downstream service for gateway tests: answers 200 with the path, and remembers the requests it saw. */
final class StubService {

    record Seen(String path, String authorization, String traceparent) {
    }

    private static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
    private static HttpServer server;

    private StubService() {
    }

    static synchronized String url() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                SEEN.add(new Seen(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("traceparent")));
                byte[] body = ("{\"path\":\"" + exchange.getRequestURI().getPath() + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                if (exchange.getRequestMethod().equals("HEAD")) {
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
        }
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** Points every route of the gateway at this stub. */
    static void registerAsEveryService(org.springframework.test.context.DynamicPropertyRegistry registry) {
        for (String service : List.of("tier-service", "registration-service", "commission-service")) {
            registry.add("prm.services." + service, StubService::url);
        }
    }

    static List<Seen> seen() {
        return SEEN;
    }
}
