package dev.prm.contracts.crm;

import dev.prm.contracts.DataReader;

/** Direct sales gives up a domain. */
public record DirectOwnerUnassigned(String domain) {

    public static DirectOwnerUnassigned read(DataReader data) {
        return new DirectOwnerUnassigned(data.domain("domain"));
    }
}
