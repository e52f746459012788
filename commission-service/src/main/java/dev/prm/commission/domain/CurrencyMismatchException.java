package dev.prm.commission.domain;

/** C1: commissions are in the deal's currency; an amendment in another currency is bad input. */
public class CurrencyMismatchException extends RuntimeException {

    public CurrencyMismatchException(String dealId, String dealCurrency, String amendedCurrency) {
        super("deal '" + dealId + "' is in " + dealCurrency + "; an amendment in " + amendedCurrency + " cannot apply");
    }
}
