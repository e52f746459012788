package dev.prm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupCacheTest {

    @TempDir
    Path directory;

    @Test
    void a_cache_serves_only_the_jar_it_was_made_from() throws Exception {
        Path jar = Files.writeString(directory.resolve("tier-service.jar"), "the first build");
        Path cacheDirectory = directory.resolve("startup-cache");
        StartupCache cache = new StartupCache(jar, cacheDirectory, 25);
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
    void jdk_25_maps_an_aot_cache_and_older_jdks_a_cds_archive_of_the_extracted_jar() {
        Path jar = directory.resolve("tier-service.jar");
        assertThat(new StartupCache(jar, directory.resolve("c"), 25).launch())
                .containsExactly("-XX:AOTCache=" + directory.resolve("c/service.aot"), "-jar", directory.resolve("c/app/tier-service.jar").toString());
        assertThat(new StartupCache(jar, directory.resolve("c"), 21).launch().getFirst())
                .isEqualTo("-XX:SharedArchiveFile=" + directory.resolve("c/service.jsa"));
    }
}
