package dev.prm.platform.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.prm.platform.clock.PeriodicTask;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Gauges of the program's state (partners per tier, partners over cap, holds, commission amounts) read from a
 * service's read models in the background every {@code prm.metrics.business-refresh-interval}, never per
 * scrape: a scrape never waits on the database, and an expensive aggregate runs once per interval whatever
 * the number of scrapers. Each gauge is a set of rows (tags → value); rows that disappear are removed.
 * A failed read keeps the last values and counts {@code prm_business_metrics_refresh_failures_total}.
 * <p>
 * Every instance of a service exports the same values (they read the same database): aggregate with
 * {@code max}, not {@code sum}.
 */
public class BusinessGauges extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(BusinessGauges.class);

    private final MeterRegistry registry;
    private final List<Registered> gauges = new CopyOnWriteArrayList<>();
    private final Timer refreshTime;
    private final Counter failures;

    public BusinessGauges(MeterRegistry registry, Duration interval) {
        super("business-gauges", Duration.ZERO, interval);
        this.registry = registry;
        this.refreshTime = Timer.builder("prm.business.metrics.refresh")
                .description("Time to read every business gauge from the read models")
                .register(registry);
        this.failures = Counter.builder("prm.business.metrics.refresh.failures")
                .description("Business gauge reads that failed (the gauge keeps its last values)")
                .register(registry);
    }

    /**
     * Registers a gauge whose rows {@code rows} reads; it is read at the next refresh. No base unit: Prometheus'
     * naming would append it to the name ({@code prm.partners.over.cap} in partners would be exposed as
     * {@code prm_partners_over_cap_partners}); the dashboards and alerts use the names as given.
     *
     * @param rows tags of each row and its value; called on the refresher's thread
     */
    public void register(String name, String description, Supplier<Map<Tags, ? extends Number>> rows) {
        MultiGauge gauge = MultiGauge.builder(name).description(description).register(registry);
        gauges.add(new Registered(name, gauge, rows, new ConcurrentHashMap<>()));
    }

    /** Reads every gauge now (the background refresher calls this; so may a test). */
    public void refresh() {
        refreshTime.record(() -> {
            for (Registered gauge : gauges) {
                try {
                    Map<Tags, ? extends Number> now = gauge.rows().get();
                    List<MultiGauge.Row<?>> rows = new ArrayList<>();
                    now.forEach((tags, value) -> {
                        AtomicLong bits = gauge.values().computeIfAbsent(tags, t -> new AtomicLong());
                        bits.set(Double.doubleToRawLongBits(value.doubleValue()));
                        rows.add(MultiGauge.Row.of(tags, bits, held -> Double.longBitsToDouble(held.get())));
                    });
                    gauge.values().keySet().retainAll(now.keySet());
                    // rows seen before keep their meter and read the new value: re-registering them (overwrite) let a
                    // scrape in between see a row twice and fail whole
                    gauge.gauge().register(rows, false);
                } catch (RuntimeException e) {
                    failures.increment();
                    log.warn("Business gauge {} not refreshed: {}", gauge.name(), e.toString());
                }
            }
        });
    }

    @Override
    protected void runOnce() {
        refresh();
    }

    @Override
    protected void failed(RuntimeException failure) {
        log.warn("Business gauges not refreshed: {}", failure.toString());
    }

    /** {@code values}: each row's last value, as the bits of a double, read by its meter. */
    private record Registered(String name, MultiGauge gauge, Supplier<Map<Tags, ? extends Number>> rows,
                              Map<Tags, AtomicLong> values) {
    }
}
