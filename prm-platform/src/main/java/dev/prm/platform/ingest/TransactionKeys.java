package dev.prm.platform.ingest;

import java.util.Collection;

/**
 * Told the Kafka keys of an ingestion transaction's events before they are decided, inside that transaction: the
 * platform reads the stored versions of the cached aggregates they name in one query (see AggregateVersionCheck).
 */
@FunctionalInterface
public interface TransactionKeys {

    TransactionKeys NONE = keys -> { };

    void beforeDecisions(Collection<String> keys);
}
