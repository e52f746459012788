package dev.prm.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void amounts_read_from_different_events_share_one_string_per_iso_currency() {
        Money first = new Money("10.00", new String("JPY".toCharArray()));
        Money second = new Money("20.00", new String("JPY".toCharArray()));

        assertThat(first.currency()).isSameAs(second.currency()).isEqualTo("JPY");
    }

    @Test
    void a_code_that_is_not_iso_is_kept_as_given_for_validation_to_refuse() {
        assertThat(new Money("1", "XYZW").currency()).isEqualTo("XYZW");
        assertThat(new Money("1", null).currency()).isNull();
    }
}
