package dev.prm.tier;

import static dev.prm.testsupport.CrmEvents.accountManaged;
import static dev.prm.testsupport.CrmEvents.accountReleased;
import static dev.prm.testsupport.CrmEvents.dealAmended;
import static dev.prm.testsupport.CrmEvents.dealClosed;
import static dev.prm.testsupport.CrmEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.prm.contracts.crm.CrmTopics;
import tools.jackson.databind.JsonNode;

/**
 * The read side on a real broker and database: a question at D counts the facts dated at or before D, whatever order
 * they were taken in (B3, T5), a currency-changing amendment is applied (C2), and the breakdown adds up (T3).
 */
class DatedFactsIntegrationTest extends TierServiceIntegrationTest {

    private static final Instant MARCH_10 = Instant.parse("2022-03-10T09:00:00Z");

    private JsonNode points(String partner, String asOf) {
        return get("/api/partners/" + partner + "/points?asOf=" + asOf).body();
    }

    private static BigDecimal decimal(JsonNode node, String pointer) {
        return node.at(pointer).decimalValue();
    }

    @Test
    void C2_T5_a_currency_changing_amendment_is_applied_from_its_date_on_taken_in_before_or_after_its_deal() {
        String partner = "c2-" + newId();
        // the amendment comes first (P1): 288,000 JPY, 24 units at the close's 2022 table, × 5 = 120 points
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealAmended(newId(), partner, "d1", "288000", "JPY", Instant.parse("2022-04-20T00:00:00Z")));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d1", "1000", "USD", "US", MARCH_10));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealAmended(newId(), partner, "d2", "100", "EUR", Instant.parse("2022-04-25T00:00:00Z")));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d2", "150", "USD", "US", MARCH_10.plusSeconds(1)));
        awaitPoints(partner, Instant.parse("2022-04-01T00:00:00Z"), 2);
        JsonNode may = await().atMost(Duration.ofSeconds(30)).until(() -> points(partner, "2022-05-01"),
                body -> body.at("/deals").size() == 2 && "EUR".equals(body.at("/deals/1/mrr/currency").stringValue()));

        JsonNode april = points(partner, "2022-04-01");
        assertThat(april.at("/deals/0/mrr/currency").stringValue()).as("asOf before the amendment: the close's MRR").isEqualTo("USD");
        assertThat(decimal(april, "/deals/0/points")).isEqualByComparingTo("50.00");
        assertThat(decimal(april, "/totals/sold12m")).isEqualByComparingTo("57.50");

        assertThat(may.at("/deals/0/mrr/currency").stringValue()).isEqualTo("JPY");
        assertThat(decimal(may, "/deals/0/points")).isEqualByComparingTo("120.00");
        assertThat(decimal(may, "/deals/1/points")).as("100 EUR at 75 per US$100: 1.3333333333 units × 5").isEqualByComparingTo("6.67");
        assertThat(decimal(may, "/totals/sold12m")).isEqualByComparingTo("126.67");
        JsonNode tier = get("/api/partners/" + partner + "/tier?asOf=2022-05-01").body();
        assertThat(decimal(tier, "/points/sold12m")).isEqualByComparingTo("126.67");
    }

    @Test
    void B3_account_periods_are_answered_by_their_dates_whatever_order_they_were_taken_in() {
        String partner = "b3-" + newId();
        // taken in: the start of Jan 5, the change of Feb 10, then the release of Jan 20
        kafka.send(CrmTopics.ACCOUNT_MANAGED, partner, accountManaged(newId(), partner, "a1", "6000", "USD", "US", Instant.parse("2022-01-05T00:00:00Z")));
        kafka.send(CrmTopics.ACCOUNT_MANAGED, partner, accountManaged(newId(), partner, "a1", "9000", "USD", "US", Instant.parse("2022-02-10T00:00:00Z")));
        kafka.send(CrmTopics.ACCOUNT_MANAGED, partner, accountReleased(newId(), partner, "a1", Instant.parse("2022-01-20T00:00:00Z")));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "marker", "100", "USD", "US", Instant.parse("2022-01-02T00:00:00Z")));
        awaitPoints(partner, Instant.parse("2022-02-01T00:00:00Z"), 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from account_release where partner_id = ?", Long.class, partner) == 1);

        assertThat(decimal(points(partner, "2022-01-10"), "/totals/managed")).isEqualByComparingTo("60.00");
        assertThat(points(partner, "2022-02-01").at("/accounts").size()).as("released on Jan 20").isZero();
        assertThat(decimal(points(partner, "2022-02-15"), "/totals/managed")).as("managed again from Feb 10").isEqualByComparingTo("90.00");
    }

    @Test
    void T3_each_item_is_rounded_half_up_and_the_totals_are_the_sums_of_the_rounded_items() {
        String partner = "t3-" + newId();
        // every item is 0.125 points before rounding -> 0.13: 2.50 USD × 5; 1.25 USD × 5 × 2 (IN); a deal amended to
        // 300 JPY (0.025 units × 5); accounts of 0.50 USD × 1 are 0.005 -> 0.01. Rounding the sums would give 0.50 and 0.02.
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d1", "2.50", "USD", "US", MARCH_10));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d2", "2.50", "USD", "US", MARCH_10.plusSeconds(1)));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d3", "1.25", "USD", "IN", MARCH_10.plusSeconds(2)));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d4", "100", "USD", "US", MARCH_10.plusSeconds(3)));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealAmended(newId(), partner, "d4", "300", "JPY", MARCH_10.plusSeconds(4)));
        for (String account : new String[] {"a1", "a2", "a3"}) {
            kafka.send(CrmTopics.ACCOUNT_MANAGED, partner, accountManaged(newId(), partner, account, "0.50", "USD", "US", MARCH_10));
        }
        JsonNode april = await().atMost(Duration.ofSeconds(30)).until(() -> points(partner, "2022-04-01"),
                body -> body.at("/deals").size() == 4 && body.at("/accounts").size() == 3
                        && "JPY".equals(body.at("/deals/3/mrr/currency").stringValue()));

        BigDecimal dealSum = BigDecimal.ZERO;
        for (JsonNode deal : april.at("/deals")) {
            assertThat(deal.get("points").decimalValue()).isEqualByComparingTo("0.13");
            dealSum = dealSum.add(deal.get("points").decimalValue());
        }
        BigDecimal accountSum = BigDecimal.ZERO;
        for (JsonNode account : april.at("/accounts")) {
            assertThat(account.get("points").decimalValue()).isEqualByComparingTo("0.01");
            accountSum = accountSum.add(account.get("points").decimalValue());
        }
        assertThat(decimal(april, "/totals/sold12m")).isEqualByComparingTo("0.52").isEqualByComparingTo(dealSum);
        assertThat(decimal(april, "/totals/managed")).isEqualByComparingTo("0.03").isEqualByComparingTo(accountSum);
        assertThat(decimal(april, "/totals/total12m")).isEqualByComparingTo("0.55");
        JsonNode tier = get("/api/partners/" + partner + "/tier?asOf=2022-04-01").body();
        assertThat(decimal(tier, "/points/total12m")).isEqualByComparingTo("0.55");
    }
}
