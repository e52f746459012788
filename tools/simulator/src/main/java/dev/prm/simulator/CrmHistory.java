package dev.prm.simulator;

import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A realistic, reproducible program history as the upstream CRM would publish it on the inbound topics of
 * SPEC §2: partners of both kinds across regions, deals with a long tail of sizes in several currencies,
 * amendments and churns, managed accounts that change and end, registrations with extensions and releases,
 * duplicate requests, conflicts with direct owners, partners that go over their cap, redeliveries, and a
 * TimePassed tick at every month end. Each pass ({@link #iterator()}) generates it afresh, lazily and identically.
 */
public final class CrmHistory implements Iterable<SimulatedEvent> {

    private final SimulationSettings settings;
    private final List<PartnerProfile> population;

    public CrmHistory(SimulationSettings settings) {
        this.settings = settings;
        this.population = PartnerPopulation.create(settings);
    }

    public SimulationSettings settings() {
        return settings;
    }

    /** A new pass from the first event; nothing is generated before it is pulled. */
    @Override
    public HistoryGenerator iterator() {
        return new HistoryGenerator(settings, population);
    }

    public Stream<SimulatedEvent> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Partners worth looking at after a run: the top sellers, the over-cap ones, a provider, an emerging market, ... */
    public List<NotablePartner> notablePartners() {
        return PartnerPopulation.notable(population);
    }
}
