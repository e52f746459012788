package dev.prm.commission.domain;

import java.time.Instant;
import java.util.Set;

/**
 * The program's default commission configuration (SPEC C1, T2) as versions with their effective dates.
 * A further program change is one more version here, not a change to the rules.
 */
public final class ProgramDefaults {

    public static final Instant BEGINNING = Instant.MIN;
    public static final Instant THIRTY_SIX_MONTHS_FROM = Instant.parse("2023-04-01T00:00:00Z");

    private ProgramDefaults() {
    }

    /** 20 % for life; from 2023-04-01 for 36 months; PROVIDER partners 20 % for 12 months throughout. */
    public static CommissionPolicy commissionPolicy() {
        CommissionRule provider = CommissionRule.months("0.20", 12);
        return new CommissionPolicy(Versioned.of(
                new Versioned.Version<>("commission-2022", BEGINNING,
                        new CommissionPolicyVersion(CommissionRule.lifetime("0.20"), provider)),
                new Versioned.Version<>("commission-2023-04", THIRTY_SIX_MONTHS_FROM,
                        new CommissionPolicyVersion(CommissionRule.months("0.20", 36), provider))));
    }

    /** The currencies of the T2 table; the 2024-02-27 version changes rates only, not the set. */
    public static Versioned<KnownCurrencies> currencies() {
        KnownCurrencies table = new KnownCurrencies(Set.of("USD", "AUD", "EUR", "GBP", "JPY", "ZAR", "CAD", "COP", "SGD"));
        return Versioned.of(
                new Versioned.Version<>("currencies-2022", BEGINNING, table),
                new Versioned.Version<>("currencies-2024-02-27", Instant.parse("2024-02-27T00:00:00Z"), table));
    }
}
