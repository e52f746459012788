package dev.prm.contracts.crm;

import dev.prm.contracts.Customer;
import dev.prm.contracts.DataReader;
import dev.prm.contracts.Money;

/** A partner closed a deal; {@code mrr} is its monthly recurring revenue (T3, C1). */
public record DealClosed(String dealId, String partnerId, Customer customer, Money mrr) {

    public static DealClosed read(DataReader data) {
        return new DealClosed(data.text("dealId"), data.text("partnerId"), data.customer("customer"), data.money("mrr"));
    }
}
