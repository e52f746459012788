package dev.prm.contracts.crm;

import dev.prm.contracts.DataReader;

/** A partner no longer manages an account. */
public record AccountReleased(String accountId, String partnerId) {

    public static AccountReleased read(DataReader data) {
        return new AccountReleased(data.text("accountId"), data.text("partnerId"));
    }
}
