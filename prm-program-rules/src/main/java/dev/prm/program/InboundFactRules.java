package dev.prm.program;

import java.time.Instant;
import java.util.function.BiConsumer;

import dev.prm.contracts.CloudEvent;
import dev.prm.contracts.InvalidEventException;
import dev.prm.contracts.Money;
import dev.prm.contracts.crm.AccountManaged;
import dev.prm.contracts.crm.DealAmended;
import dev.prm.contracts.crm.DealClosed;

/**
 * C2, T2, §4: the program's part of an inbound fact's validity, on top of the contract's strict reader. It is
 * decided from the fact alone, never from what a service happens to know when it arrives (its deal, the deal's
 * currency, the order of arrival), so every service that reads a fact applies it, or dead-letters it, alike.
 * <p>
 * The one rule: money must be in a currency of the T2 table in force at the fact's own time ({@code time}): the
 * close for a DealClosed, the amendment for a DealAmended (which may change the deal's currency, C2), the start of
 * the period for an AccountManaged. Every other inbound type has no program rule beyond the contract.
 */
public final class InboundFactRules {

    private final Versioned<CurrencyTable> currencies;

    public InboundFactRules(Versioned<CurrencyTable> currencies) {
        this.currencies = currencies;
    }

    public static InboundFactRules programDefault() {
        return new InboundFactRules(ProgramCurrencies.table());
    }

    /** Throws {@link InvalidEventException} when the program refuses the fact. */
    public void check(CloudEvent event, Object data) {
        Money mrr = switch (data) {
            case DealClosed deal -> deal.mrr();
            case DealAmended amendment -> amendment.mrr();
            case AccountManaged account -> account.mrr();
            default -> null;
        };
        if (mrr != null) {
            requireKnownCurrency(mrr, event.time());
        }
    }

    /** {@code handler}, run only for facts {@link #check} accepts. */
    public <T> BiConsumer<CloudEvent, T> checked(BiConsumer<CloudEvent, T> handler) {
        return (event, data) -> {
            check(event, data);
            handler.accept(event, data);
        };
    }

    private void requireKnownCurrency(Money mrr, Instant at) {
        Versioned.Version<CurrencyTable> table = currencies.versionAt(at);
        if (table.value().hundredUsdIn(mrr.currency()).isEmpty()) {
            throw new InvalidEventException(InvalidEventException.Reason.UNKNOWN_CURRENCY, "data.mrr.currency: '"
                    + mrr.currency() + "' is not in the currency table in force at " + at + " (" + table.id() + ")");
        }
    }
}
