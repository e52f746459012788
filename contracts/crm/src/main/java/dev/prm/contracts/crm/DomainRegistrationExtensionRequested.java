package dev.prm.contracts.crm;

import dev.prm.contracts.DataReader;

/** A partner asks to extend a registration by 3 months (R4). */
public record DomainRegistrationExtensionRequested(String partnerId, String domain) {

    public static DomainRegistrationExtensionRequested read(DataReader data) {
        return new DomainRegistrationExtensionRequested(data.text("partnerId"), data.domain("domain"));
    }
}
