package dev.prm.platform.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class NotifyingEventSourceTest {

    private final EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final NotifyingEventSource source = new NotifyingEventSource(store);

    @BeforeEach
    void start() {
        source.waker().start();
    }

    @AfterEach
    void shutDown() {
        source.waker().stop();
        store.shutDown();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void a_coordinator_waiting_on_its_stream_is_woken_when_events_are_appended_and_reads_them() throws Exception {
        AtomicInteger woken = new AtomicInteger();
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
            assertThat(stream.setOnAvailableCallback(woken::incrementAndGet)).as("the coordinator need not poll every 500 ms").isTrue();
            assertThat(stream.hasNextAvailable()).isFalse();

            store.publish(GenericEventMessage.asEventMessage("deal closed"));

            assertThat(woken).hasValue(1);
            // the store caches it on its producer's thread; the source's follow-up wake comes after that
            await().atMost(Duration.ofSeconds(2)).until(() -> woken.get() == 2);
            assertThat(stream.hasNextAvailable()).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("deal closed");
        }
        int beforeClose = woken.get();
        store.publish(GenericEventMessage.asEventMessage("after close"));
        Thread.sleep(NotifyingEventSource.FOLLOW_UP.toMillis() * 3);
        assertThat(woken).as("a closed stream's coordinator is forgotten").hasValue(beforeClose);
    }

    @Test
    void appends_in_a_transaction_wake_the_coordinators_only_once_it_has_committed() {
        AtomicInteger woken = new AtomicInteger();
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
            stream.setOnAvailableCallback(woken::incrementAndGet);
            TransactionSynchronizationManager.initSynchronization();

            store.publish(GenericEventMessage.asEventMessage("in a transaction"));
            assertThat(woken).as("not visible to other connections yet").hasValue(0);

            TransactionSynchronizationManager.getSynchronizations().forEach(sync -> sync.afterCommit());
            assertThat(woken).hasPositiveValue();
        }
    }

    @Test
    void the_poker_wakes_every_coordinator_for_what_other_instances_appended() throws Exception {
        AtomicInteger woken = new AtomicInteger();
        try (BlockingStream<TrackedEventMessage<?>> first = source.openStream(null);
             BlockingStream<TrackedEventMessage<?>> second = source.openStream(null)) {
            first.setOnAvailableCallback(woken::incrementAndGet);
            second.setOnAvailableCallback(woken::incrementAndGet);
            Thread.sleep(NotifyingEventSource.POKE_INTERVAL.toMillis() * 3);
        }
        assertThat(woken.get()).isGreaterThanOrEqualTo(4);
    }
}
