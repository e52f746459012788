package dev.prm.commission.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import dev.prm.contracts.Money;

/**
 * The commission entries booked for a partner; never rewritten, only added to (C2).
 * <p>
 * Kept as columns per deal, not as an object per entry: a partner of a long history holds thousands of entries (one per
 * deal and month end, for life), and every partner is held at each month end. An entry costs ~25 bytes here instead of
 * ~280 as records with their {@code Instant}s, {@code Money} strings and a map of sums.
 */
public final class Ledger {

    /** One booked entry: the amount for a deal's month end, effective from {@code effectiveAt}. */
    public record Entry(String dealId, Instant monthEnd, Money amount, Instant effectiveAt) {
    }

    public record Key(String dealId, Instant monthEnd) {
    }

    private final Map<String, DealEntries> byDeal = new HashMap<>();

    public void book(Entry entry) {
        byDeal.computeIfAbsent(entry.dealId(), DealEntries::new).add(entry);
    }

    /**
     * Per currency, the sum of every entry booked for the deal's month end; empty when none was. A deal's month
     * end has entries in more than one currency when an amendment changed the deal's currency after it was accrued:
     * then the sums are in currency-code order.
     */
    public Map<String, BigDecimal> netFor(String dealId, Instant monthEnd) {
        DealEntries entries = byDeal.get(dealId);
        return entries == null ? Map.of() : entries.netFor(monthEnd.getEpochSecond());
    }

    /** The month ends the deal has entries for, oldest booking first. */
    public Set<Instant> monthEndsBooked(String dealId) {
        DealEntries entries = byDeal.get(dealId);
        return entries == null ? Set.of() : entries.monthEnds();
    }

    public Set<Key> keys() {
        Set<Key> keys = new LinkedHashSet<>();
        byDeal.forEach((dealId, entries) -> entries.monthEnds().forEach(monthEnd -> keys.add(new Key(dealId, monthEnd))));
        return Collections.unmodifiableSet(keys);
    }

    /** Every entry, made again from the columns: deal by deal, each deal's in booking order. */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        byDeal.values().forEach(deal -> deal.addEntriesTo(entries));
        return Collections.unmodifiableList(entries);
    }

    /** One deal's entries as columns; an entry's amount is its unscaled value and scale unless it outgrows a long. */
    private static final class DealEntries {

        private final String dealId;
        private int size;
        private long[] monthEndSeconds = new long[4];
        private long[] unscaled = new long[4];
        private byte[] scales = new byte[4];
        private String[] currencies = new String[4];
        /** Allocated at the first entry effective after its month end (a late fact); {@code null} element: at it. */
        private Instant[] laterEffectiveAt;
        /** Allocated at the first amount whose unscaled value does not fit a long or whose scale does not fit a byte. */
        private BigDecimal[] large;

        DealEntries(String dealId) {
            this.dealId = dealId;
        }

        void add(Entry entry) {
            if (size == monthEndSeconds.length) {
                grow();
            }
            Instant monthEnd = entry.monthEnd();
            if (monthEnd.getNano() != 0) {
                throw new IllegalArgumentException(monthEnd + " is not a month end");
            }
            monthEndSeconds[size] = monthEnd.getEpochSecond();
            BigDecimal amount = entry.amount().decimal();
            if (amount.scale() == (byte) amount.scale() && amount.unscaledValue().bitLength() < Long.SIZE) {
                unscaled[size] = amount.unscaledValue().longValueExact();
                scales[size] = (byte) amount.scale();
            } else {
                if (large == null) {
                    large = new BigDecimal[monthEndSeconds.length];
                }
                large[size] = amount;
            }
            currencies[size] = entry.amount().currency();
            if (!entry.effectiveAt().equals(monthEnd)) {
                if (laterEffectiveAt == null) {
                    laterEffectiveAt = new Instant[monthEndSeconds.length];
                }
                laterEffectiveAt[size] = entry.effectiveAt();
            }
            size++;
        }

        private void grow() {
            int capacity = monthEndSeconds.length * 2;
            monthEndSeconds = Arrays.copyOf(monthEndSeconds, capacity);
            unscaled = Arrays.copyOf(unscaled, capacity);
            scales = Arrays.copyOf(scales, capacity);
            currencies = Arrays.copyOf(currencies, capacity);
            if (laterEffectiveAt != null) {
                laterEffectiveAt = Arrays.copyOf(laterEffectiveAt, capacity);
            }
            if (large != null) {
                large = Arrays.copyOf(large, capacity);
            }
        }

        private BigDecimal amount(int index) {
            BigDecimal big = large == null ? null : large[index];
            return big != null ? big : BigDecimal.valueOf(unscaled[index], scales[index]);
        }

        /** Summed in booking order, as {@link BigDecimal#add} would have: the same scale whatever the layout. */
        Map<String, BigDecimal> netFor(long monthEndSecond) {
            String onlyCurrency = null;
            BigDecimal onlySum = null;
            Map<String, BigDecimal> byCurrency = null;
            for (int i = 0; i < size; i++) {
                if (monthEndSeconds[i] != monthEndSecond) {
                    continue;
                }
                String currency = currencies[i];
                if (byCurrency == null && (onlyCurrency == null || onlyCurrency.equals(currency))) {
                    onlySum = onlySum == null ? amount(i) : onlySum.add(amount(i));
                    onlyCurrency = currency;
                    continue;
                }
                if (byCurrency == null) {
                    byCurrency = new TreeMap<>();
                    byCurrency.put(onlyCurrency, onlySum);
                }
                byCurrency.merge(currency, amount(i), BigDecimal::add);
            }
            if (byCurrency != null) {
                return Collections.unmodifiableMap(byCurrency);
            }
            return onlyCurrency == null ? Map.of() : Map.of(onlyCurrency, onlySum);
        }

        Set<Instant> monthEnds() {
            Set<Instant> monthEnds = new LinkedHashSet<>();
            for (int i = 0; i < size; i++) {
                monthEnds.add(Instant.ofEpochSecond(monthEndSeconds[i]));
            }
            return monthEnds;
        }

        /** The same entries in the same order, whatever spare room the columns have (replays are compared by value). */
        @Override
        public boolean equals(Object other) {
            if (!(other instanceof DealEntries that) || size != that.size || !dealId.equals(that.dealId)) {
                return false;
            }
            for (int i = 0; i < size; i++) {
                if (monthEndSeconds[i] != that.monthEndSeconds[i] || !amount(i).equals(that.amount(i))
                        || !currencies[i].equals(that.currencies[i])
                        || !Objects.equals(laterEffectiveAt(i), that.laterEffectiveAt(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return Objects.hash(dealId, size);
        }

        private Instant laterEffectiveAt(int index) {
            return laterEffectiveAt == null ? null : laterEffectiveAt[index];
        }

        void addEntriesTo(List<Entry> entries) {
            for (int i = 0; i < size; i++) {
                Instant monthEnd = Instant.ofEpochSecond(monthEndSeconds[i]);
                Instant effectiveAt = laterEffectiveAt(i) == null ? monthEnd : laterEffectiveAt(i);
                entries.add(new Entry(dealId, monthEnd, Money.of(amount(i), currencies[i]), effectiveAt));
            }
        }
    }
}
