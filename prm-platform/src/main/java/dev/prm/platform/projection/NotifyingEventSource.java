package dev.prm.platform.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.context.SmartLifecycle;

import dev.prm.platform.tx.AfterCommit;

/**
 * The event store as the pooled processors' source ({@code axon.eventhandling.processors.<name>.source:
 * notifyingEventSource}), telling their coordinators when there is something to read. Axon's embedded store cannot:
 * a coordinator that found its stream empty looked again only after 500 ms, at the head of the stream (every
 * projection and publication trailed by up to half a second) and, in a backlog, each time a processor fell behind
 * the store's cache and switched to reading the table. Coordinators are woken when this service's appends commit,
 * and every {@link #POKE_INTERVAL} for what another instance appended.
 */
public final class NotifyingEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, SmartLifecycle {

    static final Duration POKE_INTERVAL = Duration.ofMillis(250);
    /** The embedded store reads committed events into its cache on a thread of its own: a coordinator is woken again after it. */
    static final Duration FOLLOW_UP = Duration.ofMillis(20);

    private final EventStore store;
    private final Set<Runnable> coordinators = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean followUpPending = new AtomicBoolean();
    private ScheduledExecutorService scheduler;

    public NotifyingEventSource(EventStore store) {
        this.store = store;
        store.subscribe(appended -> AfterCommit.run(this::appended));
    }

    /** Wakes every coordinator waiting for events. */
    public void wake() {
        coordinators.forEach(Runnable::run);
    }

    private void appended() {
        wake();
        ScheduledExecutorService running = scheduler;
        if (running != null && followUpPending.compareAndSet(false, true)) {
            running.schedule(() -> {
                followUpPending.set(false);
                wake();
            }, FOLLOW_UP.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Wakes the coordinators every {@link #POKE_INTERVAL} too: events another instance appended are seen that soon. */
    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("event-source-waker").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::wake, POKE_INTERVAL.toMillis(), POKE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new Stream(store.openStream(trackingToken));
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }

    private final class Stream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> events;
        private volatile Runnable callback;

        Stream(BlockingStream<TrackedEventMessage<?>> events) {
            this.events = events;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return events.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return events.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return events.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            events.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable onAvailable) {
            Runnable previous = callback;
            if (previous != null) {
                coordinators.remove(previous);
            }
            callback = onAvailable;
            coordinators.add(onAvailable);
            return true;
        }

        @Override
        public void close() {
            Runnable registered = callback;
            if (registered != null) {
                coordinators.remove(registered);
            }
            events.close();
        }
    }
}
