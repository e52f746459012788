package dev.prm.platform.axon;

import java.util.List;
import java.util.Optional;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

import dev.prm.platform.metrics.StageCpu;

/**
 * Axon's JDBC event store as the services use it: appends count as the ingestion's {@code append} stage, and no
 * aggregate is loaded through the snapshot table, since no service takes snapshots (Axon looked one up by a query on
 * every aggregate load, a tenth of registration-service's ingest). A service that configures a snapshot trigger sets
 * {@code prm.axon.snapshots=true}.
 */
class PlatformEventStorageEngine extends JdbcEventStorageEngine {

    private final StageCpu stages;
    private final boolean snapshots;

    PlatformEventStorageEngine(Builder builder, StageCpu stages, boolean snapshots) {
        super(builder);
        this.stages = stages;
        this.snapshots = snapshots;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (stages == null) {
            super.appendEvents(events, serializer);
        } else {
            stages.measureWithin(StageCpu.Stage.APPEND, () -> super.appendEvents(events, serializer));
        }
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return snapshots ? super.readSnapshot(aggregateIdentifier) : Optional.empty();
    }
}
