package dev.prm.local;

import static dev.prm.local.PortCheck.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.prm.contracts.commission.CommissionEvents;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.contracts.tier.TierEvents;
import dev.prm.simulator.CrmHistory;
import dev.prm.simulator.SimulatedEvent;
import dev.prm.simulator.SimulationSettings;
import dev.prm.testsupport.KafkaTestClient;

/**
 * Issue #14: the same simulated history, published to the real local stack in event mode, once without faults and once
 * while each service is killed with kill -9 and started again, the broker is stopped and started again, and PostgreSQL
 * is stopped and started again (same ports, same data). Afterwards every partner-scoped REST answer and every outbound
 * topic (distinct CloudEvent ids with their type and data: consumers de-duplicate by id) must be what the fault-free
 * run gives. Pacing is the simulator's: a tick once its month's facts are taken in, the next month's facts once the
 * tick's decisions are.
 * Two whole stacks run one after the other (about 17 minutes for the short form on this 2-core machine under load), so
 * it runs on request: {@code ./mvnw -pl local-stack verify -Dtest=FaultInjectionTest -Dprm.faults=true} (long form) or
 * {@code -Dprm.faults=short}; {@code -Dprm.faults.only=kafka,postgres} keeps the faults whose descriptions contain one
 * of the words.
 */
class FaultInjectionTest {

    static {
        // the clients' reconnection warnings while the broker is down say nothing the test does not
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    }

    private static final Duration CATCH_UP = Duration.ofMinutes(5);
    private static final Duration OUTAGE = Duration.ofSeconds(5);
    /** From a tick to its fault: the tick is on its way in or its step under way (steps of small histories are short). */
    private static final Duration INTO_THE_STEP = Duration.ofMillis(300);
    private static final List<String> OUTBOUND = List.of(TierEvents.TOPIC, RegistrationEvents.TOPIC, CommissionEvents.TOPIC);

    /** When, in a month of the history, a fault strikes. */
    enum When {
        /** after half of the month's facts: batches are in flight; the other half is published while it lasts, if it can be */
        MID_MONTH,
        /** a moment after the month-end tick: the step (evaluations, accruals, expiries) is under way */
        AFTER_TICK
    }

    enum Kind {
        KILL_TIER, KILL_REGISTRATION, KILL_COMMISSION, STOP_KAFKA, STOP_POSTGRES;

        String target() {
            return switch (this) {
                case KILL_TIER -> StackOptions.TIER;
                case KILL_REGISTRATION -> StackOptions.REGISTRATION;
                case KILL_COMMISSION -> StackOptions.COMMISSION;
                case STOP_KAFKA -> "kafka";
                case STOP_POSTGRES -> "postgres";
            };
        }
    }

    record Fault(int month, When when, Kind kind) {
        String describe() {
            return (kind == Kind.STOP_KAFKA || kind == Kind.STOP_POSTGRES ? "stop " : "kill -9 ") + kind.target() + ", month "
                    + month + ", " + when.name().toLowerCase().replace('_', ' ');
        }
    }

    /** Every kind of fault once; months 5 and 6 run without, so late consequences (deadlines, holds) show. */
    private static final List<Fault> SHORT_FAULTS = List.of(
            new Fault(1, When.AFTER_TICK, Kind.KILL_TIER),
            new Fault(2, When.MID_MONTH, Kind.KILL_REGISTRATION),
            new Fault(2, When.AFTER_TICK, Kind.KILL_COMMISSION),
            new Fault(3, When.MID_MONTH, Kind.STOP_KAFKA),
            new Fault(4, When.AFTER_TICK, Kind.STOP_POSTGRES));

    /** Every kind of fault both mid-month and during a step. */
    private static final List<Fault> LONG_FAULTS = List.of(
            new Fault(1, When.AFTER_TICK, Kind.KILL_TIER),
            new Fault(2, When.MID_MONTH, Kind.KILL_REGISTRATION),
            new Fault(2, When.AFTER_TICK, Kind.KILL_COMMISSION),
            new Fault(3, When.MID_MONTH, Kind.STOP_KAFKA),
            new Fault(4, When.AFTER_TICK, Kind.STOP_POSTGRES),
            new Fault(5, When.MID_MONTH, Kind.KILL_TIER),
            new Fault(5, When.AFTER_TICK, Kind.KILL_REGISTRATION),
            new Fault(6, When.MID_MONTH, Kind.KILL_COMMISSION),
            new Fault(6, When.AFTER_TICK, Kind.STOP_KAFKA),
            new Fault(7, When.MID_MONTH, Kind.STOP_POSTGRES));

    @Test
    @EnabledIfSystemProperty(named = "prm.faults", matches = "short")
    void short_form_crashes_and_outages_change_no_answer_and_no_published_decision() throws IOException {
        compare(SimulationSettings.defaults(2026, 8, 6), SHORT_FAULTS);
    }

    @Test
    @EnabledIfSystemProperty(named = "prm.faults", matches = "true")
    void long_form_crashes_and_outages_change_no_answer_and_no_published_decision() throws IOException {
        compare(SimulationSettings.defaults(2026, 30, 9), LONG_FAULTS);
    }

    private void compare(SimulationSettings history, List<Fault> schedule) throws IOException {
        List<Fault> faults = selected(schedule);
        Run faultFree = run(history, List.of());
        Run faulted = run(history, faults);

        System.out.println("[faults] fault-free run: " + faultFree.seconds() + " s (stack started in " + faultFree.started() + " s)\n"
                + faultFree.outbound().summary());
        System.out.println("[faults] run with faults: " + faulted.seconds() + " s (stack started in " + faulted.started() + " s)\n"
                + faulted.outbound().summary());
        faulted.recoveries().forEach((fault, seconds) -> System.out.printf("[faults] %-50s back and caught up in %d s%n", fault, seconds));

        assertThat(faultFree.answers()).hasSizeGreaterThan(50);
        List<String> answers = PartnerAnswers.differences(faultFree.answers(), faulted.answers());
        List<String> outbound = OutboundEvents.differences(faultFree.outbound(), faulted.outbound(), 30);
        String report = "faults: " + faults.stream().map(Fault::describe).toList()
                + "\nREST answers differing (" + answers.size() + " of " + faultFree.answers().size() + "):\n  " + String.join("\n  ", answers)
                + "\noutbound events differing (type and data, by distinct ids):\n  " + String.join("\n  ", outbound)
                + "\nids published with different contents: " + faulted.outbound().conflicts();
        if (!answers.isEmpty() || !outbound.isEmpty() || !faulted.outbound().conflicts().isEmpty()) {
            System.out.println("[faults] " + report);
        }
        assertThat(faultFree.outbound().conflicts()).as("ids published with different contents, fault-free").isEmpty();
        assertThat(faulted.outbound().conflicts()).as(report).isEmpty();
        assertThat(answers).as(report).isEmpty();
        assertThat(outbound).as(report).isEmpty();
    }

    private record Run(Map<String, String> answers, OutboundEvents outbound, long seconds, long started, Map<String, Long> recoveries) {
    }

    private Run run(SimulationSettings history, List<Fault> faults) throws IOException {
        long started = System.nanoTime();
        StackOptions options = new StackOptions(
                Path.of(System.getProperty("prm.repository.root", "../..")).toAbsolutePath().normalize(),
                Files.createTempDirectory(faults.isEmpty() ? "prm-fault-free" : "prm-faults"), freePort(), freePort(), freePort(),
                Map.of(StackOptions.GATEWAY, freePort(), StackOptions.TIER, freePort(), StackOptions.REGISTRATION, freePort(),
                        StackOptions.COMMISSION, freePort()),
                "event", true, StackOptions.ALL_SERVICES, 1);
        Map<String, Long> recoveries = new LinkedHashMap<>();
        try (LocalStack stack = LocalStack.start(options);
             KafkaTestClient kafka = new KafkaTestClient(options.kafkaBootstrap());
             StackProbe probe = new StackProbe(options.kafkaBootstrap())) {
            long startedIn = seconds(started);
            List<String> services = HistoryReplay.serviceUrls(options);
            Set<String> partners = new TreeSet<>();
            int month = 0;
            List<SimulatedEvent> facts = new ArrayList<>();
            for (SimulatedEvent event : new CrmHistory(history)) {
                if (event.topic().equals(CrmTopics.PARTNERS)) {
                    partners.add(event.key());
                }
                if (!event.isTick()) {
                    facts.add(event);
                    continue;
                }
                List<Fault> midMonth = faults(faults, month, When.MID_MONTH);
                int half = midMonth.isEmpty() ? facts.size() : facts.size() / 2;
                facts.subList(0, half).forEach(fact -> kafka.send(fact.topic(), fact.key(), fact.value()));
                List<SimulatedEvent> rest = facts.subList(half, facts.size());
                for (Fault fault : midMonth) {
                    long at = System.nanoTime();
                    inject(stack, fault);
                    if (fault.kind() != Kind.STOP_KAFKA) {
                        rest.forEach(fact -> kafka.send(fact.topic(), fact.key(), fact.value()));
                        rest = List.of();
                    }
                    recover(stack, fault, probe, services);
                    recoveries.put(fault.describe(), seconds(at));
                }
                rest.forEach(fact -> kafka.send(fact.topic(), fact.key(), fact.value()));
                facts.clear();
                awaitIdle(probe, services);
                kafka.send(event.topic(), event.key(), event.value());
                for (Fault fault : faults(faults, month, When.AFTER_TICK)) {
                    long at = System.nanoTime();
                    sleep(INTO_THE_STEP);
                    inject(stack, fault);
                    recover(stack, fault, probe, services);
                    recoveries.put(fault.describe(), seconds(at));
                }
                awaitIdle(probe, services);
                month++;
            }
            // a watermark or a publication may follow the last quiet check: look again before reading
            sleep(Duration.ofSeconds(3));
            awaitIdle(probe, services);
            Map<String, String> answers = PartnerAnswers.read(options, history, partners);
            OutboundEvents outbound = OutboundEvents.read(options.kafkaBootstrap(), OUTBOUND);
            return new Run(answers, outbound, seconds(started), startedIn, recoveries);
        }
    }

    private static void inject(LocalStack stack, Fault fault) {
        System.out.println("[faults] " + fault.describe());
        switch (fault.kind()) {
            case KILL_TIER, KILL_REGISTRATION, KILL_COMMISSION -> stack.killService(fault.kind().target());
            case STOP_KAFKA -> stack.stopKafka();
            case STOP_POSTGRES -> stack.stopPostgres();
        }
    }

    /** Brings the component back; broker and database after an outage the services live through. */
    private static void recover(LocalStack stack, Fault fault, StackProbe probe, List<String> services) {
        switch (fault.kind()) {
            case KILL_TIER, KILL_REGISTRATION, KILL_COMMISSION -> stack.restartService(fault.kind().target());
            case STOP_KAFKA -> {
                sleep(OUTAGE);
                stack.restartKafka();
            }
            case STOP_POSTGRES -> {
                sleep(OUTAGE);
                stack.restartPostgres();
            }
        }
        awaitIdle(probe, services);
    }

    /** As StackProbe.awaitIdle, also while the broker or the database is still coming back (the probe's reads fail). */
    private static void awaitIdle(StackProbe probe, List<String> services) {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (true) {
            try {
                probe.awaitIdle(StackProbe.SERVICE_GROUPS, services, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                return;
            } catch (IllegalStateException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("the stack did not catch up") || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private static List<Fault> faults(List<Fault> faults, int month, When when) {
        return faults.stream().filter(fault -> fault.month() == month && fault.when() == when).toList();
    }

    /** {@code -Dprm.faults.only=kafka,tier} keeps the faults whose description contains one of the words. */
    private static List<Fault> selected(List<Fault> schedule) {
        String only = System.getProperty("prm.faults.only", "").strip();
        if (only.isEmpty() || only.startsWith("${")) {
            return schedule;
        }
        List<String> words = Arrays.stream(only.split(",")).map(String::strip).toList();
        return schedule.stream().filter(fault -> words.stream().anyMatch(word -> fault.describe().contains(word))).toList();
    }

    private static long seconds(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toSeconds();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
