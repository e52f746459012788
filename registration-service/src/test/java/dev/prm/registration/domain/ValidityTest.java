package dev.prm.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidityTest {

    @ParameterizedTest(name = "R3: registered {0} is valid until {1}")
    @CsvSource({
            "2022-01-10T09:00:00Z, 2022-07-10T09:00:00Z",
            "2023-08-31T10:00:00Z, 2024-02-29T10:00:00Z",   // leap year: Feb 29
            "2022-08-31T10:00:00Z, 2023-02-28T10:00:00Z",   // no Feb 29: the last day of February
            "2023-12-31T23:59:59Z, 2024-06-30T23:59:59Z",   // June has 30 days
            "2024-02-29T00:00:00Z, 2024-08-29T00:00:00Z",
            "2023-09-01T00:00:00Z, 2024-03-01T00:00:00Z"})
    void R3_a_registration_is_valid_for_six_calendar_months(String registeredAt, String validUntil) {
        assertThat(Validity.validUntil(Instant.parse(registeredAt))).isEqualTo(Instant.parse(validUntil));
    }

    @ParameterizedTest(name = "R4: registered {0}, extended until {1}")
    @CsvSource({
            "2022-01-10T09:00:00Z, 2022-10-10T09:00:00Z",
            "2023-08-31T10:00:00Z, 2024-05-31T10:00:00Z",   // Feb 29 end does not shorten the extension to May 29
            "2023-05-31T00:00:00Z, 2024-02-29T00:00:00Z",   // extended end on a leap day
            "2022-05-31T00:00:00Z, 2023-02-28T00:00:00Z",
            "2024-02-29T12:00:00Z, 2024-11-29T12:00:00Z"})
    void R4_an_extension_adds_three_months_counted_from_the_registration(String registeredAt, String extendedUntil) {
        assertThat(Validity.extendedUntil(Instant.parse(registeredAt))).isEqualTo(Instant.parse(extendedUntil));
    }
}
