package dev.prm.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a running local stack listens, kept in {@code <data-dir>/stack.properties} while it runs, so the command-line
 * tools ({@code bin/publish}, {@code bin/status}, {@code bin/dead-letters}) find it on whatever ports it was given.
 *
 * @param services base URL of each backend service instance's actuator (management port), by instance name
 */
public record RunningStack(String bootstrap, Map<String, String> services) {

    static final String FILE = "stack.properties";
    private static final String BOOTSTRAP = "kafka.bootstrap";
    private static final String SERVICE = "service.";

    static void write(StackOptions options) {
        Properties properties = new Properties();
        properties.setProperty(BOOTSTRAP, options.kafkaBootstrap());
        for (String service : options.services()) {
            if (!service.equals(StackOptions.GATEWAY)) {
                options.instancesOf(service).forEach(instance ->
                        properties.setProperty(SERVICE + instance.name(), "http://" + options.connectHost() + ":" + instance.managementPort()));
            }
        }
        try (Writer out = Files.newBufferedWriter(options.dataDir().resolve(FILE))) {
            properties.store(out, "written by ./run-local.sh while the stack runs");
        } catch (IOException e) {
            throw new IllegalStateException("could not write " + options.dataDir().resolve(FILE), e);
        }
    }

    static void remove(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(FILE));
        } catch (IOException e) {
            System.err.println("could not delete " + dataDir.resolve(FILE) + ": " + e.getMessage());
        }
    }

    static Optional<RunningStack> read(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + file, e);
        }
        Map<String, String> services = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(properties.stringPropertyNames());
        names.sort(null);
        names.stream().filter(name -> name.startsWith(SERVICE))
                .forEach(name -> services.put(name.substring(SERVICE.length()), properties.getProperty(name)));
        return Optional.of(new RunningStack(properties.getProperty(BOOTSTRAP), services));
    }

    /** {@code --bootstrap=} when given, else the stack running from {@code --data-dir=} (default .local-stack), else 9092. */
    static String bootstrap(ToolArguments arguments) {
        return arguments.option("bootstrap").orElseGet(() -> read(arguments.dataDir()).map(RunningStack::bootstrap)
                .orElse("localhost:9092"));
    }
}
