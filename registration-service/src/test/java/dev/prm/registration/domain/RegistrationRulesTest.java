package dev.prm.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;
import dev.prm.program.CapTable;
import dev.prm.program.OverCapRule.CapChange;
import dev.prm.registration.domain.RegistrationRules.ExtensionOutcome;
import dev.prm.registration.domain.RegistrationRules.RequestFacts;
import dev.prm.registration.domain.RegistrationRules.RequestOutcome;

class RegistrationRulesTest {

    private static final Instant BEFORE_CUT = Instant.parse("2022-01-31T23:59:59Z");
    private static final Instant CUT = Instant.parse("2022-02-01T00:00:00Z");
    private final RegistrationRules rules = RegistrationDefaults.rules();

    @ParameterizedTest(name = "R2 2022 table: {0} {1} → {2}")
    @CsvSource({
            "SOLUTIONS_PARTNER, ELITE, 175", "SOLUTIONS_PARTNER, DIAMOND, 75", "SOLUTIONS_PARTNER, PLATINUM, 25",
            "SOLUTIONS_PARTNER, GOLD, 15", "SOLUTIONS_PARTNER, SOLUTIONS_PARTNER, 10",
            "PROVIDER, ELITE, 5", "PROVIDER, SOLUTIONS_PARTNER, 5"})
    void R2_caps_from_2022_02_01(PartnerKind kind, Tier tier, int cap) {
        assertThat(rules.capAt(kind, tier, CUT)).isEqualTo(cap);
    }

    @ParameterizedTest(name = "R2 earlier table: {0} {1} → {2}")
    @CsvSource({
            "SOLUTIONS_PARTNER, ELITE, 1000", "SOLUTIONS_PARTNER, DIAMOND, 1000", "SOLUTIONS_PARTNER, PLATINUM, 500",
            "SOLUTIONS_PARTNER, GOLD, 500", "SOLUTIONS_PARTNER, SOLUTIONS_PARTNER, 50", "PROVIDER, GOLD, 25"})
    void R2_caps_before_2022_02_01_from_the_beginning_of_time(PartnerKind kind, Tier tier, int cap) {
        assertThat(rules.capAt(kind, tier, BEFORE_CUT)).isEqualTo(cap);
        assertThat(rules.capAt(kind, tier, Instant.parse("1990-01-01T00:00:00Z"))).isEqualTo(cap);
    }

    @Test
    void R2_each_version_has_its_compliance_deadline() {
        assertThat(rules.caps().inForce(CUT).deadline()).contains(Instant.parse("2022-04-01T00:00:00Z"));
        assertThat(rules.caps().inForce(BEFORE_CUT).deadline()).isEmpty();
        assertThat(rules.caps().firstEffectiveIn(BEFORE_CUT, CUT)).map(CapTable::version).contains("caps-2022-02-01");
        assertThat(rules.caps().firstEffectiveIn(CUT, CUT.plusSeconds(86400))).isEmpty();
    }

    @Test
    void R3_the_reasons_come_in_their_order() {
        Optional<String> other = Optional.of("P2");
        assertThat(decide(false, true, other, 10, 10)).isEqualTo(refuse(RejectionReason.INVALID_DOMAIN));
        assertThat(decide(true, true, other, 10, 10)).isEqualTo(refuse(RejectionReason.CHANNEL_CONFLICT));
        assertThat(decide(true, false, other, 10, 10)).isEqualTo(refuse(RejectionReason.ALREADY_REGISTERED));
        assertThat(decide(true, false, Optional.of("P1"), 10, 10)).isInstanceOf(RequestOutcome.AlreadyHeld.class);
        assertThat(decide(true, false, Optional.empty(), 10, 10)).isEqualTo(refuse(RejectionReason.CAP_REACHED));
        assertThat(decide(true, false, Optional.empty(), 11, 10)).as("over cap").isEqualTo(refuse(RejectionReason.CAP_REACHED));
        assertThat(decide(true, false, Optional.empty(), 9, 10)).isInstanceOf(RequestOutcome.Accept.class);
    }

    @Test
    void R3_a_co_selling_partner_asking_again_gets_its_registration_not_a_new_conflict() {
        assertThat(decide(true, true, Optional.of("P1"), 10, 10)).isInstanceOf(RequestOutcome.AlreadyHeld.class);
    }

    @Test
    void R4_extension_once_while_active_and_not_over_cap() {
        Instant at = Instant.parse("2022-03-01T00:00:00Z");
        Holding active = new Holding("acme.com", Instant.parse("2022-01-10T00:00:00Z"), Instant.parse("2022-07-10T00:00:00Z"), false, false);
        assertThat(RegistrationRules.decideExtension(Optional.empty(), at, 1, 10)).isEqualTo(refuseExtension(RejectionReason.NOT_ACTIVE));
        assertThat(RegistrationRules.decideExtension(Optional.of(active), Instant.parse("2022-07-10T00:00:00Z"), 1, 10))
                .as("at validUntil it is no longer active").isEqualTo(refuseExtension(RejectionReason.NOT_ACTIVE));
        assertThat(RegistrationRules.decideExtension(Optional.of(active.extendedTo(Instant.parse("2022-10-10T00:00:00Z"))), at, 1, 10))
                .isEqualTo(refuseExtension(RejectionReason.ALREADY_EXTENDED));
        assertThat(RegistrationRules.decideExtension(Optional.of(active), at, 11, 10)).isEqualTo(refuseExtension(RejectionReason.OVER_CAP));
        assertThat(RegistrationRules.decideExtension(Optional.of(active), at, 10, 10)).as("at the cap is not over it")
                .isEqualTo(new ExtensionOutcome.Extend(Instant.parse("2022-10-10T00:00:00Z")));
    }

    @Test
    void R6_over_cap_with_the_tables_deadline_when_a_new_table_caused_it() {
        Optional<Instant> tableDeadline = Optional.of(Instant.parse("2022-04-01T00:00:00Z"));
        assertThat(rules.reviewCap(false, 40, 15, CUT, tableDeadline))
                .contains(new CapChange.Exceeded(15, 40, CUT, Instant.parse("2022-04-01T00:00:00Z")));
    }

    @Test
    void R6_over_cap_otherwise_gets_sixty_days() {
        Instant drop = Instant.parse("2022-07-15T00:00:00Z");
        assertThat(rules.reviewCap(false, 16, 15, drop, Optional.empty()))
                .contains(new CapChange.Exceeded(15, 16, drop, Instant.parse("2022-09-13T00:00:00Z")));
    }

    @Test
    void R6_back_at_the_cap_is_restored_and_nothing_changes_otherwise() {
        assertThat(rules.reviewCap(true, 15, 15, CUT, Optional.empty())).contains(new CapChange.Restored(15, 15, CUT));
        assertThat(rules.reviewCap(true, 16, 15, CUT, Optional.empty())).isEmpty();
        assertThat(rules.reviewCap(false, 15, 15, CUT, Optional.empty())).isEmpty();
    }

    @Test
    void R8_a_grant_needs_the_domain_free_of_other_partners_and_a_free_slot() {
        assertThat(RegistrationRules.decideGrant(Optional.of("P2"), "P1", 0, 10)).isEqualTo(refuse(RejectionReason.ALREADY_REGISTERED));
        assertThat(RegistrationRules.decideGrant(Optional.empty(), "P1", 10, 10)).isEqualTo(refuse(RejectionReason.CAP_REACHED));
        assertThat(RegistrationRules.decideGrant(Optional.empty(), "P1", 9, 10)).isInstanceOf(RequestOutcome.Accept.class);
    }

    private static RequestOutcome decide(boolean valid, boolean directOwner, Optional<String> holder, int active, int cap) {
        return RegistrationRules.decideRequest(new RequestFacts(valid, directOwner, holder, "P1", active, cap));
    }

    private static RequestOutcome refuse(RejectionReason reason) {
        return new RequestOutcome.Refuse(reason);
    }

    private static ExtensionOutcome refuseExtension(RejectionReason reason) {
        return new ExtensionOutcome.Refuse(reason);
    }
}
