package dev.prm.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.InvalidEventException;
import dev.prm.contracts.crm.CrmTopics;

/**
 * C2, §4: one decision per fact, from the fact alone. Both services run every inbound fact through this rule and
 * through nothing else that refuses, so the cases here are applied, or dead-lettered, by each of them alike.
 */
class InboundFactRulesTest {

    private static final Instant CHF_FROM = Instant.parse("2024-03-01T00:00:00Z");

    /** The program's table, and CHF from 2024-03-01: a currency unknown before that instant. */
    private final InboundFactRules rules = new InboundFactRules(ProgramCurrencies.table().with(new Versioned.Version<>(
            "with-chf", CHF_FROM, ProgramCurrencies.table().at(CHF_FROM).with(Map.of("CHF", new BigDecimal("90"))))));
    private final CloudEventCodec codec = new CloudEventCodec();

    private boolean accepted(String topic, String type, String time, String data) {
        String json = """
                {"specversion":"1.0","id":"e-%s","source":"crm","type":"%s","time":"%s","data":%s}"""
                .formatted(System.nanoTime(), type, time, data);
        CloudEventCodec.Inbound event = codec.readInbound(topic, json.getBytes(StandardCharsets.UTF_8));
        try {
            rules.check(event.envelope(), event.data());
            return true;
        } catch (InvalidEventException refused) {
            assertThat(refused.reason()).isEqualTo(InvalidEventException.Reason.UNKNOWN_CURRENCY);
            assertThat(refused.getMessage()).contains("data.mrr.currency").contains(time.substring(0, 10));
            return false;
        }
    }

    private boolean amendment(String time, String currency) {
        return accepted(CrmTopics.DEAL_CLOSED, "DealAmended", time,
                "{\"dealId\":\"D1\",\"partnerId\":\"P1\",\"mrr\":{\"amount\":\"1000\",\"currency\":\"" + currency + "\"}}");
    }

    @Test
    void C2_an_amendment_that_changes_the_deals_currency_is_valid() {
        // the deal was closed in USD: the rule never looks at the deal, so no service can refuse the JPY amendment
        assertThat(amendment("2022-05-10T00:00:00Z", "JPY")).isTrue();
    }

    @Test
    void C2_an_amendment_of_a_deal_not_known_yet_is_valid() {
        assertThat(amendment("2022-01-01T00:00:00Z", "EUR")).isTrue();
    }

    @Test
    void T2_the_currency_table_in_force_at_the_facts_own_time_decides() {
        assertThat(amendment("2024-02-29T23:59:59Z", "CHF")).as("one second before CHF is in the table").isFalse();
        assertThat(amendment("2024-03-01T00:00:00Z", "CHF")).isTrue();
        assertThat(accepted(CrmTopics.DEAL_CLOSED, "DealClosed", "2022-03-01T00:00:00Z",
                "{\"dealId\":\"D1\",\"partnerId\":\"P1\",\"customer\":{\"domain\":\"a.ch\",\"country\":\"CH\"},"
                        + "\"mrr\":{\"amount\":\"10\",\"currency\":\"CHF\"}}")).isFalse();
        assertThat(accepted(CrmTopics.ACCOUNT_MANAGED, "AccountManaged", "2025-01-01T00:00:00Z",
                "{\"accountId\":\"A1\",\"partnerId\":\"P1\",\"customer\":{\"domain\":\"a.ch\",\"country\":\"CH\"},"
                        + "\"mrr\":{\"amount\":\"10\",\"currency\":\"CHF\"}}")).isTrue();
    }

    @Test
    void T2_an_iso_currency_missing_from_every_table_is_refused_on_every_money_fact() {
        assertThat(amendment("2030-01-01T00:00:00Z", "NZD")).isFalse();
        assertThat(accepted(CrmTopics.DEAL_CLOSED, "DealClosed", "2030-01-01T00:00:00Z",
                "{\"dealId\":\"D1\",\"partnerId\":\"P1\",\"customer\":{\"domain\":\"a.nz\",\"country\":\"NZ\"},"
                        + "\"mrr\":{\"amount\":\"10\",\"currency\":\"NZD\"}}")).isFalse();
        assertThat(accepted(CrmTopics.ACCOUNT_MANAGED, "AccountManaged", "2030-01-01T00:00:00Z",
                "{\"accountId\":\"A1\",\"partnerId\":\"P1\",\"customer\":{\"domain\":\"a.nz\",\"country\":\"NZ\"},"
                        + "\"mrr\":{\"amount\":\"10\",\"currency\":\"NZD\"}}")).isFalse();
    }

    @Test
    void facts_without_money_have_no_program_rule() {
        assertThat(accepted(CrmTopics.DEAL_CLOSED, "DealChurned", "2022-01-01T00:00:00Z",
                "{\"dealId\":\"D-never-closed\",\"partnerId\":\"P1\"}")).isTrue();
        assertThat(accepted(CrmTopics.ACCOUNT_MANAGED, "AccountReleased", "2022-01-01T00:00:00Z",
                "{\"accountId\":\"A1\",\"partnerId\":\"P1\"}")).isTrue();
        assertThat(accepted(CrmTopics.PARTNERS, "PartnerEnrolled", "2022-01-01T00:00:00Z",
                "{\"partnerId\":\"P1\",\"name\":\"Acme\",\"kind\":\"PROVIDER\",\"country\":\"JP\",\"tier\":\"GOLD\"}")).isTrue();
    }

    @Test
    void checked_runs_the_handler_only_for_accepted_facts() {
        var event = codec.readInbound(CrmTopics.DEAL_CLOSED, """
                {"specversion":"1.0","id":"x","source":"crm","type":"DealAmended","time":"2022-01-01T00:00:00Z",
                 "data":{"dealId":"D1","partnerId":"P1","mrr":{"amount":"1","currency":"NZD"}}}""".getBytes(StandardCharsets.UTF_8));
        boolean[] ran = {false};
        assertThatThrownBy(() -> rules.checked((envelope, data) -> ran[0] = true).accept(event.envelope(), event.data()))
                .isInstanceOf(InvalidEventException.class);
        assertThat(ran[0]).isFalse();
    }
}
