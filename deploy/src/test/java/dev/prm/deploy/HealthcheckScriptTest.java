package dev.prm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * The images' readiness probe (deploy/images/healthcheck.sh, /opt/prm/healthcheck.sh in every image, called by
 * compose and Kubernetes) run with bash against a real HTTP server answering what Spring Boot's actuator answers.
 */
class HealthcheckScriptTest {

    private static final Path SCRIPT = Repository.ROOT.resolve("deploy/images/healthcheck.sh");

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void readyWhenTheReadinessGroupIsUp() throws Exception {
        int port = serve("/actuator/health/readiness", 200, "{\"status\":\"UP\"}");
        assertThat(probe(String.valueOf(port)).exitCode).isZero();
    }

    @Test
    void notReadyWhenOutOfServiceOrDown() throws Exception {
        // what Spring Boot answers while starting, draining or with a dependency down
        int outOfService = serve("/actuator/health/readiness", 503, "{\"status\":\"OUT_OF_SERVICE\"}");
        Result result = probe(String.valueOf(outOfService));
        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr).contains("503").contains("OUT_OF_SERVICE");
        server.stop(0);

        int downWithComponents = serve("/actuator/health/readiness", 200,
                "{\"components\":{\"db\":{\"status\":\"DOWN\"},\"kafka\":{\"status\":\"UP\"}},\"status\":\"UP\"}");
        assertThat(probe(String.valueOf(downWithComponents)).exitCode)
                .as("a component shown DOWN is not ready, even under a 200").isEqualTo(1);
    }

    @Test
    void anotherPathAndPrettyPrintedJson() throws Exception {
        int port = serve("/actuator/health/liveness", 200, "{\n  \"status\" : \"UP\"\n}");
        assertThat(probe(String.valueOf(port), "/actuator/health/liveness").exitCode).isZero();
        assertThat(probe(String.valueOf(port)).exitCode).as("readiness is not served here: 404").isEqualTo(1);
    }

    @Test
    void notReadyWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Result result = probe(String.valueOf(port));
        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr).contains("nothing listens on port " + port);
    }

    @Test
    void aServiceThatNeverAnswersDoesNotHangTheProbe() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    accepted.add(silent.accept());
                } catch (IOException ignored) {
                    // closed at the end of the test
                }
            });
            long start = System.nanoTime();
            Result result = probe(String.valueOf(silent.getLocalPort()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(result.exitCode).isEqualTo(1);
            assertThat(took).isLessThan(Duration.ofSeconds(20));
            acceptor.interrupt();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void usageErrorWithoutAPort() throws Exception {
        Result result = probe("http");
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.stderr).contains("usage: healthcheck.sh PORT [PATH]");
    }

    private int serve(String path, int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = exchange.getRequestURI().getPath().equals(path)
                    ? body.getBytes(StandardCharsets.UTF_8) : "{\"error\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.spring-boot.actuator.v3+json");
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals(path) ? status : 404, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    private record Result(int exitCode, String stderr) {
    }

    private static Result probe(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the probe ends by itself").isTrue();
        return new Result(process.exitValue(), stderr);
    }
}
