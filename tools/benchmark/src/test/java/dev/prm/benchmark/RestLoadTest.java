package dev.prm.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** The REST load generator against a loopback server that answers one request at a time, slower than asked. */
class RestLoadTest {

    private static final Duration ANSWER_TIME = Duration.ofMillis(5);

    private HttpServer slowServer;

    @BeforeEach
    void start() throws Exception {
        slowServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        slowServer.setExecutor(Executors.newSingleThreadExecutor());
        slowServer.createContext("/", exchange -> {
            try {
                Thread.sleep(ANSWER_TIME);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        slowServer.start();
    }

    @AfterEach
    void stop() {
        slowServer.stop(0);
    }

    @Test
    void a_saturated_server_still_yields_a_measured_window_and_its_capacity() throws Exception {
        URI gateway = URI.create("http://127.0.0.1:" + slowServer.getAddress().getPort() + "/");
        double asked = 2_000; // the server answers at most 1 / 5 ms = 200 a second

        RestLoad.Outcome outcome = new RestLoad(gateway).run(List.of("P-1", "P-2"), List.of("t1", "t2"), asked,
                Duration.ofSeconds(1), Duration.ofSeconds(2));

        assertThat(outcome.saturated(asked)).isTrue();
        assertThat(outcome.sent()).as("requests sent after the warm-up are recorded even though the warm-up's share fell behind")
                .isPositive();
        assertThat(outcome.ok()).isPositive();
        assertThat(outcome.servedRate()).isBetween(20.0, 1_000 / (double) ANSWER_TIME.toMillis() * 1.1);
    }
}
