package dev.prm.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The benchmark's pure arithmetic: pacing, percentiles, consumer lag, probe polling, request spread. */
class BenchArithmeticTest {

    private static final TopicPartition P0 = new TopicPartition("deal-closed", 0);
    private static final TopicPartition P1 = new TopicPartition("deal-closed", 1);
    private static final TopicPartition P2 = new TopicPartition("partners", 0);

    @Test
    void sendsAreDueAtExactIntervalsFromTheStart() {
        Pacer pacer = new Pacer(1_000, 1_000);

        assertThat(pacer.dueNanos(0)).isEqualTo(1_000);
        assertThat(pacer.dueNanos(1)).isEqualTo(1_001_000);
        assertThat(pacer.dueNanos(1_000)).isEqualTo(1_000_001_000L);
    }

    @Test
    void fractionalIntervalsDoNotDrift() {
        Pacer pacer = new Pacer(0, 3);

        assertThat(pacer.dueNanos(1)).isEqualTo(333_333_333L);
        assertThat(pacer.dueNanos(3)).isEqualTo(1_000_000_000L);
        assertThat(pacer.dueNanos(3_000_000)).isEqualTo(1_000_000_000_000_000L);
    }

    @Test
    void countsWhatIsDueByAnInstant() {
        Pacer pacer = new Pacer(10, 1_000);

        assertThat(pacer.dueBy(9)).isZero();
        assertThat(pacer.dueBy(10)).isEqualTo(1);
        assertThat(pacer.dueBy(10 + 999_999)).isEqualTo(1);
        assertThat(pacer.dueBy(10 + 1_000_000)).isEqualTo(2);
        assertThat(pacer.dueBy(10 + 1_000_000_000L)).isEqualTo(1_001);
    }

    @Test
    void aPhaseHoldsRateTimesLengthSends() {
        assertThat(new Pacer(0, 1_000).sendsIn(Duration.ofSeconds(60))).isEqualTo(60_000);
        assertThat(new Pacer(0, 20).sendsIn(Duration.ofMillis(1_025))).isEqualTo(21);
        assertThat(new Pacer(0, 0.5).sendsIn(Duration.ofSeconds(3))).isEqualTo(2);
    }

    @Test
    void aLateSendIsDueAtOnce() {
        Pacer pacer = new Pacer(System.nanoTime() - 1_000_000_000L, 10);

        long before = System.nanoTime();
        long due = pacer.awaitDue(3);

        assertThat(due).isLessThan(before);
        assertThat(System.nanoTime() - before).isLessThan(50_000_000L);
    }

    @Test
    void percentilesOfAUniformSpread() {
        Latencies latencies = new Latencies();
        for (int ms = 1; ms <= 1_000; ms++) {
            latencies.recordNanos(ms * 1_000_000L);
        }

        Latencies.Summary summary = latencies.summary();

        assertThat(summary.count()).isEqualTo(1_000);
        assertThat((double) summary.p50()).isCloseTo(500_000, within(500.0));
        assertThat((double) summary.p99()).isCloseTo(990_000, within(1_000.0));
        assertThat((double) summary.p999()).isCloseTo(999_000, within(1_000.0));
        assertThat((double) summary.max()).isCloseTo(1_000_000, within(1_000.0));
    }

    @Test
    void percentilesSeeTheTail() {
        Latencies latencies = new Latencies();
        for (int i = 0; i < 98; i++) {
            latencies.recordNanos(2_000_000);
        }
        latencies.recordNanos(2_000_000_000L);
        latencies.recordNanos(3_000_000_000L);

        Latencies.Summary summary = latencies.summary();

        assertThat((double) summary.p50()).isCloseTo(2_000, within(2.0));
        assertThat((double) summary.p99()).isCloseTo(2_000_000, within(2_000.0));
        assertThat((double) summary.max()).isCloseTo(3_000_000, within(3_000.0));
        assertThat(summary.text()).isEqualTo("p50 2.00 ms · p99 2.00 s · max 3.00 s");
    }

    @Test
    void noSamplesSaySo() {
        assertThat(new Latencies().summary().text()).isEqualTo("no samples");
    }

    @Test
    void valuesBeyondAnHourAreClampedNotLost() {
        Latencies latencies = new Latencies();
        latencies.recordNanos(Duration.ofHours(5).toNanos());
        latencies.recordNanos(0);

        assertThat(latencies.summary().count()).isEqualTo(2);
        assertThat((double) latencies.summary().max()).isCloseTo(3_600_000_000.0, within(3_600_000.0));
    }

    @Test
    void millisecondsWithThreeSignificantFigures() {
        assertThat(Latencies.millis(840)).isEqualTo("0.84 ms");
        assertThat(Latencies.millis(12_345)).isEqualTo("12.3 ms");
        assertThat(Latencies.millis(456_000)).isEqualTo("456 ms");
        assertThat(Latencies.millis(1_234_000)).isEqualTo("1.23 s");
        assertThat(Latencies.millis(61_200_000)).isEqualTo("61.2 s");
    }

    @Test
    void lagIsEndMinusCommittedPerPartition() {
        long lag = ConsumerLag.lag(Map.of(P0, 100L, P1, 50L), Map.of(P0, 90L, P1, 50L), Map.of());

        assertThat(lag).isEqualTo(10);
    }

    @Test
    void aPartitionNeverCommittedLagsFromItsFirstOffset() {
        long lag = ConsumerLag.lag(Map.of(P0, 100L, P2, 30L), Map.of(P0, 100L), Map.of(P0, 0L, P2, 10L));

        assertThat(lag).isEqualTo(20);
    }

    @Test
    void anEmptyNeverCommittedPartitionDoesNotLag() {
        assertThat(ConsumerLag.lag(Map.of(P2, 0L), Map.of(), Map.of())).isZero();
        assertThat(ConsumerLag.lag(Map.of(P2, 7L), Map.of(), Map.of(P2, 7L))).isZero();
    }

    @Test
    void aCommittedOffsetAheadOfTheEndNeverCountsNegative() {
        assertThat(ConsumerLag.lag(Map.of(P0, 10L, P1, 20L), Map.of(P0, 12L, P1, 15L), Map.of())).isEqualTo(5);
    }

    @Test
    void probesArePolledEvery5msAtFirstThenByATenthOfTheirAge() {
        assertThat(LatencyProbes.pollIntervalNanos(0)).isEqualTo(5_000_000);
        assertThat(LatencyProbes.pollIntervalNanos(40_000_000)).isEqualTo(5_000_000);
        assertThat(LatencyProbes.pollIntervalNanos(200_000_000)).isEqualTo(20_000_000);
        assertThat(LatencyProbes.pollIntervalNanos(60_000_000_000L)).isEqualTo(1_000_000_000);
    }

    @Test
    void requestsVisitEveryRouteOfEveryPartner() {
        Set<String> pairs = new HashSet<>();
        for (long i = 0; i < 6 * 200; i++) {
            int[] picked = RestLoad.pick(i, 6, 200);
            pairs.add(picked[0] + "/" + picked[1]);
        }

        assertThat(pairs).hasSize(1_200);
        assertThat(RestLoad.pick(0, 6, 200)).containsExactly(0, 0);
        assertThat(RestLoad.pick(7, 6, 200)).containsExactly(1, 1);
    }

    @Test
    void routesAreNamedByTheirLastSegment() {
        assertThat(RestLoad.routes(java.time.YearMonth.of(2026, 10)).stream().map(RestLoad::name))
                .containsExactly("tier", "points", "registrations", "registration-cap", "commission-hold", "commissions");
        assertThat(RestLoad.routes(java.time.YearMonth.of(2026, 10)).get(5).formatted("P-1"))
                .isEqualTo("/api/partners/P-1/commissions?month=2026-10");
    }

    @Test
    void a_services_event_store_is_read_in_its_own_database_on_the_same_server_and_settings() {
        assertThat(Database.url("jdbc:postgresql://localhost:15432/postgres?sslmode=disable", "prm_tier"))
                .isEqualTo("jdbc:postgresql://localhost:15432/prm_tier?sslmode=disable");
        assertThat(Database.url("jdbc:postgresql://127.0.0.1:5432/postgres", "prm_commission"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/prm_commission");
    }
}
