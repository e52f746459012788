package dev.prm.platform.aggregate;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heap is short when a collection leaves a long-lived pool (the old generation) fuller than a share of its
 * maximum: what survives a collection is what the application holds, unlike the usage in between, which only says
 * when the collector will run. Told by the JVM's collection-usage threshold notifications, one per collection found
 * over the threshold, on its notification thread.
 */
public final class CollectorHeapPressure implements HeapPressure, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CollectorHeapPressure.class);

    private final List<Runnable> actions = new CopyOnWriteArrayList<>();
    private final NotificationEmitter emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
    private final NotificationListener listener = this::onNotification;
    private final List<MemoryPoolMXBean> watched;

    /** @param shareOfMax the share of each long-lived pool's maximum that may stay used after a collection (0 to 1] */
    public CollectorHeapPressure(double shareOfMax) {
        if (!(shareOfMax > 0 && shareOfMax <= 1)) {
            throw new IllegalArgumentException("share of the heap must be in (0, 1]: " + shareOfMax);
        }
        // eden and survivor spaces support no usage threshold: they are emptied by every young collection
        watched = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isUsageThresholdSupported()
                        && pool.isCollectionUsageThresholdSupported() && pool.getUsage().getMax() > 0)
                .toList();
        for (MemoryPoolMXBean pool : watched) {
            pool.setCollectionUsageThreshold(Math.max(1, (long) (pool.getUsage().getMax() * shareOfMax)));
        }
        emitter.addNotificationListener(listener, null, null);
        log.info("Caches give entries back when a collection leaves {} more than {}% full", watched.stream()
                .map(MemoryPoolMXBean::getName).toList(), Math.round(shareOfMax * 100));
    }

    @Override
    public void whenShort(Runnable action) {
        actions.add(action);
    }

    /** The pools watched: none when the collector has no long-lived pool with a maximum (then never short). */
    public List<String> watchedPools() {
        return watched.stream().map(MemoryPoolMXBean::getName).toList();
    }

    private void onNotification(Notification notification, Object handback) {
        if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
            for (Runnable action : actions) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    log.warn("A cache failed to give entries back", e);
                }
            }
        }
    }

    /** Stops counting and takes the thresholds back (zero: none). */
    @Override
    public void close() {
        watched.forEach(pool -> pool.setCollectionUsageThreshold(0));
        try {
            emitter.removeNotificationListener(listener);
        } catch (ListenerNotFoundException alreadyGone) {
            // nothing to undo
        }
    }
}
