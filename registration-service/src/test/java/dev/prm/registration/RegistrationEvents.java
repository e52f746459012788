package dev.prm.registration;

import static dev.prm.testsupport.CrmEvents.cloudEvent;
import static dev.prm.testsupport.CrmEvents.newId;

import java.time.Instant;

/** Inbound CloudEvents of registration-service as their producers write them (SPEC §2, §3). */
final class RegistrationEvents {

    private RegistrationEvents() {
    }

    static String registrationRequested(String partnerId, String domain, Instant at) {
        return registrationRequested(newId(), partnerId, domain, at);
    }

    static String registrationRequested(String id, String partnerId, String domain, Instant at) {
        return cloudEvent(id, "DomainRegistrationRequested", at, """
                {"partnerId":"%s","domain":"%s"}""".formatted(partnerId, domain));
    }

    static String extensionRequested(String partnerId, String domain, Instant at) {
        return cloudEvent(newId(), "DomainRegistrationExtensionRequested", at, """
                {"partnerId":"%s","domain":"%s"}""".formatted(partnerId, domain));
    }

    static String releaseRequested(String partnerId, String domain, Instant at) {
        return cloudEvent(newId(), "DomainRegistrationReleased", at, """
                {"partnerId":"%s","domain":"%s"}""".formatted(partnerId, domain));
    }

    static String directOwnerAssigned(String domain, String ownerId, Instant at) {
        return cloudEvent(newId(), "DirectOwnerAssigned", at, """
                {"domain":"%s","ownerId":"%s"}""".formatted(domain, ownerId));
    }

    static String partnerEnrolled(String partnerId, String kind, String tier, Instant at) {
        return cloudEvent(newId(), "PartnerEnrolled", at, """
                {"partnerId":"%s","name":"Partner %s","kind":"%s","country":"JP"%s}"""
                .formatted(partnerId, partnerId, kind, tier == null ? "" : ",\"tier\":\"" + tier + "\""));
    }

    static String tierChanged(String partnerId, String from, String to, Instant at) {
        return cloudEvent(newId(), "TierChanged", at, """
                {"partnerId":"%s","from":"%s","to":"%s","reason":"REEVALUATION","effectiveAt":"%s",\
                "points":{"sold12m":"0","sold6m":"0","managed":"0","total12m":"0","total6m":"0"},"thresholdsVersion":"t-2022"}"""
                .formatted(partnerId, from, to, at));
    }
}
