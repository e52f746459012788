package dev.prm.contracts;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Money on the wire: the amount is a decimal string, never a JSON number, so no precision is lost. */
public record Money(String amount, String currency) {

    /** One string per ISO 4217 code: aggregates hold hundreds of thousands of amounts, each read from its own event. */
    private static final Map<String, String> ISO_CODES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableMap(Function.identity(), Function.identity(), (a, b) -> a));

    public Money {
        if (currency != null) {
            currency = ISO_CODES.getOrDefault(currency, currency);
        }
    }

    public static Money of(BigDecimal amount, String currency) {
        return new Money(amount.toPlainString(), currency);
    }

    public BigDecimal decimal() {
        return new BigDecimal(amount);
    }
}
