package dev.prm.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ports, data directory and business-clock mode of the local stack. Every option is {@code --name=value}.
 *
 * @param repositoryRoot where the services' jars were built ({@code <module>/target/<module>.jar})
 * @param fresh          wipe the data directory first
 * @param instances      instances of each backend service: one consumer group, one database, ports +10 apart
 * @param bindAddress    where the gateway and the services listen: loopback unless asked ({@code --bind-all},
 *                       {@code --bind=ADDR}); the gateway's development issuer mints admin tokens to anyone who asks
 * @param fastDb         PostgreSQL with fsync and synchronous_commit off (fast, a crash of the machine loses the last
 *                       commits); durable by default
 */
public record StackOptions(Path repositoryRoot, Path dataDir, int kafkaPort, int kafkaControllerPort, int postgresPort,
                           Map<String, Integer> servicePorts, String clockMode, boolean fresh, List<String> services,
                           int instances, String bindAddress, boolean fastDb) {

    /** Loopback only: nothing of the stack is reachable from another machine. */
    public static final String LOOPBACK = "127.0.0.1";
    /** Actuator (probes, metrics, projection positions) listens on the public port + 100: 8180, 8181, ... */
    public static final int MANAGEMENT_PORT_OFFSET = 100;

    /** For tests: bound to loopback, the database in the fast mode (their data is thrown away). */
    public StackOptions(Path repositoryRoot, Path dataDir, int kafkaPort, int kafkaControllerPort, int postgresPort,
                        Map<String, Integer> servicePorts, String clockMode, boolean fresh, List<String> services, int instances) {
        this(repositoryRoot, dataDir, kafkaPort, kafkaControllerPort, postgresPort, servicePorts, clockMode, fresh, services, instances,
                LOOPBACK, true);
    }

    public static final List<String> ALL_SERVICES = List.of(StackOptions.TIER, StackOptions.REGISTRATION,
            StackOptions.COMMISSION, StackOptions.GATEWAY);

    public static final String GATEWAY = "api-gateway";
    public static final String TIER = "tier-service";
    public static final String REGISTRATION = "registration-service";
    public static final String COMMISSION = "commission-service";

    /** Also printed by {@code ./run-local.sh --help} straight from the source tree, before any build. */
    static final String USAGE = usage();


    public static StackOptions parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + USAGE);
            }
            int equals = arg.indexOf('=');
            given.put(equals < 0 ? arg.substring(2) : arg.substring(2, equals), equals < 0 ? "true" : arg.substring(equals + 1));
        }
        StackOptions options = new StackOptions(
                Path.of(given.getOrDefault("repository-root", ".")).toAbsolutePath().normalize(),
                Path.of(given.getOrDefault("data-dir", ".local-stack")).toAbsolutePath().normalize(),
                port(given, "kafka-port", 9092),
                port(given, "kafka-controller-port", port(given, "kafka-port", 9092) + 1),
                port(given, "postgres-port", 15432),
                Map.of(GATEWAY, port(given, "gateway-port", 8080),
                        TIER, port(given, "tier-port", 8081),
                        REGISTRATION, port(given, "registration-port", 8082),
                        COMMISSION, port(given, "commission-port", 8083)),
                given.getOrDefault("clock", "system"),
                Boolean.parseBoolean(given.getOrDefault("fresh", "false")),
                given.containsKey("services") ? List.of(given.get("services").split(",")) : ALL_SERVICES,
                Integer.parseInt(given.getOrDefault("instances", "1")),
                bindAddress(given),
                Boolean.parseBoolean(given.getOrDefault("fast-db", "false")));
        for (String name : given.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
            }
        }
        if (!ALL_SERVICES.containsAll(options.services)) {
            throw new IllegalArgumentException("--services takes names among " + ALL_SERVICES + "\n" + USAGE);
        }
        if (options.instances < 1 || options.instances > 4) {
            throw new IllegalArgumentException("--instances takes 1 to 4 (the topics have 4 partitions)\n" + USAGE);
        }
        if (!options.clockMode.equals("system") && !options.clockMode.equals("event")) {
            throw new IllegalArgumentException("--clock must be system or event\n" + USAGE);
        }
        return options;
    }

    private static final java.util.Set<String> KNOWN = java.util.Set.of("repository-root", "data-dir", "kafka-port",
            "kafka-controller-port", "postgres-port", "gateway-port", "tier-port", "registration-port", "commission-port",
            "clock", "fresh", "services", "instances", "bind", "bind-all", "fast-db");

    private static String bindAddress(Map<String, String> given) {
        boolean all = Boolean.parseBoolean(given.getOrDefault("bind-all", "false"));
        if (all && given.containsKey("bind")) {
            throw new IllegalArgumentException("--bind-all and --bind exclude each other\n" + USAGE);
        }
        String address = all ? "0.0.0.0" : given.getOrDefault("bind", LOOPBACK).strip();
        if (address.isEmpty() || !address.matches("[0-9A-Fa-f:.]+|[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("--bind takes an IP address or host name, got '" + address + "'\n" + USAGE);
        }
        return address;
    }

    private static int port(Map<String, String> given, String name, int fallback) {
        String value = given.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static String usage() {
        try (var in = StackOptions.class.getResourceAsStream("run-local-usage.txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("run-local-usage.txt is missing from the classpath", e);
        }
    }

    /** Every port this stack would listen on, with the option that sets it. */
    public Map<Integer, String> ports() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(kafkaPort, "--kafka-port");
        ports.put(kafkaControllerPort, "--kafka-controller-port");
        ports.put(postgresPort, "--postgres-port");
        for (String service : services) {
            String option = "--" + (service.equals(GATEWAY) ? "gateway" : service.replace("-service", "")) + "-port";
            instancesOf(service).forEach(instance -> {
                String which = option + (instance.name().equals(service) ? "" : " (+10 for " + instance.name() + ")");
                ports.put(instance.port(), which);
                ports.put(instance.managementPort(), which + " + 100, actuator");
            });
        }
        return ports;
    }

    public StackOptions withInstances(int value) {
        return new StackOptions(repositoryRoot, dataDir, kafkaPort, kafkaControllerPort, postgresPort, servicePorts, clockMode,
                fresh, services, value, bindAddress, fastDb);
    }

    public int port(String service) {
        return servicePorts.get(service);
    }

    /** Actuator's port of the service's first instance. */
    public int managementPort(String service) {
        return port(service) + MANAGEMENT_PORT_OFFSET;
    }

    /** The host this stack's own clients (gateway to services, services to the key set, probes) use. */
    public String connectHost() {
        return bindAddress.equals(LOOPBACK) || bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "localhost" : bindAddress;
    }

    /** Instance 1 is the service's own name and port; instance k is {@code <service>-k} on port + 10(k-1). */
    public List<Instance> instancesOf(String service) {
        if (service.equals(GATEWAY)) {
            return List.of(new Instance(service, service, port(service)));
        }
        return java.util.stream.IntStream.rangeClosed(1, instances)
                .mapToObj(k -> new Instance(service, k == 1 ? service : service + "-" + k, port(service) + 10 * (k - 1)))
                .toList();
    }

    public record Instance(String service, String name, int port) {

        public int managementPort() {
            return port + MANAGEMENT_PORT_OFFSET;
        }
    }

    public String kafkaBootstrap() {
        return "localhost:" + kafkaPort;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgresPort + "/" + database;
    }
}
