package dev.prm.contracts.crm;

import dev.prm.contracts.DataReader;

/** A business-time tick (B1): the event's {@code time} is the new business time; its data is empty. */
public record TimePassed() {

    public static TimePassed read(DataReader data) {
        return new TimePassed();
    }
}
