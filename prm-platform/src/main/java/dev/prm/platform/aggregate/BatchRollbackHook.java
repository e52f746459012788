package dev.prm.platform.aggregate;

/** Told when a batch transaction rolled back, to drop in-memory state built inside it (cached aggregates). */
@FunctionalInterface
public interface BatchRollbackHook {

    void afterRollback();
}
