package dev.prm.tier.command;

import java.time.Instant;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prm.contracts.Money;

class PartnerTest {

    private static final Instant MARCH_10 = Instant.parse("2022-03-10T09:00:00Z");
    private final Money usd1000 = new Money("1000", "USD");
    private AggregateTestFixture<Partner> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Partner.class);
    }

    @Test
    void P1_a_deal_of_a_partner_not_known_yet_creates_it_and_is_kept() {
        fixture.givenNoPriorActivity()
                .when(new RecordDealClosed("P1", "D1", "acme.com", "US", usd1000, MARCH_10))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DealRecorded("P1", "D1", "acme.com", "US", usd1000, MARCH_10));
    }

    @Test
    void a_deal_closed_again_under_another_event_id_changes_nothing() {
        fixture.given(new DealRecorded("P1", "D1", "acme.com", "US", usd1000, MARCH_10))
                .when(new RecordDealClosed("P1", "D1", "acme.com", "US", new Money("5000", "USD"), MARCH_10.plusSeconds(60)))
                .expectNoEvents();
    }
}
