package dev.prm.contracts.crm;

import dev.prm.contracts.DataReader;
import dev.prm.contracts.Money;

/** A deal's MRR changed (T5, C2). */
public record DealAmended(String dealId, String partnerId, Money mrr) {

    public static DealAmended read(DataReader data) {
        return new DealAmended(data.text("dealId"), data.text("partnerId"), data.money("mrr"));
    }
}
