package dev.prm.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class BusinessGaugesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BusinessGauges gauges = new BusinessGauges(registry, Duration.ofMillis(50));
    private final AtomicReference<Map<Tags, Long>> rows = new AtomicReference<>(Map.of());

    @Test
    void rows_are_read_at_each_refresh_and_rows_that_disappear_are_removed() {
        gauges.register("prm.test.partners", "test", rows::get);
        rows.set(Map.of(Tags.of("tier", "GOLD"), 3L, Tags.of("tier", "ELITE"), 1L));
        assertThat(registry.find("prm.test.partners").gauges()).as("nothing read before the first refresh").isEmpty();

        gauges.refresh();
        assertThat(value("GOLD")).isEqualTo(3.0);
        assertThat(value("ELITE")).isEqualTo(1.0);

        rows.set(Map.of(Tags.of("tier", "GOLD"), 5L));
        gauges.refresh();
        assertThat(value("GOLD")).isEqualTo(5.0);
        assertThat(registry.find("prm.test.partners").tag("tier", "ELITE").gauge()).isNull();
    }

    @Test
    void a_failed_read_keeps_the_last_values_counts_the_failure_and_does_not_stop_the_other_gauges() {
        gauges.register("prm.test.partners", "test", rows::get);
        gauges.register("prm.test.other", "test", () -> Map.of(Tags.empty(), 7));
        rows.set(Map.of(Tags.of("tier", "GOLD"), 3L));
        gauges.refresh();

        gauges.register("prm.test.broken", "test", () -> {
            throw new IllegalStateException("database down");
        });
        rows.set(Map.of(Tags.of("tier", "GOLD"), 4L));
        gauges.refresh();

        assertThat(value("GOLD")).isEqualTo(4.0);
        assertThat(registry.get("prm.test.other").gauge().value()).isEqualTo(7.0);
        assertThat(registry.get("prm.business.metrics.refresh.failures").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("prm.business.metrics.refresh").timer().count()).isEqualTo(2);
    }

    /** A scrape during a refresh saw a row twice (removed and registered again) and failed whole: HTTP 500 to Prometheus. */
    @Test
    void a_scrape_during_refreshes_never_sees_a_row_twice() throws InterruptedException {
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry prometheus =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        BusinessGauges scraped = new BusinessGauges(prometheus, Duration.ofSeconds(1));
        scraped.register("prm.test.active", "test", () -> Map.of(Tags.empty(), System.nanoTime() % 1000));
        scraped.register("prm.test.partners", "test", () -> Map.of(Tags.of("tier", "GOLD"), 3L, Tags.of("tier", "ELITE"), 1L));
        scraped.refresh();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread scraper = Thread.ofPlatform().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    prometheus.scrape();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        });
        for (int i = 0; i < 20_000 && failures.isEmpty(); i++) {
            scraped.refresh();
        }
        scraper.interrupt();
        scraper.join();
        assertThat(failures).isEmpty();
        assertThat(prometheus.scrape()).contains("prm_test_partners{tier=\"GOLD\"} 3.0");
        java.lang.ref.Reference.reachabilityFence(scraped); // its values are held weakly by the meters
    }

    @Test
    void the_lifecycle_refreshes_in_the_background_until_stopped() throws InterruptedException {
        List<Long> reads = new ArrayList<>();
        gauges.register("prm.test.reads", "test", () -> {
            synchronized (reads) {
                reads.add(System.nanoTime());
            }
            return Map.of(Tags.empty(), 1);
        });
        gauges.start();
        assertThat(gauges.isRunning()).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sizeOf(reads) < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        gauges.stop();
        assertThat(gauges.isRunning()).isFalse();
        assertThat(sizeOf(reads)).as("refreshed every 50 ms").isGreaterThanOrEqualTo(3);
        int stoppedAt = sizeOf(reads);
        Thread.sleep(300);
        assertThat(sizeOf(reads)).as("no refresh after stop").isEqualTo(stoppedAt);
        assertThat(registry.get("prm.test.reads").gauge().value()).isEqualTo(1.0);
    }

    private double value(String tier) {
        Gauge gauge = registry.get("prm.test.partners").tag("tier", tier).gauge();
        return gauge.value();
    }

    private static int sizeOf(List<Long> reads) {
        synchronized (reads) {
            return reads.size();
        }
    }
}
