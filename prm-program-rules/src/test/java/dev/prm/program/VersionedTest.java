package dev.prm.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class VersionedTest {

    private final Versioned<String> table = Versioned.of(
            new Versioned.Version<>("v2", Instant.parse("2022-07-16T00:00:00Z"), "raised"),
            new Versioned.Version<>("v1", Instant.MIN, "original"));

    @Test
    void the_version_in_force_is_the_latest_effective_at_or_before_the_instant() {
        assertThat(table.at(Instant.parse("2022-07-15T23:59:59Z"))).isEqualTo("original");
        assertThat(table.at(Instant.parse("2022-07-16T00:00:00Z"))).isEqualTo("raised");
        assertThat(table.versionAt(Instant.parse("2030-01-01T00:00:00Z")).id()).isEqualTo("v2");
    }

    @Test
    void two_versions_cannot_take_effect_at_the_same_instant() {
        assertThatThrownBy(() -> table.with(new Versioned.Version<>("v3", Instant.parse("2022-07-16T00:00:00Z"), "again")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_proposal_replaces_the_versions_from_its_date_on_and_keeps_the_earlier_ones() {
        Versioned<String> proposed = table.replacedFrom(new Versioned.Version<>("p", Instant.parse("2022-01-01T00:00:00Z"), "proposed"));

        assertThat(proposed.versions()).extracting(Versioned.Version::id).containsExactly("v1", "p");
        assertThat(proposed.at(Instant.parse("2021-12-31T23:59:59Z"))).isEqualTo("original");
        assertThat(proposed.at(Instant.parse("2023-01-01T00:00:00Z"))).as("v2 is replaced").isEqualTo("proposed");
    }

    @Test
    void R2_a_proposed_cap_table_replaces_the_program_s_cut_from_its_date_on() {
        CapTable proposed = new CapTable("p", ProgramCaps.CAPS_CUT, java.util.Map.of(dev.prm.contracts.Tier.SOLUTIONS_PARTNER, 8,
                dev.prm.contracts.Tier.GOLD, 12, dev.prm.contracts.Tier.PLATINUM, 20, dev.prm.contracts.Tier.DIAMOND, 60,
                dev.prm.contracts.Tier.ELITE, 150), 4, null);

        CapTables tables = ProgramCaps.table().replacedFrom(proposed);

        assertThat(tables.versions()).extracting(CapTable::version).containsExactly("caps-original", "p");
        assertThat(tables.inForce(Instant.parse("2022-03-01T00:00:00Z")).capFor(dev.prm.contracts.PartnerKind.SOLUTIONS_PARTNER,
                dev.prm.contracts.Tier.GOLD)).isEqualTo(12);
    }
}
