package dev.prm.contracts;

import java.math.BigDecimal;

/** Money on the wire: the amount is a decimal string, never a JSON number, so no precision is lost. */
public record Money(String amount, String currency) {

    public static Money of(BigDecimal amount, String currency) {
        return new Money(amount.toPlainString(), currency);
    }

    public BigDecimal decimal() {
        return new BigDecimal(amount);
    }
}
