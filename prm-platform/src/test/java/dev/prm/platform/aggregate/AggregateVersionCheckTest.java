package dev.prm.platform.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;

class AggregateVersionCheckTest {

    static class Counter {
        @AggregateIdentifier
        String id = "C1";
    }

    @Test
    void reads_the_sequence_number_an_axon_cache_entry_was_built_from() {
        EventSourcedAggregate<Counter> aggregate = EventSourcedAggregate.reconstruct(new Counter(),
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Counter.class), 41, false, SimpleEventBus.builder().build(),
                NoSnapshotTriggerDefinition.TRIGGER);

        assertThat(AggregateVersionCheck.versionOf(new AggregateCacheEntry<>(aggregate))).isEqualTo(41);
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
