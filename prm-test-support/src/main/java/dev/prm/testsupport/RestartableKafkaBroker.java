package dev.prm.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker in a process of its own, on fixed ports and a fixed data directory, that a test can
 * stop and start again: what it stored survives the restart. For tests of outages; the shared broker of
 * {@link TestInfrastructure} serves every other test of the JVM and must never be stopped.
 */
public final class RestartableKafkaBroker implements AutoCloseable {

    private final int port;
    private final int controllerPort;
    private final Path directory;
    private final Path config;
    private final Path logFile;
    private Process process;

    public RestartableKafkaBroker(Path directory) {
        this.port = freePort();
        this.controllerPort = freePort();
        this.directory = directory;
        this.config = directory.resolve("server.properties");
        this.logFile = directory.resolve("kafka.log");
        Path data = directory.resolve("data");
        try {
            Files.createDirectories(data);
            Files.writeString(config, """
                    process.roles=broker,controller
                    node.id=1
                    listeners=PLAINTEXT://localhost:%1$d,CONTROLLER://localhost:%2$d
                    advertised.listeners=PLAINTEXT://localhost:%1$d
                    controller.listener.names=CONTROLLER
                    listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                    controller.quorum.bootstrap.servers=localhost:%2$d
                    log.dirs=%3$s
                    num.partitions=%4$d
                    offsets.topic.replication.factor=1
                    offsets.topic.num.partitions=4
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    share.coordinator.state.topic.replication.factor=1
                    share.coordinator.state.topic.min.isr=1
                    group.initial.rebalance.delay.ms=0
                    auto.create.topics.enable=true
                    controlled.shutdown.enable=false
                    """.formatted(port, controllerPort, data, TestInfrastructure.PARTITIONS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of("kafka.tools.StorageTool", "format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c", config.toString()),
                Duration.ofSeconds(60));
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Starts the broker and waits until it answers. */
    public synchronized RestartableKafkaBroker start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        process = launch(List.of("kafka.Kafka", config.toString()));
        awaitReady(Duration.ofSeconds(90));
        return this;
    }

    /** Stops the broker (SIGTERM) and waits until its port is closed. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited; see " + logFile);
            }
            if (listening(port)) {
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    // still starting
                }
            }
            sleep(200);
        }
        throw new IllegalStateException("the Kafka broker did not start within " + timeout + "; see " + logFile);
    }

    private void run(List<String> arguments, Duration timeout) {
        Process tool = launch(arguments);
        try {
            if (!tool.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || tool.exitValue() != 0) {
                tool.destroyForcibly();
                throw new IllegalStateException(arguments.getFirst() + " failed; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Process launch(List<String> arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(arguments);
        try {
            Process started = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "restartable-kafka-stop"));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + arguments.getFirst(), e);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
