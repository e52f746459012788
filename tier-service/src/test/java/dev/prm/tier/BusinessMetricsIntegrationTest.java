package dev.prm.tier;

import static dev.prm.testsupport.CrmEvents.newId;
import static dev.prm.testsupport.CrmEvents.partnerEnrolled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.prm.contracts.crm.CrmTopics;
import dev.prm.platform.metrics.BusinessGauges;
import dev.prm.testsupport.HttpJson;

/**
 * The metrics the dashboards read, on the running service fed through Kafka: a migrated partner's enrolment
 * tier is counted as a tier change and a published TierChanged, and shows in partners per tier; the REST
 * latency histogram and the dead-letter counters from 0 are on /actuator/prometheus.
 * (Other test classes share this service, so figures are compared with what they were before.)
 */
class BusinessMetricsIntegrationTest extends TierServiceIntegrationTest {

    private static final String ENROLMENT_TO_ELITE =
            "prm_tier_changes_total{from=\"SOLUTIONS_PARTNER\",reason=\"ENROLMENT\",service=\"tier-service\",to=\"ELITE\"}";
    private static final String TIER_CHANGED_PUBLISHED =
            "prm_events_published_total{service=\"tier-service\",topic=\"tier-events\",type=\"TierChanged\"}";
    private static final String ELITE_PARTNERS = "prm_partners{service=\"tier-service\",tier=\"ELITE\"}";

    @Autowired
    BusinessGauges gauges;

    @Test
    void a_migrated_elite_partner_is_counted_as_a_change_a_published_event_and_in_partners_per_tier() {
        gauges.refresh();
        String before = scrape();
        double changes = value(before, ENROLMENT_TO_ELITE);
        double published = value(before, TIER_CHANGED_PUBLISHED);
        double elite = value(before, ELITE_PARTNERS);
        assertThat(published).as("TierChanged counted from 0, before any is published").isNotNaN();
        assertThat(elite).as("every tier is present").isNotNaN();

        String partner = "elite-" + newId();
        kafka.send(CrmTopics.PARTNERS, partner, partnerEnrolled(newId(), partner, "Elite Co", "SOLUTIONS_PARTNER", "JP", "ELITE",
                Instant.parse("2022-01-03T00:00:00Z")));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            gauges.refresh();
            String after = scrape();
            assertThat(value(after, ENROLMENT_TO_ELITE)).isEqualTo(nanAsZero(changes) + 1);
            assertThat(value(after, TIER_CHANGED_PUBLISHED)).isEqualTo(published + 1);
            assertThat(value(after, ELITE_PARTNERS)).isEqualTo(elite + 1);
        });
    }

    @Test
    void rest_latency_is_a_histogram_and_dead_letters_are_counted_from_zero() {
        get("/api/partners/nobody-" + newId() + "/tier");
        String metrics = scrape();
        assertThat(metrics).containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/partners/\\{partnerId\\}/tier\"");
        assertThat(value(metrics, "prm_events_dead_lettered_total{reason=\"UNKNOWN_COUNTRY\",service=\"tier-service\",topic=\"account-managed\"}"))
                .as("a dead-letter counter exists before any dead letter").isNotNaN();
        assertThat(metrics).contains("prm_business_metrics_refresh_seconds_count{service=\"tier-service\"}");
        for (String tier : new String[] {"SOLUTIONS_PARTNER", "GOLD", "PLATINUM", "DIAMOND", "ELITE"}) {
            assertThat(metrics).contains("prm_partners{service=\"tier-service\",tier=\"" + tier + "\"}");
        }
    }

    private String scrape() {
        return HttpJson.getText("http://localhost:" + managementPort + "/actuator/prometheus");
    }

    /** The sample of one series in the Prometheus text format, NaN when the series is not there. */
    static double value(String exposition, String series) {
        Matcher sample = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        return sample.find() ? Double.parseDouble(sample.group(1)) : Double.NaN;
    }

    private static double nanAsZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
