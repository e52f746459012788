package dev.prm.local;

import static dev.prm.local.StackOptions.COMMISSION;
import static dev.prm.local.StackOptions.GATEWAY;
import static dev.prm.local.StackOptions.REGISTRATION;
import static dev.prm.local.StackOptions.TIER;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.common.Uuid;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The whole system on one machine without Docker: a real single-node KRaft Kafka broker (a child JVM), a real
 * PostgreSQL server (binaries from Maven Central, run as a child process), and the four services from their
 * built jars, each with its own database. Stops everything it started on Ctrl-C.
 */
public final class LocalStack implements AutoCloseable {

    static {
        // the Kafka and PostgreSQL clients' chatter says nothing useful here; their servers log to files
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static final long LAUNCHED = System.nanoTime();

    /** How long each service may take to be ready; -Dprm.local.startup-timeout-seconds=N on a crowded machine. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(Long.getLong("prm.local.startup-timeout-seconds", 240));
    private static final Map<String, String> DATABASES = Map.of(TIER, "prm_tier", REGISTRATION, "prm_registration",
            COMMISSION, "prm_commission");

    private volatile StackOptions options;
    // the fault methods and resetServices replace entries while the watcher reads them
    private final List<ChildProcess> processes = new CopyOnWriteArrayList<>();
    private final List<Process> trainingsInFlight = new CopyOnWriteArrayList<>();
    private EmbeddedPostgres postgres;
    private volatile boolean closing;
    /** The broker's startup cache; only the launcher's stacks have one (a test's class path is not the launcher's). */
    private BrokerStartupCache brokerCache;

    private LocalStack(StackOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws InterruptedException {
        if (List.of(args).contains("--help")) {
            System.out.println(StackOptions.USAGE);
            return;
        }
        StackOptions options;
        try {
            options = StackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        LocalStack stack = new LocalStack(options);
        if (!startupCacheMode().equals("off")) {
            stack.brokerCache = BrokerStartupCache.of(options.repositoryRoot().resolve("tools/local-stack/target/startup-cache"), classpath());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the local stack...");
            stack.close();
            System.out.println("Stopped; no process left behind.");
            stopped.countDown();
        }, "local-stack-stop"));
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("The local stack did not start: " + e.getMessage());
            System.exit(1);
        }
        System.out.printf("%nPRM event backbone is up in %d s (business clock: %s).%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds(), options.clockMode());
        System.out.println(stack.describe());
        System.out.println("Press Ctrl-C to stop everything.");
        stack.makeStartupCachesInBackground();
        stack.watch();
        stopped.await();
    }

    /** Starts everything and waits until every service is ready. */
    public static LocalStack start(StackOptions options) {
        LocalStack stack = new LocalStack(options);
        try {
            stack.start();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void start() {
        requireServiceJars();
        PortCheck.requireFree(options.ports());
        prepareDataDirectory();
        List<StackOptions.Instance> instances = options.services().stream().flatMap(s -> options.instancesOf(s).stream()).toList();
        CompletableFuture<Void> broker = startBrokerBesideDatabase();
        if (startupCacheMode().equals("now")) {
            join(broker);
            prepareStartupCaches(instances, false);
        }
        // a service's first seconds (JVM, context, migrations) need only its database; its Kafka clients wait for the broker
        instances.forEach(this::startService);
        join(broker);
        instances.forEach(this::awaitReady);
        RunningStack.write(options);
    }

    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("  API gateway     http://").append(options.connectHost()).append(":").append(options.port(GATEWAY)).append("/api/partners/{id}/tier\n");
        text.append("  API docs        http://").append(options.connectHost()).append(":").append(options.port(GATEWAY)).append("/swagger-ui.html  (AsyncAPI: /asyncapi.yaml)\n");
        text.append("  Tokens          curl -s -XPOST ").append(options.connectHost()).append(":").append(options.port(GATEWAY))
                .append("/dev/tokens -H 'Content-Type: application/json' -d '{\"partnerId\":\"P-ACME\"}'  (or {\"admin\":true})\n");
        for (String service : options.services().stream().filter(s -> !s.equals(GATEWAY)).toList()) {
            for (StackOptions.Instance instance : options.instancesOf(service)) {
                text.append("  %-15s http://%s:%d  (OpenAPI /v3/api-docs; metrics http://%s:%d/actuator/prometheus)%n"
                        .formatted(instance.name(), options.connectHost(), instance.port(), options.connectHost(), instance.managementPort()));
            }
        }
        text.append("  Listening on    ").append(options.bindAddress()).append(options.bindAddress().equals(StackOptions.LOOPBACK)
                ? " (loopback only; --bind-all or --bind=ADDR to open)\n" : " (reachable from other machines: the dev issuer mints admin tokens)\n");
        text.append("  Kafka           ").append(options.kafkaBootstrap()).append('\n');
        text.append("  PostgreSQL      ").append(options.jdbcUrl("<prm_tier|prm_registration|prm_commission>"))
                .append(" (user postgres)\n");
        text.append("  Logs            ").append(options.dataDir().resolve("logs"));
        return text.toString();
    }

    public StackOptions options() {
        return options;
    }

    /**
     * A fresh system without starting a new broker, database server or gateway: stops the backend services, deletes
     * every topic and consumer group, drops the services' databases, and starts {@code instances} instances of each
     * service again. Tests that replay one history several ways use it between runs.
     */
    public synchronized void resetServices(int instances) {
        List<ChildProcess> backend = processes.stream().filter(p -> DATABASES.keySet().stream()
                .anyMatch(service -> p.name().equals(service) || p.name().startsWith(service + "-"))).toList();
        backend.parallelStream().forEach(ChildProcess::stop);
        processes.removeAll(backend);
        wipeKafka();
        wipeDatabases();
        options = options.withInstances(instances);
        List<StackOptions.Instance> started = options.services().stream().filter(DATABASES::containsKey)
                .flatMap(s -> options.instancesOf(s).stream()).toList();
        started.forEach(this::startService);
        started.forEach(this::awaitReady);
    }

    private void wipeKafka() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafkaBootstrap());
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try (Admin admin = Admin.create(properties)) {
            while (true) {
                var topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                var groups = admin.listGroups().all().get(10, TimeUnit.SECONDS).stream().map(GroupListing::groupId).toList();
                if (topics.isEmpty() && groups.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka still has topics " + topics + " and groups " + groups);
                }
                try {
                    admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
                    // a group whose stopped members the broker has not timed out yet is not empty: try again
                    admin.deleteConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    sleep(1000);
                }
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not wipe Kafka: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void wipeDatabases() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            for (String database : DATABASES.values()) {
                statement.execute("drop database if exists " + database + " with (force)");
                statement.execute("create database " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not wipe the services' databases", e);
        }
    }

    /** Process ids of everything this stack started (children of this JVM). */
    public List<Long> pids() {
        return processes.stream().map(ChildProcess::pid).toList();
    }

    // Process control for fault tests: each fault as a crash or an operator would cause it, same ports and data.

    /** Kills one service instance as a crash would: SIGKILL (kill -9), so no shutdown hook or graceful close runs. */
    public void killService(String instanceName) {
        ChildProcess process = running(instanceName);
        process.kill();
        processes.remove(process);
        log(instanceName, "killed (SIGKILL), exit status " + process.exitValue());
    }

    /** Starts a killed instance again on its port, database and consumer group, and waits until it is ready. */
    public void restartService(String instanceName) {
        StackOptions.Instance instance = options.services().stream().flatMap(s -> options.instancesOf(s).stream())
                .filter(candidate -> candidate.name().equals(instanceName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no instance " + instanceName + " in this stack"));
        requireStopped(instanceName);
        startService(instance);
        awaitReady(instance);
    }

    /** Stops the broker as an operator would (SIGTERM, a clean shutdown); the services keep running without it. */
    public void stopKafka() {
        ChildProcess kafka = running("kafka");
        kafka.stop();
        processes.remove(kafka);
        log("Kafka", "stopped");
    }

    /** Starts the broker again on the same ports and log directory (no new format) and waits until it answers. */
    public void restartKafka() {
        requireStopped("kafka");
        startKafka();
    }

    /**
     * Stops PostgreSQL with a fast shutdown, SIGINT to the postmaster (active transactions roll back, a checkpoint is
     * written), and waits until it has exited; the services keep running without it. The embedded server's own stop
     * sends it ({@code pg_ctl stop -m fast} under {@code unshare -U}); if that gives up, the signal is sent directly.
     */
    public synchronized void stopPostgres() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
        long postmaster = postmasterPid();
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("PostgreSQL's own stop failed: " + e.getMessage());
        }
        postgres = null;
        ProcessHandle handle = ProcessHandle.of(postmaster).orElse(null);
        if (handle != null && handle.isAlive()) {
            signal("INT", postmaster);
            try {
                handle.onExit().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("the postmaster (pid " + postmaster + ") did not stop within 60 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        log("PostgreSQL", "stopped (postmaster " + postmaster + ")");
    }

    /** Starts PostgreSQL again, as at start-up, on the same port and data directory. */
    public synchronized void restartPostgres() {
        if (postgres != null) {
            throw new IllegalStateException("PostgreSQL is running");
        }
        startPostgres();
    }

    /** The postmaster's process id, from the first line of {@code postmaster.pid} in the data directory. */
    public long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(options.dataDir().resolve("postgres/postmaster.pid")).getFirst().strip());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL is not running (no postmaster.pid)", e);
        }
    }

    /** The process id of a running instance ({@code kafka} for the broker). */
    public long pid(String name) {
        return running(name).pid();
    }

    private ChildProcess running(String name) {
        return processes.stream().filter(process -> process.name().equals(name) && process.isAlive()).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " is not running"));
    }

    private void requireStopped(String name) {
        if (processes.stream().anyMatch(process -> process.name().equals(name) && process.isAlive())) {
            throw new IllegalStateException(name + " is running");
        }
    }

    private static void signal(String signal, long pid) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void requireServiceJars() {
        for (String service : options.services()) {
            if (!Files.isRegularFile(jar(service))) {
                throw new IllegalStateException(jar(service) + " is missing: build first (./mvnw -DskipTests package)");
            }
        }
    }

    private void prepareDataDirectory() {
        try {
            if (options.fresh()) {
                deleteRecursively(options.dataDir());
            }
            Files.createDirectories(options.dataDir().resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The broker starts while the database server does (neither needs the other); returns once the database is up, with
     * the broker's start still under way. A failure of either stops the start; the broker's is thrown by {@link #join}.
     */
    private CompletableFuture<Void> startBrokerBesideDatabase() {
        CompletableFuture<Void> broker = CompletableFuture.runAsync(this::startKafka);
        try {
            startPostgres();
        } catch (RuntimeException e) {
            try {
                broker.join(); // also after a failure: close() stops the broker only once it knows it
            } catch (CompletionException brokerFailure) {
                e.addSuppressed(brokerFailure.getCause());
            }
            throw e;
        }
        return broker;
    }

    private static void join(CompletableFuture<Void> broker) {
        try {
            broker.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void startPostgres() {
        log("PostgreSQL", "starting on port " + options.postgresPort() + (options.fastDb()
                ? " (--fast-db: fsync and synchronous_commit off, not durable)" : " (durable: fsync and synchronous_commit on)"));
        try {
            Path data = options.dataDir().resolve("postgres");
            // the embedded library's defaults are fsync and synchronous_commit off: durable unless asked for the fast mode
            String durable = options.fastDb() ? "off" : "on";
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", durable)
                    .setServerConfig("synchronous_commit", durable)
                    .setPort(options.postgresPort())
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(options.dataDir().resolve("logs/postgres.log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(options.dataDir().resolve("logs/postgres.log").toFile()))
                    .start();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                for (String database : DATABASES.values()) {
                    if (!statement.executeQuery("select 1 from pg_database where datname = '" + database + "'").next()) {
                        statement.execute("create database " + database);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the services' databases", e);
        }
    }

    private void startKafka() {
        boolean cached = brokerCache != null && brokerCache.ready();
        log("Kafka", "starting a KRaft broker on " + options.kafkaBootstrap() + (cached ? " from its startup cache" : ""));
        Path kafkaDir = options.dataDir().resolve("kafka");
        Path config = kafkaDir.resolve("server.properties");
        Path logDirs = kafkaDir.resolve("data");
        Path logFile = options.dataDir().resolve("logs/kafka.log");
        writeKafkaConfig(config, options.kafkaPort(), options.kafkaControllerPort(), logDirs);
        if (!Files.exists(logDirs.resolve("meta.properties"))) {
            formatKafkaStorage(config, logFile);
        }
        List<String> command = javaCommand("-Xmx512m");
        command.addAll(cached ? brokerCache.launchFlags() : List.of());
        command.addAll(List.of("-cp", kafkaClasspath(), "kafka.Kafka", config.toString()));
        processes.add(ChildProcess.start("kafka", command, Map.of(), logFile));
        if (!awaitKafka(options.kafkaPort(), () -> requireAlive("kafka"))) {
            throw new IllegalStateException("Kafka was not ready within " + STARTUP_TIMEOUT.toSeconds() + " s; see " + logFile);
        }
        log("Kafka", "ready");
    }

    private static void writeKafkaConfig(Path config, int port, int controllerPort, Path logDirs) {
        try {
            Files.createDirectories(logDirs);
            Files.writeString(config, """
                    process.roles=broker,controller
                    node.id=1
                    listeners=PLAINTEXT://localhost:%1$d,CONTROLLER://localhost:%2$d
                    advertised.listeners=PLAINTEXT://localhost:%1$d
                    controller.listener.names=CONTROLLER
                    listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                    controller.quorum.bootstrap.servers=localhost:%2$d
                    log.dirs=%3$s
                    num.partitions=4
                    offsets.topic.replication.factor=1
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    share.coordinator.state.topic.replication.factor=1
                    share.coordinator.state.topic.min.isr=1
                    group.initial.rebalance.delay.ms=0
                    auto.create.topics.enable=true
                    # a single node has nobody to hand its partitions to: stop at once on Ctrl-C
                    controlled.shutdown.enable=false
                    """.formatted(port, controllerPort, logDirs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void formatKafkaStorage(Path config, Path logFile) {
        ChildProcess format = ChildProcess.start("kafka-storage-format", javaCommand("-Xmx256m", "-cp", kafkaClasspath(),
                "kafka.tools.StorageTool", "format", "--standalone", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString()), Map.of(), logFile);
        if (!format.waitFor(Duration.ofSeconds(60))) {
            throw new IllegalStateException("formatting Kafka storage failed; see " + logFile);
        }
    }

    /** The launcher's jars when the broker may have a startup cache (always the same, in the same order), else its class path. */
    private String kafkaClasspath() {
        return brokerCache != null && brokerCache.supported() ? brokerCache.classpath() : classpath();
    }

    /**
     * True once the broker on {@code port} answers, within the start-up timeout; {@code alive} throws when it has died.
     * One admin client for all attempts, with timeouts of seconds: on two cores beside four starting JVMs a new client's
     * first answer took longer than the 3 s it once had, attempt after attempt, and a broker that was up was reported as
     * not ready.
     */
    private static boolean awaitKafka(int port, Runnable alive) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (!listening(port)) {
            alive.run();
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(300);
        }
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin client = Admin.create(admin)) {
            while (System.nanoTime() < deadline) {
                alive.run();
                try {
                    client.describeCluster().nodes().get(15, TimeUnit.SECONDS);
                    return true;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        return false;
    }

    /**
     * Makes the broker's startup cache when the launcher's jars are new: a broker of its own (free ports, its own folder
     * under the data directory) started with {@code java}, stopped once it answers; its JVM writes the cache as it exits.
     */
    private void prepareBrokerCache(List<String> java) {
        if (brokerCache == null || !brokerCache.supported() || brokerCache.ready() || closing) {
            return;
        }
        Path dir = options.dataDir().resolve("kafka-startup-cache");
        Path log = options.dataDir().resolve("logs/kafka-startup-cache.log");
        Process training = null;
        try {
            deleteRecursively(dir);
            Path config = dir.resolve("server.properties");
            int port = PortCheck.freePort();
            writeKafkaConfig(config, port, PortCheck.freePort(), dir.resolve("data"));
            formatKafkaStorage(config, log);
            List<String> command = new ArrayList<>(java);
            command.add("-Xmx512m");
            command.addAll(brokerCache.trainingFlags());
            command.addAll(List.of("-cp", brokerCache.classpath(), "kafka.Kafka", config.toString()));
            training = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            trainingsInFlight.add(training);
            Process broker = training;
            boolean answered = awaitKafka(port, () -> {
                if (!broker.isAlive() || closing) {
                    throw new IllegalStateException("stopped");
                }
            });
            training.destroy(); // SIGTERM: Kafka shuts down and the JVM writes the cache as it exits
            boolean made = answered && training.waitFor(2, TimeUnit.MINUTES) && brokerCache.finishTraining();
            log("Kafka", made ? "startup cache made" : "no startup cache; see " + log);
        } catch (IOException | RuntimeException e) {
            log("Kafka", "no startup cache (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (training != null) {
                training.destroyForcibly();
                trainingsInFlight.remove(training);
            }
            deleteRecursively(dir);
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The services' JVM flags, as their images have them: the parallel collector (ingestion allocates fast; G1's
     * concurrent marking cost more CPU per event), no full collection for metaspace's first 128 MiB or for new JIT code
     * at the default threshold (the parallel collector unloads classes and code only in full collections), and Java
     * priorities 1–5 → nice 10, 6–10 → nice 0: the platform's ReadsFirst puts HTTP threads at 10, the rest at 5.
     */
    static final List<String> SERVICE_JVM_FLAGS = Stream.concat(Stream.of("-XX:+UseParallelGC", "-XX:MetaspaceSize=128m", "-XX:SweeperThreshold=50",
            "-XX:ThreadPriorityPolicy=1"),
            IntStream.rangeClosed(1, 10).mapToObj(p -> "-XX:JavaPriority" + p + "_To_OSPriority=" + (p <= 5 ? 10 : 0))).toList();

    /** The gateway's JVM flags, as its image has them: ZGC, whose pauses stay under a millisecond on a busy machine. */
    static final List<String> GATEWAY_JVM_FLAGS = List.of("-XX:+UseZGC");

    /** {@code -XX:+UseZGC}, {@code -XX:+UseParallelGC}, …: the JVM starts with one collector only. */
    private static boolean selectsCollector(String flag) {
        return flag.startsWith("-XX:+Use") && flag.endsWith("GC");
    }

    private void startService(StackOptions.Instance instance) {
        String service = instance.service();
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(jvmFlags(instance.name(), service));
        StartupCache cache = startupCache(service);
        boolean cached = cache != null && cache.ready();
        command.addAll(cached ? cache.launch() : List.of("-jar", jar(service).toString()));
        command.addAll(arguments(instance, instance.port(), instance.managementPort()));
        log(instance.name(), "starting on " + options.bindAddress() + ":" + instance.port() + " (actuator on " + instance.managementPort() + ")"
                + (cached ? " from its startup cache" : ""));
        processes.add(ChildProcess.start(instance.name(), command, Map.of("AXONIQ_UPDATE_CHECKER_DISABLED", "true"),
                options.dataDir().resolve("logs/" + instance.name() + ".log")));
    }

    /** @param name the instance's name, for {@code {service}} in PRM_SERVICE_JAVA_OPTS (a recording's file, say) */
    private List<String> jvmFlags(String name, String service) {
        // extra JVM options for every service, e.g. a flight recording or another collector while benchmarking
        return jvmFlags(name, service, System.getenv().getOrDefault("PRM_SERVICE_JAVA_OPTS", ""));
    }

    static List<String> jvmFlags(String name, String service, String extraOptions) {
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"));
        List<String> extras = extraOptions.isBlank() ? List.of() : List.of(extraOptions.strip().replace("{service}", name).split("\\s+"));
        // services: the parallel collector, HTTP threads at nice 0 and the rest at nice 10 (ReadsFirst); the gateway: ZGC
        jvm.addAll(service.equals(GATEWAY) ? GATEWAY_JVM_FLAGS : SERVICE_JVM_FLAGS);
        if (extras.stream().anyMatch(LocalStack::selectsCollector)) {
            jvm.removeIf(LocalStack::selectsCollector); // the JVM refuses two collectors: the one asked for replaces ours
        }
        jvm.addAll(extras);
        return jvm;
    }

    private List<String> arguments(StackOptions.Instance instance, int port, int managementPort) {
        String service = instance.service();
        List<String> command = new ArrayList<>(List.of("--server.port=" + port, "--management.server.port=" + managementPort,
                // loopback unless --bind-all / --bind: the gateway's development issuer mints admin tokens to anyone
                "--server.address=" + options.bindAddress(), "--management.server.address=" + options.bindAddress()));
        if (service.equals(GATEWAY)) {
            // the local profile turns on the development token issuer (POST /dev/tokens)
            command.add("--spring.profiles.active=local");
            // every client here is this one address, benchmarks' thousands of requests/s included
            command.add("--prm.gateway.rate-limit.per-address.per-second=20000");
            command.add("--prm.gateway.rate-limit.per-address.burst=40000");
            for (String target : List.of(TIER, REGISTRATION, COMMISSION)) {
                command.add("--prm.services." + target + "=http://" + options.connectHost() + ":" + options.port(target));
            }
        } else {
            command.add("--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + jwksUri());
            command.add("--spring.datasource.url=" + options.jdbcUrl(DATABASES.get(service)));
            command.add("--spring.datasource.username=postgres");
            command.add("--spring.datasource.password=postgres");
            command.add("--spring.kafka.bootstrap-servers=" + options.kafkaBootstrap());
            command.add("--prm.clock.mode=" + options.clockMode());
            if (service.equals(REGISTRATION) && !options.services().contains(TIER)) {
                // no tier-service in this stack: its ticks cannot wait for tier decisions that never come
                command.add("--prm.registration.await-tier-decisions=false");
            }
        }
        return command;
    }

    /** The service's startup cache, or none when PRM_STARTUP_CACHE=off. */
    private StartupCache startupCache(String service) {
        // the flags with {service} unreplaced: an instance's name in them (a recording's file) does not matter to the cache
        return startupCacheMode().equals("off") ? null : StartupCache.forJar(jar(service), jvmFlags("{service}", service));
    }

    /**
     * Makes the startup cache of every service whose jar is new (see {@link StartupCache}): one training start each, in
     * parallel, against this stack's own database and broker. Once per build; a failure only means a slower start.
     *
     * @param niced at the lowest CPU priority, beside a running stack
     */
    private void prepareStartupCaches(List<StackOptions.Instance> instances, boolean niced) {
        Map<String, StackOptions.Instance> firstOfEach = new LinkedHashMap<>();
        instances.forEach(instance -> firstOfEach.putIfAbsent(instance.service(), instance));
        Map<String, Process> trainings = new LinkedHashMap<>();
        Map<String, StartupCache> caches = new LinkedHashMap<>();
        long started = System.nanoTime();
        List<String> java = niced ? niced(javaCommand()) : javaCommand();
        firstOfEach.forEach((service, instance) -> {
            StartupCache cache = startupCache(service);
            if (cache == null || cache.ready() || closing) {
                return;
            }
            Path log = options.dataDir().resolve("logs/" + service + "-startup-cache.log");
            try {
                Files.createDirectories(log.getParent());
                Process training = cache.startTraining(java, jvmFlags(service + "-training", service), arguments(instance, 0, 0), log);
                trainings.put(service, training);
                trainingsInFlight.add(training);
                caches.put(service, cache);
            } catch (IOException e) {
                log(service, "no startup cache (" + e.getMessage() + ")");
            }
        });
        if (trainings.isEmpty()) {
            return;
        }
        log("startup caches", "making them for " + String.join(", ", trainings.keySet())
                + (niced ? " in the background, for the next start (once per build)" : " (once per build)"));
        trainings.forEach((service, training) -> {
            boolean made = caches.get(service).finishTraining(training);
            trainingsInFlight.remove(training);
            if (!closing) {
                log(service, made ? "startup cache made" : "no startup cache; see " + options.dataDir().resolve("logs/" + service + "-startup-cache.log"));
            }
        });
        if (!closing) {
            log("startup caches", "done in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
        }
    }

    /** When the services' startup caches are made: PRM_STARTUP_CACHE=off, now (before the services start), or background. */
    private static String startupCacheMode() {
        return System.getenv().getOrDefault("PRM_STARTUP_CACHE", "background");
    }

    /** A stack started with PRM_STARTUP_CACHE=background (the default) makes the caches its next start will use. */
    void makeStartupCachesInBackground() {
        if (startupCacheMode().equals("background")) {
            List<StackOptions.Instance> instances = options.services().stream().flatMap(s -> options.instancesOf(s).stream()).toList();
            Thread.ofPlatform().daemon().name("startup-caches").start(() -> {
                prepareBrokerCache(niced(javaCommand()));
                prepareStartupCaches(instances, true);
            });
        }
    }

    private void awaitReady(StackOptions.Instance instance) {
        String service = instance.name();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI readiness = URI.create("http://" + options.connectHost() + ":" + instance.managementPort() + "/actuator/health/readiness");
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            requireAlive(service);
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    log(service, "ready");
                    forgetRefusedCache(instance);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException(service + " was not ready within " + STARTUP_TIMEOUT.toSeconds() + " s; see "
                + options.dataDir().resolve("logs/" + service + ".log"));
    }

    /** A startup cache the JVM refused is made again in the background instead of being refused at every start. */
    private void forgetRefusedCache(StackOptions.Instance instance) {
        StartupCache cache = startupCache(instance.service());
        if (cache != null && cache.ready() && StartupCache.refusedIn(running(instance.name()).firstLines(20))) {
            cache.forget();
            log(instance.name(), "refused its startup cache (see the top of its log); it is made again in the background");
        }
    }

    /** Reports a process that dies while the stack runs (its log says why). */
    private void watch() {
        Thread watcher = new Thread(() -> {
            List<String> reported = new ArrayList<>();
            while (!Thread.currentThread().isInterrupted()) {
                for (ChildProcess process : List.copyOf(processes)) {
                    if (!closing && !process.isAlive() && !reported.contains(process.name())) {
                        reported.add(process.name());
                        System.err.println(process.name() + " has stopped; see " + process.log());
                    }
                }
                sleep(2000);
            }
        }, "local-stack-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void requireAlive(String name) {
        for (ChildProcess process : processes) {
            if (process.name().equals(name) && !process.isAlive()) {
                throw new IllegalStateException(name + " exited during startup; see " + process.log());
            }
        }
    }

    @Override
    public synchronized void close() {
        closing = true;
        trainingsInFlight.forEach(Process::destroyForcibly);
        RunningStack.remove(options.dataDir());
        List<ChildProcess> reversed = new ArrayList<>(processes);
        java.util.Collections.reverse(reversed);
        // services first, all at once (a service busy with a backlog may take its 30 s; a parallel stream on 2 cores
        // stopped two at a time), then the broker they publish to
        ChildProcess.stopAll(reversed.stream().filter(p -> !p.name().equals("kafka")).toList());
        ChildProcess.stopAll(reversed.stream().filter(p -> p.name().equals("kafka")).toList());
        processes.clear();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            postgres = null;
        }
    }

    /** The key set of the gateway's development issuer, which the services verify tokens with. */
    public String jwksUri() {
        return "http://" + options.connectHost() + ":" + options.port(GATEWAY) + "/dev/jwks.json";
    }

    private Path jar(String service) {
        return options.repositoryRoot().resolve(service).resolve("target").resolve(service + ".jar");
    }

    /** {@code command} at the lowest CPU priority. */
    private static List<String> niced(List<String> command) {
        List<String> niced = new ArrayList<>(List.of("nice", "-n", "19"));
        niced.addAll(command);
        return niced;
    }

    private static List<String> javaCommand(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(arguments));
        return command;
    }

    private static String classpath() {
        return System.getProperty("java.class.path");
    }

    private static void log(String component, String message) {
        System.out.printf(Locale.ROOT, "[local-stack %5.1f s] %-20s %s%n", (System.nanoTime() - LAUNCHED) / 1e9, component, message);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
