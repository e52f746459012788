package dev.prm.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A process the stack started, with its log file; stopped gently, then forcibly, with its own children. */
final class ChildProcess {

    private final String name;
    private final Process process;
    private final Path log;
    /** Where this process's output begins in its log: a log is appended to, start after start. */
    private final long logStart;

    private ChildProcess(String name, Process process, Path log, long logStart) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            return new ChildProcess(name, builder.start(), log, logStart);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** The first lines this process wrote to its log, none of an earlier start's. */
    List<String> firstLines(int count) {
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(logStart);
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().limit(count).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** @return whether it exited with status 0 in time */
    boolean waitFor(java.time.Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) && process.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** As a crash: SIGKILL (kill -9), so no shutdown hook runs; waits until it is gone. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The exit status once it has exited (128 + the signal's number when a signal ended it). */
    int exitValue() {
        return process.exitValue();
    }

    /** Stops them all at once, each in a thread of its own, and returns when every one has ended. */
    static void stopAll(List<ChildProcess> children) {
        List<Thread> stopping = children.stream().map(child -> Thread.ofPlatform().name("stop-" + child.name).start(child::stop)).toList();
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** SIGTERM; SIGKILL after 30 s. */
    void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
