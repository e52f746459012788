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
    void the_local_stack_starts_the_services_and_the_gateway_with_the_flags_their_images_have() throws Exception {
        String rootPom = Files.readString(Path.of("..", "..", "pom.xml"));

        assertThat(LocalStack.SERVICE_JVM_FLAGS).isEqualTo(flagsOf(rootPom, "prm.service.jvm-flags"));
        assertThat(LocalStack.GATEWAY_JVM_FLAGS).isEqualTo(flagsOf(rootPom, "prm.gateway.jvm-flags"));
    }

    private static List<String> flagsOf(String pom, String property) {
        Matcher flags = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</" + Pattern.quote(property) + ">").matcher(pom);
        assertThat(flags.find()).as("the root pom names %s, the JVM flags of the images", property).isTrue();
        return List.of(flags.group(1).strip().split("\\s+"));
    }

    @Test
    void a_collector_asked_for_in_the_extra_options_replaces_the_parallel_one() {
        List<String> flags = LocalStack.jvmFlags("tier-service", "tier-service", " -XX:+UseZGC -Xlog:gc:file=/tmp/gc-{service}.log ");

        assertThat(flags).contains("-XX:+UseZGC", "-Xlog:gc:file=/tmp/gc-tier-service.log", "-XX:ThreadPriorityPolicy=1")
                .doesNotContain("-XX:+UseParallelGC");
    }

    @Test
    void without_a_collector_in_the_extra_options_the_services_keep_the_parallel_one_and_the_gateway_zgc() {
        assertThat(LocalStack.jvmFlags("tier-service", "tier-service", "-Xlog:gc")).contains("-XX:+UseParallelGC", "-Xlog:gc");
        assertThat(LocalStack.jvmFlags("api-gateway", "api-gateway", "")).containsExactly("-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseZGC");
        assertThat(LocalStack.jvmFlags("api-gateway", "api-gateway", "-XX:+UseG1GC")).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseZGC");
    }
}
