package dev.prm.commission.domain;

import java.time.Instant;

import dev.prm.program.ProgramCurrencies;
import dev.prm.program.Versioned;

/**
 * The program's default commission configuration (SPEC C1, T2) as versions with their effective dates.
 * A further program change is one more version here, not a change to the rules.
 */
public final class CommissionDefaults {

    public static final Instant BEGINNING = ProgramCurrencies.BEGINNING;
    public static final Instant THIRTY_SIX_MONTHS_FROM = Instant.parse("2023-04-01T00:00:00Z");

    private CommissionDefaults() {
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
}
