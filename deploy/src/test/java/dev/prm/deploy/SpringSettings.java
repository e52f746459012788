package dev.prm.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.support.ResourcePropertySource;
import org.springframework.util.StringUtils;

/**
 * A module's settings as Spring Boot would see them inside a container: the environment variables a
 * descriptor gives it (with Boot's relaxed mapping, so SPRING_KAFKA_BOOTSTRAPSERVERS must really reach
 * spring.kafka.bootstrap-servers), over application-{profile}.yaml, application.yaml and the platform defaults.
 */
final class SpringSettings {

    private static final Path PLATFORM_DEFAULTS = Repository.ROOT.resolve("prm-platform/src/main/resources/prm-platform-defaults.properties");

    private SpringSettings() {
    }

    static PropertyResolver resolve(String module, Map<String, String> environmentVariables) {
        ConfigurableEnvironment environment = new AbstractEnvironment() {
        };
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(environmentVariables)));
        // Boot's relaxed names (SPRING_PROFILES_ACTIVE, PRM_SERVICES_TIERSERVICE, ...) over every source added below
        ConfigurationPropertySources.attach(environment);

        Path resources = Repository.ROOT.resolve(module).resolve("src/main/resources");
        String active = environment.getProperty("spring.profiles.active", "");
        List<String> profiles = new ArrayList<>(List.of(StringUtils.commaDelimitedListToStringArray(active.replace(" ", ""))));
        java.util.Collections.reverse(profiles); // the last profile named wins
        for (String profile : profiles) {
            addYaml(environment, resources.resolve("application-" + profile + ".yaml"));
        }
        addYaml(environment, resources.resolve("application.yaml"));
        if (Files.exists(resources.resolve("application.properties"))) {
            throw new IllegalStateException(module + " has an application.properties; read it here too");
        }
        if (!module.equals(Repository.GATEWAY)) {
            // PlatformDefaults adds them last (lowest precedence) in every service
            try {
                environment.getPropertySources().addLast(new ResourcePropertySource("prm-platform-defaults",
                        new FileSystemResource(PLATFORM_DEFAULTS)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return environment;
    }

    private static void addYaml(ConfigurableEnvironment environment, Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (PropertySource<?> document : new YamlPropertySourceLoader().load(file.getFileName().toString(), new FileSystemResource(file))) {
                environment.getPropertySources().addLast(document);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
