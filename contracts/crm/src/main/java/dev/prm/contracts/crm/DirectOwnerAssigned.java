package dev.prm.contracts.crm;

import dev.prm.contracts.DataReader;

/** Direct sales takes ownership of a domain (R3, R8). */
public record DirectOwnerAssigned(String domain, String ownerId) {

    public static DirectOwnerAssigned read(DataReader data) {
        return new DirectOwnerAssigned(data.domain("domain"), data.text("ownerId"));
    }
}
