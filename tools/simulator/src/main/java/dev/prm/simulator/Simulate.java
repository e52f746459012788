package dev.prm.simulator;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.apache.kafka.clients.producer.KafkaProducer;

import dev.prm.simulator.SimulatedEvent.Scenario;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code bin/simulate}: publishes a seeded CRM history to the inbound topics, prints what it sent, and with
 * {@code --show} waits for the services and prints what they made of it. See {@link SimulateOptions#USAGE}.
 */
public final class Simulate {

    private static final Duration BARRIER_SETTLE = Duration.ofMillis(1500);
    private static final Duration FINAL_SETTLE = Duration.ofSeconds(5);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Simulate() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The command without the JVM around it: 0 when done, 1 when publishing failed, 2 for bad options. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (java.util.List.of(args).contains("--help")) {
            out.println(SimulateOptions.USAGE);
            return 0;
        }
        SimulateOptions options;
        try {
            options = SimulateOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "\n" + SimulateOptions.USAGE);
            return 2;
        }
        try {
            if (options.dryRun()) {
                dryRun(options, out, err);
            } else {
                publish(options, out);
            }
            return 0;
        } catch (IllegalStateException e) {
            err.println("simulate: " + e.getMessage());
            return 1;
        }
    }

    /** NDJSON on stdout, one {"topic","key","value"} per line; the summary on stderr. */
    private static void dryRun(SimulateOptions options, PrintStream stdout, PrintStream err) {
        HistoryGenerator events = new CrmHistory(options.settings()).iterator();
        PrintStream out = new PrintStream(new BufferedOutputStream(stdout, 1 << 16), false, StandardCharsets.UTF_8);
        while (events.hasNext()) {
            out.println(ndjson(events.next()));
        }
        out.flush();
        printSummary(options.settings(), events.statistics(), err);
    }

    static String ndjson(SimulatedEvent event) {
        ObjectNode line = JSON.createObjectNode();
        line.put("topic", event.topic());
        line.put("key", event.key());
        try {
            line.set("value", JSON.readTree(event.value()));
        } catch (JacksonException notJson) {
            // a malformed message that is not JSON at all: its text as it would be sent
            line.put("value", event.json());
        }
        return JSON.writeValueAsString(line);
    }

    private static void publish(SimulateOptions options, PrintStream out) {
        SimulationSettings settings = options.settings();
        CrmHistory history = new CrmHistory(settings);
        out.printf("Simulating %,d partners over %d month%s from %s (seed %d, %,d activity events a month) to %s%n",
                settings.partners(), settings.months(), settings.months() == 1 ? "" : "s", settings.start(), settings.seed(),
                settings.eventsPerMonth(),
                options.bootstrap());
        HistoryGenerator events = history.iterator();
        HistoryPublisher.ensureInboundTopics(options.bootstrap());
        HistoryPublisher.Result result;
        try (KafkaProducer<String, byte[]> producer = HistoryPublisher.producer(options.bootstrap());
             ServiceLag lag = options.awaitServices() || options.show() != null
                     ? new ServiceLag(options.bootstrap(), ServiceLag.SERVICE_GROUPS) : null) {
            HistoryPublisher.Barrier barrier = options.awaitServices() ? servicesBarrier(lag, out) : HistoryPublisher.Barrier.NONE;
            result = new HistoryPublisher(producer, barrier, options.rate(), out).publish(events);
            out.println();
            printSummary(settings, events.statistics(), out);
            out.printf("%npublished     %,d events in %.1f s: %,.0f events/s publishing%s%n", result.events(),
                    result.elapsed().toNanos() / 1e9, result.publishRate(), result.waitingForServices().isZero() ? ""
                            : ", %.1f s of it waiting for the services at the %d ticks".formatted(
                                    result.waitingForServices().toNanos() / 1e9, result.ticks()));
            if (lag != null) {
                Optional<Duration> caughtUp = lag.awaitCaughtUp(FINAL_SETTLE, CATCH_UP_TIMEOUT,
                        remaining -> out.printf("  ... left to read: %s%n", remaining));
                if (caughtUp.isEmpty()) {
                    out.println("caught up     no service is reading the topics (start the stack with --clock=event)");
                } else {
                    out.printf("caught up     %.1f s after the last publish (every service's consumer group at lag 0)%n",
                            caughtUp.get().toNanos() / 1e9);
                }
            }
        }
        if (options.show() != null) {
            out.println();
            new GatewayReport(options.show()).print(history.notablePartners(), out);
        }
    }

    /** Before a tick: the services have read the facts; after it: they have decided on it and read each other's decisions. */
    private static HistoryPublisher.Barrier servicesBarrier(ServiceLag lag, PrintStream out) {
        boolean[] warned = {false};
        return tick -> {
            long start = System.nanoTime();
            Optional<Duration> caughtUp = lag.awaitCaughtUp(BARRIER_SETTLE, CATCH_UP_TIMEOUT,
                    remaining -> out.printf("  ... before the tick %s, left to read: %s%n", tick, remaining));
            if (caughtUp.isEmpty() && !warned[0]) {
                warned[0] = true;
                out.println("  (no service is reading the topics: publishing without waiting at the ticks)");
            }
            return Duration.ofNanos(System.nanoTime() - start);
        };
    }

    private static void printSummary(SimulationSettings settings, HistoryStatistics statistics, PrintStream out) {
        out.printf("history       seed %d, %,d partners, %d month%s from %s, %,d activity events a month%s%s%n", settings.seed(),
                settings.partners(), settings.months(), settings.months() == 1 ? "" : "s", settings.start(), settings.eventsPerMonth(),
                settings.midMonthTicks() ? ", mid-month ticks" : "",
                statistics.scenario(Scenario.MALFORMED) > 0 ? ", malformed share " + settings.malformedShare() : "");
        statistics.summary().forEach(out::println);
    }
}
