package dev.prm.platform.aggregate;

/**
 * Tells the caches of aggregates when the heap is short, so that they give entries back: a history bigger than the
 * heap then slows ingestion down (more loads from the event store) instead of stopping it in back-to-back full
 * collections.
 */
@FunctionalInterface
public interface HeapPressure {

    /** Runs {@code action} each time the heap is found short, on a thread of the JVM's: it must be quick and thread-safe. */
    void whenShort(Runnable action);
}
