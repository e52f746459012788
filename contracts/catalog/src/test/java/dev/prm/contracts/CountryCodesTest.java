package dev.prm.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountryCodesTest {

    @Test
    void equal_codes_read_from_different_events_become_one_instance() {
        String fromOneEvent = new String("JP");
        String fromAnother = new String("JP");

        assertThat(CountryCodes.canonical(fromOneEvent)).isSameAs(CountryCodes.canonical(fromAnother)).isEqualTo("JP");
    }

    @Test
    void a_code_java_does_not_know_is_kept_as_it_is() {
        String unknown = new String("XK");

        assertThat(CountryCodes.canonical(unknown)).isEqualTo("XK");
        assertThat(CountryCodes.canonical(null)).isNull();
    }
}
