package dev.prm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerStartupCacheTest {

    @TempDir
    Path directory;

    @Test
    void the_broker_runs_on_the_launchers_jars_alone_in_one_order() throws Exception {
        Path kafka = Files.writeString(directory.resolve("kafka-server.jar"), "kafka");
        Path clients = Files.writeString(directory.resolve("kafka-clients.jar"), "clients");
        Path classes = Files.createDirectories(directory.resolve("classes"));
        String launcherClasspath = String.join(File.pathSeparator, classes.toString(), kafka.toString(), clients.toString());

        BrokerStartupCache cache = BrokerStartupCache.of(directory.resolve("startup-cache"), launcherClasspath);

        assertThat(cache.classpath()).as("no class folder, sorted").isEqualTo(clients + File.pathSeparator + kafka);
    }

    @Test
    void a_cache_serves_only_the_jars_and_the_java_release_it_was_made_with() throws Exception {
        Path jar = Files.writeString(directory.resolve("kafka-server.jar"), "the first build");
        Path cacheDirectory = directory.resolve("startup-cache");
        BrokerStartupCache cache = new BrokerStartupCache(cacheDirectory, List.of(jar), 25);
        assertThat(cache.ready()).as("nothing made yet").isFalse();
        assertThat(cache.launchFlags()).isEmpty();

        List<String> training = cache.trainingFlags();
        Files.writeString(cacheDirectory.resolve("kafka.aot"), "what the training broker's JVM writes as it exits");
        assertThat(cache.finishTraining()).isTrue();
        assertThat(training).containsExactly("-XX:AOTCacheOutput=" + cacheDirectory.resolve("kafka.aot"));
        assertThat(cache.launchFlags()).containsExactly("-XX:AOTCache=" + cacheDirectory.resolve("kafka.aot"));
        assertThat(new BrokerStartupCache(cacheDirectory, List.of(jar), 26).ready()).as("another Java release").isFalse();

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(cache.ready()).as("a new build of a jar").isFalse();
    }

    @Test
    void a_training_that_left_no_cache_is_not_stamped() throws Exception {
        Path jar = Files.writeString(directory.resolve("kafka-server.jar"), "kafka");
        BrokerStartupCache cache = new BrokerStartupCache(directory.resolve("startup-cache"), List.of(jar), 25);

        cache.trainingFlags();

        assertThat(cache.finishTraining()).isFalse();
        assertThat(cache.ready()).isFalse();
    }

    @Test
    void before_jdk_25_the_broker_starts_as_always() throws Exception {
        Path jar = Files.writeString(directory.resolve("kafka-server.jar"), "kafka");

        assertThat(new BrokerStartupCache(directory, List.of(jar), 21).supported()).isFalse();
        assertThat(new BrokerStartupCache(directory, List.of(), 25).supported()).as("no jars: a test's class path").isFalse();
    }
}
