package dev.prm.contracts.crm;

import dev.prm.contracts.DataReader;

/** A partner asks to register a customer domain (R3). */
public record DomainRegistrationRequested(String partnerId, String domain) {

    public static DomainRegistrationRequested read(DataReader data) {
        return new DomainRegistrationRequested(data.text("partnerId"), data.domain("domain"));
    }
}
