package dev.prm.commission.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.prm.contracts.Money;

/** The commission entries booked for a partner; never rewritten, only added to (C2). */
public final class Ledger {

    /** One booked entry: the amount for a deal's month end, effective from {@code effectiveAt}. */
    public record Entry(String dealId, Instant monthEnd, Money amount, Instant effectiveAt) {
    }

    public record Key(String dealId, Instant monthEnd) {
    }

    private final List<Entry> entries = new ArrayList<>();
    /** Per key, the sums by currency: an immutable one-entry map in the usual case, a TreeMap after a currency change. */
    private final Map<Key, Map<String, BigDecimal>> net = new HashMap<>();

    public void book(Entry entry) {
        entries.add(entry);
        String currency = entry.amount().currency();
        BigDecimal amount = entry.amount().decimal();
        net.merge(new Key(entry.dealId(), entry.monthEnd()), Map.of(currency, amount),
                (sums, ignored) -> plus(sums, currency, amount));
    }

    private static Map<String, BigDecimal> plus(Map<String, BigDecimal> sums, String currency, BigDecimal amount) {
        BigDecimal sum = sums.get(currency);
        if (sum != null && sums.size() == 1) {
            return Map.of(currency, sum.add(amount));
        }
        Map<String, BigDecimal> byCurrency = new TreeMap<>(sums);
        byCurrency.merge(currency, amount, BigDecimal::add);
        return byCurrency;
    }

    /**
     * Per currency, the sum of every entry booked for the deal's month end; empty when none was. A deal's month
     * end has entries in more than one currency when an amendment changed the deal's currency after it was accrued.
     */
    public Map<String, BigDecimal> netFor(String dealId, Instant monthEnd) {
        return Collections.unmodifiableMap(net.getOrDefault(new Key(dealId, monthEnd), Map.of()));
    }

    public Set<Key> keys() {
        return Collections.unmodifiableSet(net.keySet());
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }
}
