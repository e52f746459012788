package dev.prm.commission.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.prm.contracts.Money;

/** The commission entries booked for a partner; never rewritten, only added to (C2). */
public final class Ledger {

    /** One booked entry: the amount for a deal's month end, effective from {@code effectiveAt}. */
    public record Entry(String dealId, Instant monthEnd, Money amount, Instant effectiveAt) {
    }

    public record Key(String dealId, Instant monthEnd) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<Key, BigDecimal> net = new HashMap<>();

    public void book(Entry entry) {
        entries.add(entry);
        net.merge(new Key(entry.dealId(), entry.monthEnd()), entry.amount().decimal(), BigDecimal::add);
    }

    /** The sum of every entry booked for the deal's month end, if any was. */
    public Optional<BigDecimal> netFor(String dealId, Instant monthEnd) {
        return Optional.ofNullable(net.get(new Key(dealId, monthEnd)));
    }

    public Set<Key> keys() {
        return Collections.unmodifiableSet(net.keySet());
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }
}
