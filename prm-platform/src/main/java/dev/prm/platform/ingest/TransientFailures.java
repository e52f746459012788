package dev.prm.platform.ingest;

import java.sql.SQLException;

import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Failures worth retrying rather than dead-lettering: the database or broker is unavailable, a deadlock,
 * or a concurrent writer (two consumers appending to one aggregate, or recording one event id).
 * Retrying the same message later succeeds or turns into a duplicate that is skipped.
 */
public final class TransientFailures {

    private static final String UNIQUE_VIOLATION = "23505";

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientDataAccessException
                    || cause instanceof RecoverableDataAccessException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof org.apache.kafka.common.errors.RetriableException) {
                return true;
            }
            if (cause instanceof SQLException sql && isTransientState(sql.getSQLState())) {
                return true;
            }
            if (cause.getClass().getSimpleName().equals("ConcurrencyException")) {
                return true; // Axon: another writer appended to the same aggregate first
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static boolean isTransientState(String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08")        // connection exception
                || state.startsWith("40")    // serialization failure, deadlock
                || state.startsWith("53")    // insufficient resources
                || state.startsWith("57P")   // admin shutdown, cannot connect now
                || state.equals(UNIQUE_VIOLATION);
    }
}
