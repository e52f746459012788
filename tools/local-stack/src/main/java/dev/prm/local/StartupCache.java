package dev.prm.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A service's JVM started from an ahead-of-time cache: the jar extracted once (class data caches need plain jars on
 * the class path, not Spring Boot's nested ones), then one training start that exits after the context refresh
 * ({@code spring.context.exit=onRefresh}) and leaves the classes it loaded and linked, with their profiles, in a cache
 * (JDK 25: {@code -XX:AOTCacheOutput}; JDK 21–24: a CDS archive). Later starts map the cache instead of loading and
 * linking thousands of classes. A new build changes the jar, other JVM flags change what the JVM accepts (a cache made
 * under a flight recording is refused without one): either makes the cache again. A cache the JVM refuses anyway is
 * only an error line at the top of its log, and it starts without.
 */
final class StartupCache {

    private static final int TRAINING_MINUTES = 4;

    private final Path jar;
    private final Path directory;
    private final int javaFeatureVersion;
    private final boolean aotCache;
    private final List<String> jvmFlags;

    /**
     * @param directory where the extracted jar, the cache and its stamp live (beside the build's jar)
     * @param jvmFlags the flags the service starts with, which the cache must have been made with
     */
    StartupCache(Path jar, Path directory, int javaFeatureVersion, List<String> jvmFlags) {
        this.jar = jar;
        this.directory = directory;
        this.javaFeatureVersion = javaFeatureVersion;
        this.aotCache = javaFeatureVersion >= 25;
        this.jvmFlags = List.copyOf(jvmFlags);
    }

    static StartupCache forJar(Path jar, List<String> jvmFlags) {
        return new StartupCache(jar, jar.resolveSibling("startup-cache"), Runtime.version().feature(), jvmFlags);
    }

    /** The cache was made from this very jar (its size and modification time) with these JVM flags. */
    boolean ready() {
        try {
            return Files.isRegularFile(cache()) && Files.isRegularFile(extractedJar())
                    && Files.readString(stamp()).equals(stampOfJar());
        } catch (IOException e) {
            return false;
        }
    }

    /** The JVM flags and jar of a start from the cache: {@code -XX:AOTCache=…} (or CDS) and the extracted jar. */
    List<String> launch() {
        return List.of(aotCache ? "-XX:AOTCache=" + cache() : "-XX:SharedArchiveFile=" + cache(), "-jar", extractedJar().toString());
    }

    /**
     * Extracts the jar and starts one training run with {@code jvm} flags and {@code arguments}, its output in {@code log};
     * {@link #finishTraining} waits for it.
     */
    Process startTraining(List<String> java, List<String> jvm, List<String> arguments, Path log) throws IOException {
        Files.createDirectories(directory);
        Files.deleteIfExists(stamp());
        Files.deleteIfExists(cache());
        List<String> extract = new ArrayList<>(java);
        extract.addAll(List.of("-Djarmode=tools", "-jar", jar.toString(), "extract", "--force", "--destination",
                directory.resolve("app").toString()));
        Process extraction = new ProcessBuilder(extract).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!extraction.waitFor(2, TimeUnit.MINUTES) || extraction.exitValue() != 0) {
                extraction.destroyForcibly();
                throw new IOException("extracting " + jar + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting " + jar, e);
        }
        List<String> training = new ArrayList<>(java);
        training.addAll(jvm);
        training.add(aotCache ? "-XX:AOTCacheOutput=" + cache() : "-XX:ArchiveClassesAtExit=" + cache());
        training.addAll(List.of("-Dspring.context.exit=onRefresh", "-jar", extractedJar().toString()));
        training.addAll(arguments);
        return new ProcessBuilder(training).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** Waits for a training start; true when it left a cache, which is then stamped with the jar it was made from. */
    boolean finishTraining(Process training) {
        try {
            if (!training.waitFor(TRAINING_MINUTES, TimeUnit.MINUTES)) {
                training.destroyForcibly();
                return false;
            }
            if (training.exitValue() != 0 || !Files.isRegularFile(cache())) {
                return false;
            }
            Files.writeString(stamp(), stampOfJar());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JVM whose first lines of output are these refused the cache: it says so before the application logs anything. */
    static boolean refusedIn(List<String> firstLines) {
        return firstLines.stream().anyMatch(line -> line.contains("[error][aot]") || line.contains("[error][cds]"));
    }

    /** Forgets what the cache was made from, so that the next preparation makes it again. */
    void forget() {
        try {
            Files.deleteIfExists(stamp());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path extractedJar() {
        return directory.resolve("app").resolve(jar.getFileName());
    }

    private Path cache() {
        return directory.resolve(aotCache ? "service.aot" : "service.jsa");
    }

    private Path stamp() {
        return directory.resolve("made-from");
    }

    /** The jar's size and modification time, the Java release and the JVM flags the cache is for. */
    String stampOfJar() throws IOException {
        return Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() + " " + javaFeatureVersion + "\n"
                + String.join(" ", jvmFlags);
    }
}
