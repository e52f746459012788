package dev.prm.platform.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class AggregateVersionCheckTest {

    static class Counter {
        @AggregateIdentifier
        String id = "C1";

        Counter() {
        }

        Counter(String id) {
            this.id = id;
        }

        int seen;

        @EventSourcingHandler
        void on(String event) {
            seen++;
        }
    }

    /** Axon's in-memory engine, telling which streams were read. */
    static class ReadCountingEngine extends InMemoryEventStorageEngine {
        final List<String> read = new ArrayList<>();

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            read.add(aggregateIdentifier);
            return super.readEvents(aggregateIdentifier, firstSequenceNumber);
        }
    }

    @Test
    void an_aggregate_the_transaction_read_ahead_as_unstored_is_created_without_reading_its_stream_once() {
        ReadCountingEngine engine = new ReadCountingEngine();
        engine.appendEvents(List.<DomainEventMessage<?>>of(new GenericDomainEventMessage<>("Counter", "OLD", 0, "created")));
        EventSourcingRepository<Counter> repository = EventSourcingRepository.builder(Counter.class)
                .eventStore(EmbeddedEventStore.builder().storageEngine(engine).build()).build();
        AggregateVersionCheck check = new AggregateVersionCheck(new AggregateVersionCheck.StoredVersions() {
            @Override
            public long latest(String aggregateId) {
                throw new AssertionError("asked one by one");
            }

            @Override
            public Map<String, Long> latest(Collection<String> aggregateIds) {
                return Map.of("NEW", -1L, "OLD", 0L);
            }
        }, entry -> (Long) entry);

        TransactionSynchronizationManager.initSynchronization(); // what an ingestion transaction has
        try {
            DefaultUnitOfWork.startAndGet(null).execute(() -> {
                check.prefetch(List.of("NEW", "OLD"));
                try {
                    Aggregate<Counter> created = check.loadOrCreate(repository, "NEW", () -> new Counter("NEW"));
                    Aggregate<Counter> again = check.loadOrCreate(repository, "NEW", () -> new Counter("NEW"));
                    Aggregate<Counter> stored = check.loadOrCreate(repository, "OLD", () -> new Counter("OLD"));

                    assertThat(again).as("the unit of work's, not a second creation").isSameAs(created);
                    assertThat(stored.version()).as("read from its stream").isEqualTo(0L);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
        assertThat(engine.read).containsExactly("OLD");
    }

    @Test
    void reads_the_sequence_number_an_axon_cache_entry_was_built_from() {
        EventSourcedAggregate<Counter> aggregate = EventSourcedAggregate.reconstruct(new Counter(),
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Counter.class), 41, false, SimpleEventBus.builder().build(),
                NoSnapshotTriggerDefinition.TRIGGER);

        assertThat(AggregateVersionCheck.versionOf(new AggregateCacheEntry<>(aggregate))).isEqualTo(41);
    }

    @Test
    void an_entry_overtaken_by_another_writer_catches_up_with_the_events_it_missed_instead_of_its_whole_stream() {
        ReadCountingEngine engine = new ReadCountingEngine();
        engine.appendEvents(event(0), event(1));
        EventSourcedAggregate<Counter> aggregate = EventSourcedAggregate.initialize(new Counter(),
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Counter.class), SimpleEventBus.builder().build(),
                NoSnapshotTriggerDefinition.TRIGGER);
        aggregate.initializeState(engine.readEvents("C1", 0));
        AggregateCacheEntry<Counter> entry = new AggregateCacheEntry<>(aggregate);
        engine.appendEvents(event(2), event(3)); // another writer
        engine.read.clear();
        List<Long> readFrom = new ArrayList<>();
        AggregateVersionCheck check = new AggregateVersionCheck(id -> 3L, AggregateVersionCheck::versionOf, (id, version) -> {
            readFrom.add(version + 1);
            return engine.readEvents(id, version + 1);
        });

        Object current = check.current("C1", entry);

        assertThat(current).isInstanceOf(AggregateCacheEntry.class).isNotSameAs(entry);
        assertThat(AggregateVersionCheck.versionOf(current)).isEqualTo(3);
        assertThat(aggregate.getAggregateRoot().seen).as("every event applied once").isEqualTo(4);
        assertThat(readFrom).as("only what it missed was read").containsExactly(2L);
    }

    @Test
    void an_entry_that_cannot_catch_up_is_dropped_for_a_whole_read() {
        ReadCountingEngine engine = new ReadCountingEngine();
        engine.appendEvents(event(0));
        EventSourcedAggregate<Counter> aggregate = EventSourcedAggregate.initialize(new Counter(),
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Counter.class), SimpleEventBus.builder().build(),
                NoSnapshotTriggerDefinition.TRIGGER);
        aggregate.initializeState(engine.readEvents("C1", 0));
        AggregateCacheEntry<Counter> entry = new AggregateCacheEntry<>(aggregate);

        AggregateVersionCheck withoutReader = new AggregateVersionCheck(id -> 1L, AggregateVersionCheck::versionOf);
        assertThat(withoutReader.current("C1", entry)).as("no reader of missed events").isNull();
        AggregateVersionCheck nothingToRead = new AggregateVersionCheck(id -> 1L, AggregateVersionCheck::versionOf,
                (id, version) -> engine.readEvents(id, version + 1));
        assertThat(nothingToRead.current("C1", entry)).as("the store said later, the read found none").isNull();
        AggregateVersionCheck behind = new AggregateVersionCheck(id -> -1L, AggregateVersionCheck::versionOf,
                (id, version) -> engine.readEvents(id, version + 1));
        assertThat(behind.current("C1", entry)).as("the store holds less than the entry (its write rolled back)").isNull();
        assertThat(aggregate.getAggregateRoot().seen).isEqualTo(1);
    }

    private static DomainEventMessage<?> event(long sequence) {
        return new GenericDomainEventMessage<>("Counter", "C1", sequence, "happened " + sequence);
    }

    @Test
    void an_entry_is_current_only_while_the_store_holds_no_later_event() {
        long[] stored = {7};
        AggregateVersionCheck check = new AggregateVersionCheck(id -> stored[0], entry -> (Long) entry);

        assertThat(check.isCurrent("C1", 7L)).isTrue();
        stored[0] = 8;
        assertThat(check.isCurrent("C1", 7L)).as("outside a transaction, asked every time").isFalse();
    }
}
