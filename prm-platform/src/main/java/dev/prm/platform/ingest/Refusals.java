package dev.prm.platform.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The messages of one batch refused for good, on their way to {@code <topic>.DLT} (SPEC §4). {@link #settle} waits for
 * the dead letters, skips a message whose dead letter was refused for good (logged and counted), records both kinds as
 * settled and only then counts them: a batch delivered again neither sends nor counts them again. A dead letter the
 * broker cannot take now fails the batch, which the container retries: nothing is lost.
 */
final class Refusals {

    private static final Logger log = LoggerFactory.getLogger(IngestionPipeline.class);
    private static final Duration ACKNOWLEDGED_WITHIN = Duration.ofSeconds(30);

    private final DeadLetterPublisher publisher;
    private final ProcessedEventStore processed;
    private final TransactionTemplate transaction;
    private final IngestionMetrics metrics;
    private final List<Refused> pending = new ArrayList<>();

    Refusals(DeadLetterPublisher publisher, ProcessedEventStore processed, TransactionTemplate transaction, IngestionMetrics metrics) {
        this.publisher = publisher;
        this.processed = processed;
        this.transaction = transaction;
        this.metrics = metrics;
    }

    void deadLetter(ConsumerRecord<String, byte[]> record, String reason, String detail) {
        pending.add(new Refused(record, reason, detail, publisher.send(record, reason, detail)));
    }

    void settle() {
        if (pending.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + ACKNOWLEDGED_WITHIN.toNanos();
        List<Refused> settled = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        RuntimeException notNow = null;
        for (Refused refused : pending) {
            Throwable failure = failureOf(refused.send(), deadline);
            if (failure == null || DeadLetterPublisher.refusedForGood(failure)) {
                settled.add(refused);
                failures.add(failure);
            } else if (notNow == null) {
                notNow = new IllegalStateException("the dead letter of " + where(refused.record())
                        + " was not acknowledged; the batch will be retried", failure);
            }
        }
        pending.clear();
        if (!settled.isEmpty()) {
            transaction.executeWithoutResult(status -> processed.recordRefused(settled.stream().map(Refused::record).toList()));
        }
        for (int i = 0; i < settled.size(); i++) {
            Refused refused = settled.get(i);
            String detail = DeadLetterPublisher.boundedText(refused.detail());
            if (failures.get(i) == null) {
                metrics.deadLettered(refused.record().topic(), refused.reason());
                log.warn("Dead-lettered {}: {} {}", where(refused.record()), refused.reason(), detail);
            } else {
                metrics.skipped(refused.record().topic(), refused.reason());
                log.error("Skipped {}: refused ({} {}) and its dead letter refused too: {}", where(refused.record()),
                        refused.reason(), detail, rootCause(failures.get(i)).toString());
            }
        }
        if (notNow != null) {
            log.warn("{}: {}", notNow.getMessage(), rootCause(notNow).toString());
            throw notNow;
        }
    }

    /** {@code null} once the broker acknowledged the dead letter. */
    private static Throwable failureOf(CompletableFuture<?> send, long deadline) {
        try {
            send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private record Refused(ConsumerRecord<String, byte[]> record, String reason, String detail, CompletableFuture<?> send) {
    }
}
