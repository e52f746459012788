package dev.prm.commission.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.prm.contracts.Money;

/** C2: the ledger's net per deal, month end and currency, which every adjustment is computed against. */
class LedgerTest {

    private static final Instant JANUARY_END = Instant.parse("2025-02-01T00:00:00Z");
    private static final Instant FEBRUARY_END = Instant.parse("2025-03-01T00:00:00Z");

    private final Ledger ledger = new Ledger();

    @Test
    void C2_entries_of_one_deal_and_month_end_add_up_per_currency() {
        book("D1", JANUARY_END, "100.00", "USD");
        book("D1", JANUARY_END, "-30.50", "USD");
        book("D1", FEBRUARY_END, "100.00", "USD");
        book("D2", JANUARY_END, "7.00", "USD");

        assertThat(ledger.netFor("D1", JANUARY_END)).isEqualTo(Map.of("USD", new BigDecimal("69.50")));
        assertThat(ledger.netFor("D1", FEBRUARY_END)).isEqualTo(Map.of("USD", new BigDecimal("100.00")));
        assertThat(ledger.netFor("D2", FEBRUARY_END)).isEmpty();
        assertThat(ledger.keys()).hasSize(3);
        assertThat(ledger.entries()).hasSize(4);
    }

    @Test
    void C2_a_currency_change_leaves_a_month_end_with_a_sum_per_currency_in_code_order() {
        book("D1", JANUARY_END, "100.00", "USD");
        book("D1", JANUARY_END, "-100.00", "USD");
        book("D1", JANUARY_END, "15000", "JPY");
        book("D1", JANUARY_END, "500", "JPY");
        book("D1", JANUARY_END, "1.00", "USD");

        assertThat(ledger.netFor("D1", JANUARY_END))
                .containsExactly(Map.entry("JPY", new BigDecimal("15500")), Map.entry("USD", new BigDecimal("1.00")));
    }

    @Test
    void C2_amounts_beyond_a_long_and_entries_effective_after_their_month_end_are_kept_exactly() {
        String huge = "123456789012345678901234567890.12";
        Instant lateFact = Instant.parse("2025-02-10T08:30:00.123Z");
        ledger.book(new Ledger.Entry("D1", JANUARY_END, new Money(huge, "USD"), JANUARY_END));
        ledger.book(new Ledger.Entry("D1", JANUARY_END, new Money("-0.12", "USD"), lateFact));
        ledger.book(new Ledger.Entry("D2", FEBRUARY_END, new Money("-7", "JPY"), FEBRUARY_END));

        assertThat(ledger.netFor("D1", JANUARY_END))
                .isEqualTo(Map.of("USD", new BigDecimal("123456789012345678901234567890.00")));
        assertThat(ledger.entries()).containsExactlyInAnyOrder(
                new Ledger.Entry("D1", JANUARY_END, new Money(huge, "USD"), JANUARY_END),
                new Ledger.Entry("D1", JANUARY_END, new Money("-0.12", "USD"), lateFact),
                new Ledger.Entry("D2", FEBRUARY_END, new Money("-7", "JPY"), FEBRUARY_END));
        assertThat(ledger.monthEndsBooked("D1")).containsExactly(JANUARY_END);
        assertThat(ledger.monthEndsBooked("D3")).isEmpty();
    }

    @Test
    void an_entry_for_an_instant_that_is_no_month_end_is_refused() {
        assertThatThrownBy(() -> book("D1", Instant.parse("2025-02-01T00:00:01Z"), "1.00", "USD"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a month end");
    }

    @Test
    void a_deal_with_many_entries_keeps_every_one() {
        Instant monthEnd = JANUARY_END;
        for (int month = 0; month < 100; month++, monthEnd = MonthEnds.plusMonths(monthEnd, 1)) {
            book("D1", monthEnd, month + ".01", "EUR");
        }
        assertThat(ledger.entries()).hasSize(100);
        assertThat(ledger.netFor("D1", MonthEnds.plusMonths(JANUARY_END, 99))).isEqualTo(Map.of("EUR", new BigDecimal("99.01")));
    }

    private void book(String dealId, Instant monthEnd, String amount, String currency) {
        ledger.book(new Ledger.Entry(dealId, monthEnd, new Money(amount, currency), monthEnd));
    }
}
