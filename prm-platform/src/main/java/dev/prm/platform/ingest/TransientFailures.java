package dev.prm.platform.ingest;

import java.sql.SQLException;

import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Failures worth retrying rather than dead-lettering: the database or broker is unavailable, a deadlock,
 * or a concurrent writer (two consumers appending to one aggregate, or recording one event id).
 * Retrying the same message later succeeds or turns into a duplicate that is skipped.
 * <p>
 * A driver's {@link SQLException} is classified by Spring's translation into its {@link DataAccessException} types.
 */
public final class TransientFailures {

    private static final SQLExceptionSubclassTranslator TRANSLATOR = new SQLExceptionSubclassTranslator(); // falls back to SQL states

    /** Spring files PostgreSQL's class 54 (a row too large for an index, say) as a resource failure; retried, it stalls the partition. */
    private static final String PROGRAM_LIMIT_EXCEEDED = "54";

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        SQLException driverFailure = null;
        boolean transientWrapper = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConcurrencyException // Axon: another writer appended to the same aggregate first
                    || cause instanceof org.apache.kafka.common.errors.RetriableException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                driverFailure = driverFailure == null ? sql : driverFailure;
            } else if (isTransientType(cause) || cause instanceof CannotCreateTransactionException) {
                transientWrapper = true;
            }
        }
        if (driverFailure != null) { // the driver's own failure decides, not how a template wrapped it
            DataAccessException translated = TRANSLATOR.translate("ingest", null, driverFailure);
            if (translated != null) {
                return isTransientType(translated) && !programLimit(driverFailure);
            }
        }
        return transientWrapper;
    }

    /** Transient in Spring's sense, an outage of the database, or a concurrent writer that inserted the same key first. */
    private static boolean isTransientType(Throwable failure) {
        return failure instanceof TransientDataAccessException
                || failure instanceof RecoverableDataAccessException
                || failure instanceof DataAccessResourceFailureException
                || failure instanceof DuplicateKeyException;
    }

    private static boolean programLimit(SQLException sql) {
        return sql.getSQLState() != null && sql.getSQLState().startsWith(PROGRAM_LIMIT_EXCEEDED);
    }
}
