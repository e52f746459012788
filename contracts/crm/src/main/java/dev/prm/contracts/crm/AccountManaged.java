package dev.prm.contracts.crm;

import dev.prm.contracts.Customer;
import dev.prm.contracts.DataReader;
import dev.prm.contracts.Money;

/** A partner manages an account; sent again with a new {@code mrr} when it changes (T3). */
public record AccountManaged(String accountId, String partnerId, Customer customer, Money mrr) {

    public static AccountManaged read(DataReader data) {
        return new AccountManaged(data.text("accountId"), data.text("partnerId"), data.customer("customer"), data.money("mrr"));
    }
}
