package dev.prm.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.prm.local.LocalStack;
import dev.prm.local.StackOptions;
import tools.jackson.databind.JsonNode;

/**
 * {@code bin/prove-dashboards}: proves, against a real Prometheus scraping the real system, that every panel of
 * the provisioned Grafana dashboards returns data and every alert rule evaluates. See {@link ProveOptions#USAGE}.
 */
public final class ProveDashboards {

    static {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)");

    private final ProveOptions options;
    private final long started = System.nanoTime();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<String> failures = new ArrayList<>();

    private ProveDashboards(ProveOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(ProveOptions.USAGE);
            return;
        }
        ProveOptions options;
        try {
            options = ProveOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ProveDashboards proof = new ProveDashboards(options);
        Runtime.getRuntime().addShutdownHook(new Thread(proof::stopAll, "prove-dashboards-stop"));
        boolean passed;
        try {
            passed = proof.run();
        } catch (RuntimeException e) {
            System.err.println("[prove-dashboards] FAILED: " + e.getMessage());
            passed = false;
        }
        if (options.keep() && passed) {
            System.out.println("[prove-dashboards] --keep: everything stays up; Ctrl-C stops it");
            try {
                Thread.currentThread().join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        proof.stopAll();
        System.exit(passed ? 0 : 1);
    }

    private boolean run() throws RuntimeException {
        Path dashboards = options.repositoryRoot().resolve("deploy/grafana/dashboards");
        Path rules = options.repositoryRoot().resolve("deploy/prometheus/rules/prm-alerts.yml");
        DashboardQueries queries = DashboardQueries.read(dashboards);
        int alertRules = countAlertRules(rules);
        prepare(options.dataDir());

        if (options.useRunning()) {
            log("using the running stack: Kafka " + options.bootstrap() + ", gateway " + options.gateway());
        } else {
            log("starting the local stack (event clock) under " + options.dataDir().resolve("stack"));
            // the proof waits longer than ./run-local.sh for each service: it often runs beside builds and tests
            System.setProperty("prm.local.startup-timeout-seconds", String.valueOf(options.startupTimeout().toSeconds()));
            LocalStack stack = LocalStack.start(StackOptions.parse(options.stackArguments()));
            running.add(stack);
            log("stack up");
        }
        PrometheusProcess prometheus = PrometheusProcess.start(options.prometheus(), options.dataDir().resolve("prometheus"),
                options.prometheusPort(), PrometheusProcess.config(options.targets(), options.scrapeInterval(), rules));
        running.addFirst(prometheus);
        log("Prometheus " + prometheus.url() + " (pid " + prometheus.pid() + "), scraping " + options.targets() + " every "
                + options.scrapeInterval().toMillis() + " ms, rules " + options.repositoryRoot().relativize(rules));
        PrometheusApi api = new PrometheusApi(prometheus.url());

        Instant feedStart = Instant.now();
        feed();
        int malformed = publishMalformed();
        log("published " + malformed + " malformed messages (dead letters on deal-closed.DLT and domain-registration.DLT)");

        RestTraffic rest = RestTraffic.start(options.gateway(), options.bootstrap(), 8);
        running.addFirst(rest);
        log("REST traffic through the gateway, 8 requests/s; settling " + options.settle().toSeconds()
                + " s (business gauges are read every 15 s, Prometheus scrapes every " + options.scrapeInterval().toMillis() + " ms)");
        PrometheusProcess.sleep(options.settle().toMillis());

        checkTargets(api);
        String rateWindow = Math.max(60, Duration.between(feedStart, Instant.now()).toSeconds()) + "s";
        String range = Duration.ofNanos(System.nanoTime() - started).toSeconds() + "s";
        Map<String, String> serviceValues = resolveVariables(api, queries);
        log("Grafana variables: $__rate_interval = " + rateWindow + " (the feed and after), $__range = " + range
                + ", $service = All (" + serviceValues.values().stream().distinct().toList() + ")");
        int[] totals = checkPanels(api, queries, serviceValues, rateWindow, range);
        int healthy = checkRules(api, alertRules);
        log("REST requests by status: " + rest.summary());

        String took = format(Duration.ofNanos(System.nanoTime() - started));
        if (failures.isEmpty()) {
            System.out.printf("%nPASSED in %s: %d panels, %d queries, %d series (%d with a non-zero value); %d alert rules healthy, "
                    + "%d expressions evaluated without error.%n", took, totals[0], totals[1], totals[2], totals[3], healthy, alertRules);
            return true;
        }
        System.out.printf("%nFAILED in %s:%n", took);
        failures.forEach(failure -> System.out.println("  - " + failure));
        return false;
    }

    // --- the feed

    private void feed() {
        Path simulate = options.repositoryRoot().resolve("bin/simulate");
        boolean simulator = switch (options.feed()) {
            case "simulate" -> true;
            case "publish" -> false;
            default -> Files.isExecutable(simulate);
        };
        long start = System.nanoTime();
        if (simulator) {
            List<String> command = new ArrayList<>();
            command.add(simulate.toString());
            command.add("--bootstrap=" + options.bootstrap());
            command.addAll(options.simulateArgs());
            command.add("--show=" + options.gateway());
            log("feeding the CRM simulator: " + String.join(" ", command));
            try {
                Process process = new ProcessBuilder(command).directory(options.repositoryRoot().toFile()).inheritIO().start();
                running.addFirst(() -> {
                    if (process.isAlive()) {
                        process.destroy();
                        process.waitFor(10, TimeUnit.SECONDS);
                    }
                });
                if (!process.waitFor(30, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("bin/simulate did not finish within 30 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("bin/simulate exited " + process.exitValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not run bin/simulate", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            log("simulator done in " + format(Duration.ofNanos(System.nanoTime() - start)));
        } else {
            log("feeding a publish-driven CRM history (" + (Files.isExecutable(simulate) ? "--feed=publish" : "no bin/simulate") + ")");
            int events = FallbackFeed.publish(options.bootstrap());
            log("published " + events + " events in " + format(Duration.ofNanos(System.nanoTime() - start)));
        }
    }

    /** As bin/publish would: bytes that are not JSON, an unknown currency, a registration without its domain. */
    private int publishMalformed() {
        String unknownCurrency = """
                {"specversion":"1.0","id":"%s","source":"crm-prove-dashboards","type":"DealClosed","time":"2022-06-10T10:00:00Z",\
                "datacontenttype":"application/json","data":{"dealId":"D-KRW","partnerId":"P-BAD","customer":\
                {"domain":"krw.example.com","country":"KR"},"mrr":{"amount":"100000","currency":"KRW"}}}""".formatted(UUID.randomUUID());
        String missingDomain = """
                {"specversion":"1.0","id":"%s","source":"crm-prove-dashboards","type":"DomainRegistrationRequested",\
                "time":"2022-06-10T10:00:00Z","datacontenttype":"application/json","data":{"partnerId":"P-BAD"}}""".formatted(UUID.randomUUID());
        List<String[]> messages = List.of(new String[] {"deal-closed", "{oops"}, new String[] {"deal-closed", unknownCurrency},
                new String[] {"domain-registration", missingDomain});
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                options.bootstrap(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (String[] message : messages) {
                producer.send(new ProducerRecord<>(message[0], "P-BAD", message[1].getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("malformed messages not published: " + e, e);
        }
        return messages.size();
    }

    // --- the checks

    private void checkTargets(PrometheusApi api) {
        int up = 0;
        for (JsonNode target : api.targets()) {
            String health = target.path("health").asString();
            if ("up".equals(health)) {
                up++;
            } else {
                failures.add("target " + target.path("scrapeUrl").asString() + " is " + health + ": " + target.path("lastError").asString());
            }
        }
        log("scrape targets up: " + up + " of " + options.targets().size());
        if (up != options.targets().size()) {
            failures.add("expected " + options.targets().size() + " targets up, found " + up);
        }
    }

    /** Each dashboard's query variables, resolved as Grafana does; their "All" value for the queries. */
    private Map<String, String> resolveVariables(PrometheusApi api, DashboardQueries queries) {
        Map<String, String> all = new LinkedHashMap<>();
        for (DashboardQueries.Variable variable : queries.variables()) {
            Matcher definition = LABEL_VALUES.matcher(variable.definition());
            if (!definition.matches()) {
                failures.add(variable.dashboard() + ": variable $" + variable.name() + " is not label_values(...): " + variable.definition());
                continue;
            }
            List<String> values = api.labelValues(definition.group(2), definition.group(1));
            System.out.printf("  variable %-13s $%s = %s  (%s)%n", variable.dashboard(), variable.name(), values, variable.definition());
            if (values.isEmpty()) {
                failures.add(variable.dashboard() + ": variable $" + variable.name() + " has no values");
            }
            all.put(variable.dashboard(), variable.allValue() != null ? variable.allValue() : "(" + String.join("|", values) + ")");
        }
        return all;
    }

    /** @return panels, queries, series, series with a non-zero value */
    private int[] checkPanels(PrometheusApi api, DashboardQueries queries, Map<String, String> serviceValues, String rateWindow,
                              String range) {
        System.out.printf("%n%-13s %-48s %-4s %7s %9s %5s  %s%n", "dashboard", "panel", "ref", "series", "non-zero", "NaN", "result");
        int series = 0;
        int nonZero = 0;
        java.util.Set<String> panels = new java.util.LinkedHashSet<>();
        for (DashboardQueries.Query query : queries.queries()) {
            panels.add(query.dashboard() + "/" + query.panelId());
            String status;
            PrometheusApi.QueryResult result = null;
            if (query.expr().isBlank()) {
                status = "EMPTY (no query)";
                failures.add(query.dashboard() + " / " + query.panel() + ": no query");
            } else {
                String expr = DashboardQueries.expand(query.expr(), serviceValues.getOrDefault(query.dashboard(), ".*"), rateWindow, range);
                result = api.query(expr);
                if (result.error() != null) {
                    status = "ERROR " + result.error();
                    failures.add(query.dashboard() + " / " + query.panel() + " " + query.refId() + ": " + result.error() + "\n      " + expr);
                } else if (result.series().isEmpty()) {
                    status = "NO DATA";
                    failures.add(query.dashboard() + " / " + query.panel() + " " + query.refId() + ": no series\n      " + expr);
                } else {
                    status = "ok";
                }
            }
            int count = result == null ? 0 : result.series().size();
            long values = result == null ? 0 : result.nonZero();
            series += count;
            nonZero += (int) values;
            System.out.printf("%-13s %-48s %-4s %7d %9d %5d  %s%n", query.dashboard(), abbreviate(query.panel(), 48), query.refId(),
                    count, values, result == null ? 0 : result.nan(), status);
        }
        return new int[] {panels.size(), queries.queries().size(), series, nonZero};
    }

    /** Every alerting rule loaded, healthy, evaluated, and its expression answered by /api/v1/query. */
    private int checkRules(PrometheusApi api, int inFile) {
        System.out.printf("%n%-28s %-8s %-9s %7s %-8s  %s%n", "alert rule", "health", "state", "active", "query", "last error");
        int alerting = 0;
        int healthy = 0;
        for (JsonNode group : api.rules()) {
            for (JsonNode rule : group.path("rules")) {
                if (!"alerting".equals(rule.path("type").asString())) {
                    continue;
                }
                alerting++;
                String name = rule.path("name").asString();
                String health = rule.path("health").asString();
                String lastError = rule.path("lastError").asString("");
                PrometheusApi.QueryResult result = api.query(rule.path("query").asString());
                String query = result.error() == null ? "success" : "ERROR";
                if ("ok".equals(health) && lastError.isEmpty() && result.error() == null) {
                    healthy++;
                } else {
                    failures.add("rule " + name + ": health " + health + (lastError.isEmpty() ? "" : ", " + lastError)
                            + (result.error() == null ? "" : ", query error " + result.error()));
                }
                System.out.printf("%-28s %-8s %-9s %7d %-8s  %s%n", name, health, rule.path("state").asString(), result.series().size(),
                        query, lastError);
            }
        }
        if (alerting != inFile) {
            failures.add("Prometheus loaded " + alerting + " alerting rules, prm-alerts.yml has " + inFile);
        }
        return healthy;
    }

    private static int countAlertRules(Path rules) {
        try {
            Matcher alert = Pattern.compile("(?m)^\\s*- alert:").matcher(Files.readString(rules));
            int count = 0;
            while (alert.find()) {
                count++;
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- plumbing

    private void prepare(Path dir) {
        try {
            if (Files.exists(dir.resolve("prometheus"))) {
                try (var files = Files.walk(dir.resolve("prometheus"))) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stopAll() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (!running.isEmpty()) {
            log("stopping what it started");
        }
        for (AutoCloseable closeable : running) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("[prove-dashboards] stopping: " + e);
            }
        }
        running.clear();
    }

    private void log(String message) {
        System.out.printf("[prove-dashboards] %s %s%n", format(Duration.ofNanos(System.nanoTime() - started)), message);
    }

    private static String format(Duration duration) {
        return "%d:%02d".formatted(duration.toMinutes(), duration.toSecondsPart());
    }

    private static String abbreviate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
