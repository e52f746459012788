package dev.prm.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real command-line tool (docker-compose, kubectl, bash, psql) and captures what it says. A tool that
 * is not installed fails the test with the package to install: these checks must never be skipped quietly.
 */
record ExternalTool(String executable, String installHint) {

    static final ExternalTool DOCKER_COMPOSE = new ExternalTool("docker-compose",
            "apt-get install -y docker-compose (Debian's Compose 1.29; `docker-compose config` needs no Docker engine)");
    static final ExternalTool KUBECTL = new ExternalTool("kubectl",
            "install kubectl 1.27+ (Kustomize v5 built in), e.g. from https://pkgs.k8s.io (package kubectl)");
    static final ExternalTool SH = new ExternalTool("sh", "apt-get install -y dash");
    static final ExternalTool BASH = new ExternalTool("bash", "apt-get install -y bash");
    static final ExternalTool PSQL = new ExternalTool("psql", "apt-get install -y postgresql-client");

    record Result(List<String> command, int exitCode, String stdout, String stderr) {

        String describe() {
            return String.join(" ", command) + " exited " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** The tool's absolute path on PATH; fails the test, naming the package, when it is missing. */
    Path require() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return fail("`" + executable + "` is not on PATH; this check runs the real tool. Install it: " + installHint);
    }

    /**
     * Runs the tool with the given arguments. {@code environment} is added to this JVM's environment after the
     * names in {@code unset} are removed, so a developer's own variables cannot change the outcome.
     */
    Result run(List<String> arguments, Map<String, String> environment, Collection<String> unset, Path workingDirectory,
               Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(require().toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        unset.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(command, process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
