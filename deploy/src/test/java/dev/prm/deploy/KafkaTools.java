package dev.prm.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A KAFKA_HOME whose bin/ scripts run the Kafka tool classes of this test classpath (kafka-tools, the version
 * of the apache/kafka image), the way the image's own bin/kafka-*.sh wrappers run them: same class, same
 * arguments. The deployment scripts find their tools under ${KAFKA_HOME:-/opt/kafka}.
 */
final class KafkaTools {

    private KafkaTools() {
    }

    static void install(Path kafkaHome, String script, String mainClass) {
        try {
            Path bin = Files.createDirectories(kafkaHome.resolve("bin"));
            Path wrapper = bin.resolve(script);
            // C1 and a serial GC: each of these JVMs only starts, does one thing and exits
            Files.writeString(wrapper, """
                    #!/bin/sh
                    exec '%s' -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '%s' %s "$@"
                    """.formatted(Path.of(System.getProperty("java.home"), "bin", "java"), System.getProperty("java.class.path"), mainClass));
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
