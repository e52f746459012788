package dev.prm.contracts.crm;

import dev.prm.contracts.DataReader;
import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;

/** A partner joins the program (P1); {@code tier} is set when it migrates from an earlier system. */
public record PartnerEnrolled(String partnerId, String name, PartnerKind kind, String country, Tier tier) {

    public static PartnerEnrolled read(DataReader data) {
        return new PartnerEnrolled(data.text("partnerId"), data.text("name"), data.enumValue("kind", PartnerKind.class),
                data.country("country"), data.optionalEnum("tier", Tier.class).orElse(null));
    }
}
