package dev.prm.contracts.crm;

import dev.prm.contracts.DataReader;

/** A partner releases a registered domain (R5). */
public record DomainRegistrationReleased(String partnerId, String domain) {

    public static DomainRegistrationReleased read(DataReader data) {
        return new DomainRegistrationReleased(data.text("partnerId"), data.domain("domain"));
    }
}
