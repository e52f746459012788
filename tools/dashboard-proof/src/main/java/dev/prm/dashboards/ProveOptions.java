package dev.prm.dashboards;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options of {@code bin/prove-dashboards}, every one {@code --name=value}. By default it starts its own stack on
 * ports of its own (so a developer's ./run-local.sh on the default ports is left alone), below Linux's ephemeral
 * range (32768-60999), where an outgoing connection could hold one; {@code --use-running} checks a stack that is
 * already up on the given ports instead.
 */
record ProveOptions(Path repositoryRoot, Path dataDir, boolean useRunning, int kafkaPort, int kafkaControllerPort,
                    int postgresPort, int gatewayPort, int tierPort, int registrationPort, int commissionPort,
                    int prometheusPort, Path prometheus, Duration scrapeInterval, String feed, List<String> simulateArgs,
                    Duration settle, Duration startupTimeout, boolean keep) {

    static final String USAGE = """
            Usage: bin/prove-dashboards [--data-dir=/tmp/prm-prove-dashboards] [--use-running]
                                        [--kafka-port=19192] [--kafka-controller-port=19193] [--postgres-port=15532]
                                        [--gateway-port=18180] [--tier-port=18181] [--registration-port=18182]
                                        [--commission-port=18183] [--prometheus-port=19190] [--prometheus=/usr/bin/prometheus]
                                        [--scrape-interval=2s] [--feed=auto|simulate|publish]
                                        [--simulate-args="--seed=42 --partners=200 --months=12"] [--settle=45s]
                                        [--startup-timeout=10m] [--keep]
              Starts the local stack in event mode (or uses a running one: --use-running), a real Prometheus on
              loopback scraping it with the alert rules loaded, feeds it with the CRM simulator (bin/simulate; with
              --feed=publish or without the simulator, a built-in publish-driven history), sends REST traffic through
              the gateway, then runs every dashboard panel query and every alert expression against Prometheus' HTTP
              API. Fails on any query error, any panel without data, any rule not healthy. Stops what it started.
              --startup-timeout  how long each service of the stack it starts may take to be ready
              --keep   leave the stack and Prometheus running at the end (Ctrl-C stops them)""";

    private static final Set<String> KNOWN = Set.of("repository-root", "data-dir", "use-running", "kafka-port",
            "kafka-controller-port", "postgres-port", "gateway-port", "tier-port", "registration-port", "commission-port",
            "prometheus-port", "prometheus", "scrape-interval", "feed", "simulate-args", "settle", "startup-timeout", "keep");

    static ProveOptions parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + USAGE);
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
            }
            given.put(name, equals < 0 ? "true" : arg.substring(equals + 1));
        }
        String feed = given.getOrDefault("feed", "auto");
        if (!Set.of("auto", "simulate", "publish").contains(feed)) {
            throw new IllegalArgumentException("--feed is auto, simulate or publish\n" + USAGE);
        }
        List<String> simulateArgs = new ArrayList<>();
        for (String word : given.getOrDefault("simulate-args", "--seed=42 --partners=200 --months=12").trim().split("\\s+")) {
            if (!word.isEmpty()) {
                simulateArgs.add(word);
            }
        }
        return new ProveOptions(
                Path.of(given.getOrDefault("repository-root", ".")).toAbsolutePath().normalize(),
                Path.of(given.getOrDefault("data-dir", "/tmp/prm-prove-dashboards")).toAbsolutePath().normalize(),
                flag(given, "use-running"),
                port(given, "kafka-port", 19192), port(given, "kafka-controller-port", 19193),
                port(given, "postgres-port", 15532), port(given, "gateway-port", 18180), port(given, "tier-port", 18181),
                port(given, "registration-port", 18182), port(given, "commission-port", 18183),
                port(given, "prometheus-port", 19190),
                Path.of(given.getOrDefault("prometheus", "/usr/bin/prometheus")),
                duration(given.getOrDefault("scrape-interval", "2s")),
                feed, List.copyOf(simulateArgs),
                duration(given.getOrDefault("settle", "45s")),
                duration(given.getOrDefault("startup-timeout", "10m")),
                flag(given, "keep"));
    }

    /** The arguments of ./run-local.sh for the same stack, event clock. */
    String[] stackArguments() {
        return new String[] {"--repository-root=" + repositoryRoot, "--data-dir=" + dataDir.resolve("stack"), "--fresh",
                "--clock=event", "--kafka-port=" + kafkaPort, "--kafka-controller-port=" + kafkaControllerPort,
                "--postgres-port=" + postgresPort, "--gateway-port=" + gatewayPort, "--tier-port=" + tierPort,
                "--registration-port=" + registrationPort, "--commission-port=" + commissionPort};
    }

    String bootstrap() {
        return "localhost:" + kafkaPort;
    }

    String gateway() {
        return "http://localhost:" + gatewayPort;
    }

    /** host:port of every process Prometheus scrapes. */
    List<String> targets() {
        // actuator listens on each public port + 100 (management.server.port)
        return java.util.stream.Stream.of(tierPort, registrationPort, commissionPort, gatewayPort)
                .map(port -> "localhost:" + (port + dev.prm.local.StackOptions.MANAGEMENT_PORT_OFFSET)).toList();
    }

    private static boolean flag(Map<String, String> given, String name) {
        String value = given.getOrDefault(name, "false");
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("--" + name + " is true or false, not " + value);
        }
        return Boolean.parseBoolean(value);
    }

    private static int port(Map<String, String> given, String name, int fallback) {
        String value = given.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " is a port number, not " + value);
        }
    }

    /** 2s, 500ms, 1m. */
    static Duration duration(String value) {
        var match = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(value);
        if (!match.matches()) {
            throw new IllegalArgumentException("a duration is like 2s, 500ms or 1m, not " + value);
        }
        long amount = Long.parseLong(match.group(1));
        return switch (match.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
