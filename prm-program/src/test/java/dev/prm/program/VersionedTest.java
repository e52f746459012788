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
}
