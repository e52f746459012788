package dev.prm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets first: --help, a second stack's ports, the tools finding the stack or saying why not. */
class LocalStackFrontDoorTest {

    private static final Path ROOT = Path.of(System.getProperty("prm.repository.root", "../..")).toAbsolutePath().normalize();

    @Test
    void run_local_help_prints_the_launchers_usage_at_once_without_building() throws Exception {
        // a build takes a minute: five seconds leave room for the usage only
        Process help = new ProcessBuilder("/bin/bash", ROOT.resolve("run-local.sh").toString(), "--help")
                .redirectErrorStream(true).directory(ROOT.toFile()).start();
        help.getOutputStream().close();
        assertThat(help.waitFor(5, TimeUnit.SECONDS)).isTrue();
        String printed = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(help.exitValue()).isZero();
        assertThat(printed).isEqualTo(StackOptions.USAGE).contains("--kafka-controller-port", "--services", "--instances");
    }

    @Test
    void prove_dashboards_help_never_waits_for_a_build() throws Exception {
        Process help = new ProcessBuilder("/bin/bash", ROOT.resolve("bin/prove-dashboards").toString(), "--help")
                .redirectErrorStream(true).directory(ROOT.toFile()).start();
        help.getOutputStream().close();
        assertThat(help.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String printed = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.exitValue()).isZero();
        assertThat(printed).contains("bin/prove-dashboards").doesNotContain("building");
    }

    @Test
    void the_controller_port_follows_the_kafka_port_unless_given() {
        assertThat(StackOptions.parse(new String[0]).kafkaControllerPort()).isEqualTo(9093);
        assertThat(StackOptions.parse(new String[] {"--kafka-port=9192"}).kafkaControllerPort()).isEqualTo(9193);
        assertThat(StackOptions.parse(new String[] {"--kafka-port=9192", "--kafka-controller-port=9300"}).kafkaControllerPort())
                .isEqualTo(9300);
    }

    @Test
    void a_port_in_use_is_named_with_the_option_that_moves_it_before_anything_starts() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            StackOptions options = StackOptions.parse(new String[] {"--kafka-port=" + (taken.getLocalPort() - 1)});
            assertThat(options.ports()).containsEntry(taken.getLocalPort(), "--kafka-controller-port");
            assertThatThrownBy(() -> PortCheck.requireFree(Map.of(taken.getLocalPort(), "--kafka-controller-port")))
                    .hasMessageContaining("port " + taken.getLocalPort() + " (--kafka-controller-port)")
                    .hasMessageContaining("--data-dir");
        }
    }

    @Test
    void every_port_of_every_instance_is_checked() {
        StackOptions options = StackOptions.parse(new String[] {"--instances=2"});
        assertThat(options.ports()).containsKeys(9092, 9093, 15432, 8080, 8081, 8082, 8083, 8091, 8092, 8093, 8180, 8181, 8191)
                .containsEntry(8091, "--tier-port (+10 for tier-service-2)");
    }

    @Test
    void a_tool_says_at_once_when_no_broker_answers(@TempDir Path noStack) throws IOException {
        int nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = socket.getLocalPort();
        }
        long started = System.nanoTime();
        assertThatThrownBy(() -> Broker.topics("localhost:" + nobody))
                .hasMessageContaining("no Kafka broker answers at localhost:" + nobody)
                .hasMessageContaining("--bootstrap");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));

        ToolArguments arguments = ToolArguments.parse(new String[] {"--data-dir=" + noStack}, Set.of("data-dir"), "");
        assertThat(RunningStack.bootstrap(arguments)).isEqualTo("localhost:9092");
        Files.writeString(noStack.resolve(RunningStack.FILE), "kafka.bootstrap=localhost:19092\nservice.tier-service=http://localhost:18081\n");
        assertThat(RunningStack.bootstrap(arguments)).isEqualTo("localhost:19092");
        assertThat(RunningStack.read(noStack).orElseThrow().services()).containsExactly(Map.entry("tier-service", "http://localhost:18081"));
        assertThat(RunningStack.bootstrap(ToolArguments.parse(new String[] {"--data-dir=" + noStack, "--bootstrap=h:1"},
                Set.of("data-dir", "bootstrap"), ""))).isEqualTo("h:1");
    }

    @Test
    void unknown_tool_options_are_refused_with_the_usage() {
        assertThatThrownBy(() -> ToolArguments.parse(new String[] {"--bootstrp=x"}, Set.of("bootstrap"), Publish.USAGE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bootstrp").hasMessageContaining("Usage: bin/publish");
    }
}
