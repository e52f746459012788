package dev.prm.platform.ingest;

import java.util.function.Supplier;

/**
 * What surrounds the application of one batch inside its transaction. With Axon, one unit of work for the
 * whole transaction, so the events of all its commands are appended to the event store in one JDBC batch.
 */
public interface BatchScope {

    BatchScope NONE = new BatchScope() {
        @Override
        public <T> T apply(Supplier<T> batch) {
            return batch.get();
        }
    };

    <T> T apply(Supplier<T> batch);
}
