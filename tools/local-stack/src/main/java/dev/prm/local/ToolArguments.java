package dev.prm.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Arguments of the small command-line tools: positional ones and {@code --name=value} options among those known. */
record ToolArguments(List<String> positional, Map<String, String> options) {

    static ToolArguments parse(String[] args, Set<String> known, String usage) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new UsageRequested(usage);
            }
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "\n" + usage);
            }
            options.put(name, equals < 0 ? "true" : arg.substring(equals + 1));
        }
        return new ToolArguments(List.copyOf(positional), Map.copyOf(options));
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    Path dataDir() {
        return Path.of(options.getOrDefault("data-dir", ".local-stack")).toAbsolutePath().normalize();
    }

    /** --help: print the usage and stop with status 0. */
    static final class UsageRequested extends RuntimeException {
        UsageRequested(String usage) {
            super(usage, null, false, false);
        }
    }
}
