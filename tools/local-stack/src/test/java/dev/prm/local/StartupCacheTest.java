package dev.prm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupCacheTest {

    private static final List<String> FLAGS = List.of("-Xmx512m", "-XX:+UseParallelGC");

    @TempDir
    Path directory;

    @Test
    void a_cache_serves_only_the_jar_it_was_made_from() throws Exception {
        Path jar = Files.writeString(directory.resolve("tier-service.jar"), "the first build");
        Path cacheDirectory = directory.resolve("startup-cache");
        StartupCache cache = new StartupCache(jar, cacheDirectory, 25, FLAGS);
        assertThat(cache.ready()).as("nothing made yet").isFalse();

        Files.createDirectories(cacheDirectory.resolve("app"));
        Files.writeString(cacheDirectory.resolve("app/tier-service.jar"), "extracted");
        Files.writeString(cacheDirectory.resolve("service.aot"), "cache");
        Files.writeString(cacheDirectory.resolve("made-from"), cache.stampOfJar());
        assertThat(cache.ready()).isTrue();

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(cache.ready()).as("a new build of the jar").isFalse();
    }

    @Test
    void a_cache_serves_only_the_jvm_flags_it_was_made_with() throws Exception {
        Path jar = Files.writeString(directory.resolve("tier-service.jar"), "a build");
        Path cacheDirectory = directory.resolve("startup-cache");
        Files.createDirectories(cacheDirectory.resolve("app"));
        Files.writeString(cacheDirectory.resolve("app/tier-service.jar"), "extracted");
        Files.writeString(cacheDirectory.resolve("service.aot"), "cache");
        // made under a flight recording, which the JVM adds the jdk.jfr module for: refused by a JVM without one
        List<String> recording = Stream.concat(FLAGS.stream(), Stream.of("-XX:StartFlightRecording=filename=/tmp/{service}.jfr")).toList();
        Files.writeString(cacheDirectory.resolve("made-from"), new StartupCache(jar, cacheDirectory, 25, recording).stampOfJar());

        assertThat(new StartupCache(jar, cacheDirectory, 25, recording).ready()).isTrue();
        assertThat(new StartupCache(jar, cacheDirectory, 25, FLAGS).ready()).as("started without the recording").isFalse();
    }

    @Test
    void a_cache_the_jvm_refused_is_made_again() throws Exception {
        Path jar = Files.writeString(directory.resolve("tier-service.jar"), "a build");
        Path cacheDirectory = directory.resolve("startup-cache");
        StartupCache cache = new StartupCache(jar, cacheDirectory, 25, FLAGS);
        Files.createDirectories(cacheDirectory.resolve("app"));
        Files.writeString(cacheDirectory.resolve("app/tier-service.jar"), "extracted");
        Files.writeString(cacheDirectory.resolve("service.aot"), "cache");
        Files.writeString(cacheDirectory.resolve("made-from"), cache.stampOfJar());
        List<String> accepted = List.of("  .   ____          _", "Started TierServiceApplication");
        List<String> refused = List.of(
                "[0.748s][error][aot] An error has occurred while processing the AOT cache. Run with -Xlog:aot for details.",
                "[0.748s][error][aot] Mismatched values for property jdk.module.addmods: jdk.jfr specified during dump time but not during runtime",
                "[0.781s][error][aot] Unable to map shared spaces",
                "  .   ____          _");

        assertThat(StartupCache.refusedIn(accepted)).isFalse();
        assertThat(StartupCache.refusedIn(List.of())).isFalse();
        assertThat(StartupCache.refusedIn(refused)).isTrue();
        cache.forget();
        assertThat(cache.ready()).as("made again at the next preparation").isFalse();
    }

    @Test
    void jdk_25_maps_an_aot_cache_and_older_jdks_a_cds_archive_of_the_extracted_jar() {
        Path jar = directory.resolve("tier-service.jar");
        assertThat(new StartupCache(jar, directory.resolve("c"), 25, FLAGS).launch())
                .containsExactly("-XX:AOTCache=" + directory.resolve("c/service.aot"), "-jar", directory.resolve("c/app/tier-service.jar").toString());
        assertThat(new StartupCache(jar, directory.resolve("c"), 21, FLAGS).launch().getFirst())
                .isEqualTo("-XX:SharedArchiveFile=" + directory.resolve("c/service.jsa"));
    }
}
