package dev.prm.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The broker's JVM started from an ahead-of-time cache (JDK 25+), as the services' are ({@link StartupCache}): Kafka's
 * start is mostly class loading and JIT warm-up of the same code every time. The cache is made once per build of the
 * launcher by a training start of its own ({@link LocalStack}); the JVM writes it as that broker exits. Kafka's class
 * path is the launcher's libraries alone, always in the same order: a cache takes jars, not class folders, and holds
 * only for the class path it was made with.
 */
final class BrokerStartupCache {

    private final Path directory;
    private final List<Path> jars;
    private final int javaFeatureVersion;

    BrokerStartupCache(Path directory, List<Path> jars, int javaFeatureVersion) {
        this.directory = directory;
        this.jars = jars.stream().sorted().toList();
        this.javaFeatureVersion = javaFeatureVersion;
    }

    /** The cache of the broker started with the jars of {@code launcherClasspath}, kept in {@code directory}. */
    static BrokerStartupCache of(Path directory, String launcherClasspath) {
        List<Path> jars = Stream.of(launcherClasspath.split(File.pathSeparator)).filter(entry -> entry.endsWith(".jar"))
                .map(Path::of).filter(Files::isRegularFile).toList();
        return new BrokerStartupCache(directory, jars, Runtime.version().feature());
    }

    /** The JDK makes AOT caches from 25 on; before, the broker starts as it always did. */
    boolean supported() {
        return javaFeatureVersion >= 25 && !jars.isEmpty();
    }

    String classpath() {
        return String.join(File.pathSeparator, jars.stream().map(Path::toString).toList());
    }

    /** The cache was made from these very jars, by this Java release. */
    boolean ready() {
        try {
            return supported() && Files.isRegularFile(cache()) && Files.readString(stamp()).equals(stampOfJars());
        } catch (IOException e) {
            return false;
        }
    }

    /** The flags of a broker started from the cache; none without one. */
    List<String> launchFlags() {
        return ready() ? List.of("-XX:AOTCache=" + cache()) : List.of();
    }

    /** The flags of a training start; the cache is written as that broker exits, then {@link #finishTraining} stamps it. */
    List<String> trainingFlags() throws IOException {
        Files.createDirectories(directory);
        Files.deleteIfExists(stamp());
        Files.deleteIfExists(cache());
        return List.of("-XX:AOTCacheOutput=" + cache());
    }

    /** True when the training broker left a cache, which is then stamped with the jars it was made from. */
    boolean finishTraining() {
        if (!Files.isRegularFile(cache())) {
            return false;
        }
        try {
            Files.writeString(stamp(), stampOfJars());
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path cache() {
        return directory.resolve("kafka.aot");
    }

    private Path stamp() {
        return directory.resolve("kafka-made-from");
    }

    /** A digest of every jar's name, size and modification time, and the Java release. */
    String stampOfJars() throws IOException {
        StringBuilder text = new StringBuilder().append(javaFeatureVersion);
        for (Path jar : jars) {
            text.append('\n').append(jar).append(' ').append(Files.size(jar)).append(' ').append(Files.getLastModifiedTime(jar).toMillis());
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
