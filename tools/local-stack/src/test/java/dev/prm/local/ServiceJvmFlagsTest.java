package dev.prm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ServiceJvmFlagsTest {

    @Test
    void the_local_stack_starts_the_services_with_the_flags_their_images_have() throws Exception {
        String rootPom = Files.readString(Path.of("..", "..", "pom.xml"));
        Matcher flags = Pattern.compile("<prm.service.jvm-flags>([^<]+)</prm.service.jvm-flags>").matcher(rootPom);
        assertThat(flags.find()).as("the root pom names the services' JVM flags of the images").isTrue();

        assertThat(LocalStack.SERVICE_JVM_FLAGS).isEqualTo(List.of(flags.group(1).strip().split("\\s+")));
    }
}
