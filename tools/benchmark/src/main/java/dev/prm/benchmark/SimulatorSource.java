package dev.prm.benchmark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import dev.prm.simulator.CrmHistory;
import dev.prm.simulator.SimulatedEvent;
import dev.prm.simulator.SimulationSettings;

/**
 * The CRM simulator's seeded history ({@link CrmHistory}, as {@code bin/simulate} publishes it) as the benchmark's
 * event source: long enough for the backlog and the fixed-rate phases after it; should a run need more, it goes on
 * with a history of another seed, whose partners are new.
 */
final class SimulatorSource {

    /** One Kafka message: topic, key (the partner id; the domain for direct-owner facts), CloudEvent JSON. */
    record Event(String topic, String key, byte[] value) {
    }

    /** Events the fixed-rate phases may draw after the backlog, at their default rates. */
    static final long HEADROOM = 250_000;

    private final long seed;
    private final int partners;
    private final int months;
    private final List<String> enrolled = new ArrayList<>();
    private final Set<String> enrolledSet = new HashSet<>();
    private final List<Instant> enrolledAt = new ArrayList<>();
    private Iterator<SimulatedEvent> history;
    private int generation;
    private volatile Instant now;
    private Instant lastTick;

    SimulatorSource(long seed, int partners, long events) {
        this.seed = seed;
        this.partners = partners;
        this.months = months(partners, events + HEADROOM);
        this.history = history(seed);
    }

    /** Months of history that hold {@code events} at the simulator's default activity, with a margin. */
    static int months(int partners, long events) {
        long perMonth = (long) SimulationSettings.DEFAULT_EVENTS_PER_PARTNER_AND_MONTH * partners;
        return (int) Math.max(12, Math.ceil(1.3 * events / perMonth));
    }

    private Iterator<SimulatedEvent> history(long historySeed) {
        return new CrmHistory(SimulationSettings.defaults(historySeed, partners, months)).iterator();
    }

    synchronized Event next() {
        while (!history.hasNext()) {
            generation++;
            history = history(seed + 1_000_000L * generation);
        }
        SimulatedEvent event = history.next();
        now = event.time();
        if (event.type().equals("PartnerEnrolled") && enrolledSet.add(event.key())) {
            enrolled.add(event.key());
            enrolledAt.add(event.time());
        } else if (event.type().equals("TimePassed")) {
            lastTick = event.time();
        }
        return new Event(event.topic(), event.key(), event.value());
    }

    /** Up to {@code limit} partners whose enrolment {@link #next()} has handed out, in that order. */
    synchronized List<String> enrolledPartners(int limit) {
        return List.copyOf(enrolled.subList(0, Math.min(limit, enrolled.size())));
    }

    /**
     * Whether {@code limit} partners are enrolled and a tick at or after the last of those enrolments has been handed
     * out: registration-service decides an enrolment dated after its business time only once a tick passes it (B3).
     * Needed, not enough: on 2026-12-05 a third of the REST phase's answers were still 404 on the registration routes.
     */
    synchronized boolean enrolledAndTicked(int limit) {
        return enrolled.size() >= limit && lastTick != null && !lastTick.isBefore(enrolledAt.get(limit - 1));
    }

    /** The simulated world's present: the time of the last event handed out; the wall clock before the first. */
    Instant now() {
        Instant last = now;
        return last == null ? Instant.now() : last;
    }

    /** The first partner the history enrols: a stack that knows it has taken in this seed's history before. */
    String firstPartner() {
        Iterator<SimulatedEvent> fresh = history(seed);
        while (fresh.hasNext()) {
            SimulatedEvent event = fresh.next();
            if (event.type().equals("PartnerEnrolled")) {
                return event.key();
            }
        }
        throw new IllegalStateException("the simulated history of seed " + seed + " enrols no partner");
    }

    String describe() {
        return "the CRM simulator (seed " + seed + ", " + partners + " partners, " + months + " months from "
                + SimulationSettings.DEFAULT_START + ")";
    }
}
