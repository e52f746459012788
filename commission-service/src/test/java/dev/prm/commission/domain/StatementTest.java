package dev.prm.commission.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.prm.commission.domain.Statement.Line;
import dev.prm.commission.domain.Statement.StatusedAmount;
import dev.prm.contracts.Money;

class StatementTest {

    private static final EntryStatus HELD = new EntryStatus(CommissionStatus.HELD, Instant.parse("2022-04-01T00:00:00Z"), null);
    private static final EntryStatus RELEASED = new EntryStatus(CommissionStatus.PAYABLE, Instant.parse("2022-04-01T00:00:00Z"),
            Instant.parse("2022-05-10T00:00:00Z"));

    @Test
    void C4_a_statement_per_currency_adds_up_to_its_entries() {
        List<Line> lines = Statement.of(List.of(
                new StatusedAmount(new Money("200.00", "USD"), EntryStatus.PAYABLE),
                new StatusedAmount(new Money("-50.00", "USD"), EntryStatus.PAYABLE),
                new StatusedAmount(new Money("100.00", "USD"), HELD),
                new StatusedAmount(new Money("2400", "JPY"), RELEASED),
                new StatusedAmount(new Money("247", "JPY"), HELD)));

        assertThat(lines).containsExactly(
                new Line("JPY", new java.math.BigDecimal("2647"), new java.math.BigDecimal("247"),
                        new java.math.BigDecimal("2400"), new java.math.BigDecimal("2400")),
                new Line("USD", new java.math.BigDecimal("250.00"), new java.math.BigDecimal("100.00"),
                        new java.math.BigDecimal("0.00"), new java.math.BigDecimal("150.00")));
        assertThat(lines).allSatisfy(line -> assertThat(line.held().add(line.payable())).isEqualByComparingTo(line.accrued()));
    }

    @Test
    void C4_a_currency_whose_accrual_was_reversed_entirely_has_no_line() {
        assertThat(Statement.of(List.of(
                new StatusedAmount(new Money("2400", "JPY"), EntryStatus.PAYABLE),
                new StatusedAmount(new Money("-2400", "JPY"), EntryStatus.PAYABLE)))).isEmpty();
    }

    @Test
    void C4_totals_per_currency_for_releases() {
        assertThat(Statement.totals(List.of(new Money("10.00", "USD"), new Money("2400", "JPY"), new Money("5.50", "USD"))))
                .containsExactly(new Money("2400", "JPY"), new Money("15.50", "USD"));
    }
}
