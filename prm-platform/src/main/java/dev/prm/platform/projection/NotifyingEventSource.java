package dev.prm.platform.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;

import dev.prm.platform.clock.PeriodicTask;
import dev.prm.platform.tx.AfterCommit;

/**
 * The event store as the pooled processors' source ({@code axon.eventhandling.processors.<name>.source:
 * notifyingEventSource}), telling their coordinators when there is something to read. Axon's embedded store cannot:
 * a coordinator that found its stream empty looked again only after 500 ms, at the head of the stream (every
 * projection and publication trailed by up to half a second) and, in a backlog, each time a processor fell behind
 * the store's cache and switched to reading the table. Coordinators are woken when this service's appends commit,
 * and every {@link #POKE_INTERVAL} for what another instance appended.
 */
public final class NotifyingEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    static final Duration POKE_INTERVAL = Duration.ofMillis(250);
    /** The embedded store reads committed events into its cache on a thread of its own: a coordinator is woken again after it. */
    static final Duration FOLLOW_UP = Duration.ofMillis(20);

    private final EventStore store;
    private final Set<Runnable> coordinators = ConcurrentHashMap.newKeySet();
    private final Waker waker = new Waker();

    public NotifyingEventSource(EventStore store) {
        this.store = store;
        store.subscribe(appended -> AfterCommit.run(this::appended));
    }

    /** Wakes every coordinator waiting for events. */
    public void wake() {
        coordinators.forEach(Runnable::run);
    }

    /** The thread that wakes the coordinators every {@link #POKE_INTERVAL} and after appends; a bean, so it starts and stops with the application. */
    public PeriodicTask waker() {
        return waker;
    }

    private void appended() {
        wake();
        waker.followUp();
    }

    private final class Waker extends PeriodicTask {

        private final AtomicBoolean followUpPending = new AtomicBoolean();

        Waker() {
            super("event-source-waker", POKE_INTERVAL, POKE_INTERVAL);
        }

        /** Once more after {@link #FOLLOW_UP}, for appends made meanwhile too. */
        void followUp() {
            if (followUpPending.compareAndSet(false, true) && !later(FOLLOW_UP, () -> {
                followUpPending.set(false);
                wake();
            })) {
                followUpPending.set(false);
            }
        }

        @Override
        protected void runOnce() {
            wake(); // events another instance appended are seen this soon
        }

        @Override
        protected void failed(RuntimeException failure) {
            // a coordinator's callback only schedules its task; nothing to report
        }
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
