package dev.prm.commission.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.prm.contracts.Money;
import dev.prm.contracts.PartnerKind;

class CommissionPolicyTest {

    private final CommissionPolicy policy = CommissionDefaults.commissionPolicy();

    @Test
    void C1_the_default_is_20_percent_for_the_life_of_the_deal() {
        CommissionTerms terms = policy.termsFor(Instant.parse("2022-03-10T09:00:00Z"), PartnerKind.SOLUTIONS_PARTNER);
        assertThat(terms.rate()).isEqualByComparingTo("0.20");
        assertThat(terms.accrualMonths()).isEmpty();
        assertThat(terms.covers(1000)).isTrue();
        assertThat(terms.policyVersion()).isEqualTo("commission-2022");
    }

    @Test
    void C1_deals_closed_from_2023_04_01_earn_for_36_months_and_not_a_moment_before() {
        CommissionTerms before = policy.termsFor(Instant.parse("2023-03-31T23:59:59Z"), PartnerKind.SOLUTIONS_PARTNER);
        CommissionTerms from = policy.termsFor(Instant.parse("2023-04-01T00:00:00Z"), PartnerKind.SOLUTIONS_PARTNER);
        assertThat(before.accrualMonths()).isEmpty();
        assertThat(from.policyVersion()).isEqualTo("commission-2023-04");
        assertThat(from.covers(36)).isTrue();
        assertThat(from.covers(37)).isFalse();
        assertThat(from.rate()).isEqualByComparingTo("0.20");
    }

    @Test
    void C1_provider_partners_earn_20_percent_for_12_months_under_every_version() {
        for (String closed : new String[] {"2022-03-10T00:00:00Z", "2024-06-01T00:00:00Z"}) {
            CommissionTerms terms = policy.termsFor(Instant.parse(closed), PartnerKind.PROVIDER);
            assertThat(terms.rate()).isEqualByComparingTo("0.20");
            assertThat(terms.covers(12)).isTrue();
            assertThat(terms.covers(13)).isFalse();
            assertThat(terms.partnerKind()).isEqualTo(PartnerKind.PROVIDER);
        }
    }

    @ParameterizedTest(name = "C1 rounding: 20 % of {0} {1} is {2}")
    @CsvSource({
            "1234.50, JPY, 247",       // 246.90: JPY has no minor unit, half-up
            "1232.50, JPY, 247",       // 246.50 → 247 (half-up, not half-even)
            "1232.40, JPY, 246",       // 246.48
            "0.025, USD, 0.01",        // 0.005 → 0.01
            "0.024, USD, 0.00",        // 0.0048
            "999.99, USD, 200.00",     // 199.998
            "100, EUR, 20.00",
            "300300, COP, 60060.00",
            "10.0025, BHD, 2.001"})    // three minor digits: 2.0005 → 2.001
    void C1_each_accrual_is_rounded_once_half_up_to_the_minor_unit_of_its_currency(String mrr, String currency, String expected) {
        CommissionTerms terms = policy.termsFor(Instant.parse("2022-03-10T09:00:00Z"), PartnerKind.SOLUTIONS_PARTNER);
        Money commission = terms.commissionOn(new Money(mrr, currency));
        assertThat(commission.amount()).isEqualTo(expected);
        assertThat(commission.currency()).isEqualTo(currency);
    }
}
