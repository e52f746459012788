package dev.prm.contracts.crm;

import dev.prm.contracts.DataReader;

/** A deal's customer left (C2). */
public record DealChurned(String dealId, String partnerId) {

    public static DealChurned read(DataReader data) {
        return new DealChurned(data.text("dealId"), data.text("partnerId"));
    }
}
