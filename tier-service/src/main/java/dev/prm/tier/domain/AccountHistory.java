package dev.prm.tier.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.prm.contracts.Money;

/**
 * One managed account's facts, each at its effective time, whatever order they were taken in (B3): an
 * {@code AccountManaged} starts a period with its MRR, which lasts until the next one or the first release at or
 * after its start. So the periods active at T are the same whether facts dated after T arrived before T or not.
 * Two AccountManaged of one instant: the last taken in counts.
 */
public final class AccountHistory {

    private final String accountId;
    private final NavigableMap<Instant, AccountPeriod> starts = new TreeMap<>();
    private final NavigableSet<Instant> releases = new TreeSet<>();

    public AccountHistory(String accountId) {
        this.accountId = accountId;
    }

    public void managed(String customerDomain, String customerCountry, Money mrr, Instant at) {
        starts.put(at, new AccountPeriod(accountId, customerDomain, customerCountry, mrr, at, null));
    }

    public void released(Instant at) {
        releases.add(at);
    }

    public List<AccountPeriod> periods() {
        List<AccountPeriod> periods = new ArrayList<>(starts.size());
        for (AccountPeriod start : starts.values()) {
            Instant next = starts.higherKey(start.from());
            Instant release = releases.ceiling(start.from());
            Instant until = next == null ? release : release == null || next.isBefore(release) ? next : release;
            periods.add(until == null ? start : start.endedAt(until));
        }
        return periods;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccountHistory that && accountId.equals(that.accountId) && starts.equals(that.starts)
                && releases.equals(that.releases);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accountId, starts, releases);
    }
}
