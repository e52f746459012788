package dev.prm.commission.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * deal and month end, for life), and every partner is held at each month end. An entry costs ~15 bytes here instead of
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
        return entries == null ? Map.of() : entries.netFor(monthNumber(monthEnd));
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

    /**
     * One deal's entries as columns: its month end as a month number, its amount as unscaled value and scale unless
     * it outgrows a long, its currency once for the deal unless an amendment changed it.
     */
    private static final class DealEntries {

        private static final int FIRST_CAPACITY = 4;

        private final String dealId;
        private int size;
        private int[] months = new int[FIRST_CAPACITY];
        private long[] unscaled = new long[FIRST_CAPACITY];
        private byte[] scales = new byte[FIRST_CAPACITY];
        private String currency;
        /** Allocated at the first entry in another currency than the first (C2); then each entry's currency. */
        private String[] currencies;
        /** Allocated at the first entry effective after its month end (a late fact); {@code null} element: at it. */
        private Instant[] laterEffectiveAt;
        /** Allocated at the first amount whose unscaled value does not fit a long or whose scale does not fit a byte. */
        private BigDecimal[] large;

        DealEntries(String dealId) {
            this.dealId = dealId;
        }

        void add(Entry entry) {
            if (size == months.length) {
                grow();
            }
            Instant monthEnd = entry.monthEnd();
            months[size] = monthNumber(monthEnd);
            BigDecimal amount = entry.amount().decimal();
            if (amount.scale() == (byte) amount.scale() && amount.unscaledValue().bitLength() < Long.SIZE) {
                unscaled[size] = amount.unscaledValue().longValueExact();
                scales[size] = (byte) amount.scale();
            } else {
                if (large == null) {
                    large = new BigDecimal[months.length];
                }
                large[size] = amount;
            }
            String entryCurrency = entry.amount().currency();
            if (currency == null) {
                currency = entryCurrency;
            } else if (currencies == null && !currency.equals(entryCurrency)) {
                currencies = new String[months.length];
                Arrays.fill(currencies, 0, size, currency);
            }
            if (currencies != null) {
                currencies[size] = entryCurrency;
            }
            if (!entry.effectiveAt().equals(monthEnd)) {
                if (laterEffectiveAt == null) {
                    laterEffectiveAt = new Instant[months.length];
                }
                laterEffectiveAt[size] = entry.effectiveAt();
            }
            size++;
        }

        private void grow() {
            int capacity = months.length + Math.max(FIRST_CAPACITY, months.length / 2);
            months = Arrays.copyOf(months, capacity);
            unscaled = Arrays.copyOf(unscaled, capacity);
            scales = Arrays.copyOf(scales, capacity);
            if (currencies != null) {
                currencies = Arrays.copyOf(currencies, capacity);
            }
            if (laterEffectiveAt != null) {
                laterEffectiveAt = Arrays.copyOf(laterEffectiveAt, capacity);
            }
            if (large != null) {
                large = Arrays.copyOf(large, capacity);
            }
        }

        private String currency(int index) {
            return currencies == null ? currency : currencies[index];
        }

        private BigDecimal amount(int index) {
            BigDecimal big = large == null ? null : large[index];
            return big != null ? big : BigDecimal.valueOf(unscaled[index], scales[index]);
        }

        /** Summed in booking order, as {@link BigDecimal#add} would have: the same scale whatever the layout. */
        Map<String, BigDecimal> netFor(int month) {
            String onlyCurrency = null;
            BigDecimal onlySum = null;
            Map<String, BigDecimal> byCurrency = null;
            for (int i = 0; i < size; i++) {
                if (months[i] != month) {
                    continue;
                }
                String entryCurrency = currency(i);
                if (byCurrency == null && (onlyCurrency == null || onlyCurrency.equals(entryCurrency))) {
                    onlySum = onlySum == null ? amount(i) : onlySum.add(amount(i));
                    onlyCurrency = entryCurrency;
                    continue;
                }
                if (byCurrency == null) {
                    byCurrency = new TreeMap<>();
                    byCurrency.put(onlyCurrency, onlySum);
                }
                byCurrency.merge(entryCurrency, amount(i), BigDecimal::add);
            }
            if (byCurrency != null) {
                return Collections.unmodifiableMap(byCurrency);
            }
            return onlyCurrency == null ? Map.of() : Map.of(onlyCurrency, onlySum);
        }

        Set<Instant> monthEnds() {
            Set<Instant> monthEnds = new LinkedHashSet<>();
            for (int i = 0; i < size; i++) {
                monthEnds.add(monthEnd(months[i]));
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
                if (months[i] != that.months[i] || !amount(i).equals(that.amount(i))
                        || !currency(i).equals(that.currency(i))
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
                Instant monthEnd = monthEnd(months[i]);
                Instant effectiveAt = laterEffectiveAt(i) == null ? monthEnd : laterEffectiveAt(i);
                entries.add(new Entry(dealId, monthEnd, Money.of(amount(i), currency(i)), effectiveAt));
            }
        }
    }

    /** Months since 1970-01 of a month end: 2022-04-01T00:00Z (closing 2022-03) → 626. */
    private static int monthNumber(Instant monthEnd) {
        if (!MonthEnds.isMonthEnd(monthEnd)) {
            throw new IllegalArgumentException(monthEnd + " is not a month end (00:00 UTC on the 1st)");
        }
        LocalDate day = monthEnd.atOffset(ZoneOffset.UTC).toLocalDate();
        return Math.toIntExact((day.getYear() - 1970L) * 12 + day.getMonthValue() - 1);
    }

    private static Instant monthEnd(int monthNumber) {
        return LocalDate.of(1970 + Math.floorDiv(monthNumber, 12), Math.floorMod(monthNumber, 12) + 1, 1)
                .atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
