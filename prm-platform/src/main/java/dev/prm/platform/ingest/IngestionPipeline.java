package dev.prm.platform.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import dev.prm.contracts.CloudEventCodec.Inbound;
import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.InvalidEventException;
import dev.prm.contracts.crm.CrmEvents;
import dev.prm.platform.clock.BusinessTimeAdvancer;
import dev.prm.platform.ingest.IngestionMetrics.Outcome;
import dev.prm.platform.ingest.ProcessedEventStore.ProcessedEvent;
import dev.prm.platform.metrics.StageCpu.Stage;
import dev.prm.platform.metrics.StageCpu;

/**
 * Takes one Kafka poll batch into the service: parse strictly, dead-letter what breaks the contract,
 * drop ids already applied, then apply the rest and record their ids, in database transactions of at most
 * {@value #EVENTS_PER_TRANSACTION} events.
 * <p>
 * If one of those transactions fails, its events are applied again one per transaction, so that a single
 * bad event is dead-lettered and everything valid around it still lands. Transient failures (database
 * down, a concurrent writer) are rethrown instead: the container retries the batch (what was committed is
 * skipped as already applied, what was dead-lettered or skipped as settled), nothing is lost.
 * <p>
 * Not {@code BatchListenerFailedException}: it commits the records before a bad one and seeks back, a poll per bad
 * record, where this isolates it inside the batch it already holds.
 */
public class IngestionPipeline {

    private static final Logger log = LoggerFactory.getLogger(IngestionPipeline.class);
    static final String PROCESSING_FAILED = "PROCESSING_FAILED";

    /** Events per transaction and unit of work: Axon's cost per unit of work grows with its staged events (README). */
    static final int EVENTS_PER_TRANSACTION = 100;

    private static final ThreadLocal<Boolean> INGESTION_THREAD = ThreadLocal.withInitial(() -> false);

    private final CloudEventCodec codec;
    private final InboundHandlers handlers;
    private final ProcessedEventStore processed;
    private final DeadLetterPublisher deadLetters;
    private final TransactionTemplate transaction;
    private final IngestionMetrics metrics;
    private final BusinessTimeAdvancer businessTime;
    private final List<Runnable> rollbackHooks;
    private final BatchScope batchScope;
    private final StageCpu stages;
    private final TransactionKeys transactionKeys;

    /**
     * @param businessTime advances business time on TimePassed ticks; {@code null} when the clock is the wall clock
     * @param rollbackHooks run after a batch transaction rolled back (e.g. to evict cached aggregates)
     */
    public IngestionPipeline(CloudEventCodec codec, InboundHandlers handlers, ProcessedEventStore processed,
                             DeadLetterPublisher deadLetters, TransactionTemplate transaction, IngestionMetrics metrics,
                             BusinessTimeAdvancer businessTime, List<Runnable> rollbackHooks, BatchScope batchScope) {
        this(codec, handlers, processed, deadLetters, transaction, metrics, businessTime, rollbackHooks, batchScope,
                TransactionKeys.NONE);
    }

    /** @param transactionKeys told each transaction's keys before its decisions */
    public IngestionPipeline(CloudEventCodec codec, InboundHandlers handlers, ProcessedEventStore processed,
                             DeadLetterPublisher deadLetters, TransactionTemplate transaction, IngestionMetrics metrics,
                             BusinessTimeAdvancer businessTime, List<Runnable> rollbackHooks, BatchScope batchScope,
                             TransactionKeys transactionKeys) {
        this.codec = codec;
        this.handlers = handlers;
        this.processed = processed;
        this.deadLetters = deadLetters;
        this.transaction = transaction;
        this.metrics = metrics;
        this.businessTime = businessTime;
        this.rollbackHooks = rollbackHooks;
        this.batchScope = batchScope;
        this.stages = metrics.stages();
        this.transactionKeys = transactionKeys;
    }

    /** Whether the current thread takes in Kafka batches (a consumer thread that has run {@link #process}). */
    public static boolean onIngestionThread() {
        return INGESTION_THREAD.get();
    }

    /** Lets another single thread that decides like a consumer (the one releasing held ticks) cache aggregates too. */
    public static void markIngestionThread() {
        INGESTION_THREAD.set(true);
    }

    public void process(List<ConsumerRecord<String, byte[]>> records) {
        INGESTION_THREAD.set(true);
        if (records.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        List<Malformed> malformed = new ArrayList<>();
        Map<String, Accepted> accepted = new LinkedHashMap<>();
        stages.measure(Stage.PARSE, () -> {
            for (ConsumerRecord<String, byte[]> record : records) {
                try {
                    Inbound event = parse(record);
                    Accepted previous = accepted.putIfAbsent(event.envelope().id(), new Accepted(record, event));
                    if (previous != null) {
                        metrics.consumed(record.topic(), event.type().typeName(), Outcome.DUPLICATE);
                    }
                } catch (InvalidEventException e) {
                    malformed.add(new Malformed(record, e));
                }
            }
        });
        Set<String> seen = stages.measure(Stage.DEDUPLICATE, () -> processed.alreadyProcessed(idsAndPositions(accepted, records)));
        if (!malformed.isEmpty()) {
            stages.measure(Stage.DEAD_LETTER, () -> {
                Refusals refusals = refusals();
                for (Malformed message : malformed) {
                    if (!seen.contains(ProcessedEventStore.refusedKey(message.record()))) { // else settled by an earlier delivery
                        refusals.deadLetter(message.record(), message.why().reason().name(), message.why().getMessage());
                    }
                }
                refusals.settle();
            });
        }

        List<Accepted> fresh = stages.measure(Stage.DEDUPLICATE, () -> withoutDuplicates(accepted, seen));
        for (List<Accepted> transaction : transactions(fresh)) {
            applyInOneTransaction(transaction);
        }
        metrics.batch(records.size(), Duration.ofNanos(System.nanoTime() - started));
    }

    /** Facts in transactions of at most {@link #EVENTS_PER_TRANSACTION}, each tick alone: a step may decide for every partner. */
    static <T> List<List<T>> transactions(List<T> events, Predicate<T> tick) {
        List<List<T>> transactions = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < events.size(); i++) {
            if (tick.test(events.get(i))) {
                if (from < i) {
                    transactions.add(events.subList(from, i));
                }
                transactions.add(events.subList(i, i + 1));
                from = i + 1;
            } else if (i + 1 - from == EVENTS_PER_TRANSACTION) {
                transactions.add(events.subList(from, i + 1));
                from = i + 1;
            }
        }
        if (from < events.size()) {
            transactions.add(events.subList(from, events.size()));
        }
        return transactions;
    }

    private static List<List<Accepted>> transactions(List<Accepted> fresh) {
        return transactions(fresh, IngestionPipeline::isTick);
    }

    private static boolean isTick(Accepted accepted) {
        return accepted.event().type() == CrmEvents.TIME_PASSED;
    }

    private Inbound parse(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || record.value().length == 0) {
            throw new InvalidEventException(InvalidEventException.Reason.NOT_JSON, "empty message");
        }
        return codec.readInbound(record.topic(), record.value());
    }

    /** Ids of the events, and the positions of all messages: one query finds what is applied and what is settled. */
    private static Set<String> idsAndPositions(Map<String, Accepted> accepted, List<ConsumerRecord<String, byte[]>> records) {
        Set<String> keys = new HashSet<>(accepted.keySet());
        records.forEach(record -> keys.add(ProcessedEventStore.refusedKey(record)));
        return keys;
    }

    private List<Accepted> withoutDuplicates(Map<String, Accepted> accepted, Set<String> seen) {
        List<Accepted> fresh = new ArrayList<>(accepted.size());
        for (Accepted candidate : accepted.values()) {
            if (seen.contains(ProcessedEventStore.refusedKey(candidate.record()))) {
                continue; // dead-lettered (or skipped) by an earlier delivery of this batch
            }
            if (seen.contains(candidate.event().envelope().id())) {
                metrics.consumed(candidate.record().topic(), candidate.event().type().typeName(), Outcome.DUPLICATE);
            } else {
                fresh.add(candidate);
            }
        }
        return fresh;
    }

    private void applyInOneTransaction(List<Accepted> batch) {
        List<Outcome> outcomes;
        try {
            outcomes = stages.measure(Stage.COMMIT, () -> transaction.execute(status -> applyAll(batch)));
        } catch (RuntimeException failure) {
            rollbackHooks.forEach(Runnable::run);
            if (TransientFailures.isTransient(failure)) {
                throw retried(failure);
            }
            log.info("Batch of {} failed ({}); applying its events one by one", batch.size(),
                    DeadLetterPublisher.boundedText(failure.toString()));
            applyOneByOne(batch);
            return;
        }
        recordOutcomes(batch, outcomes);
    }

    private void applyOneByOne(List<Accepted> batch) {
        Refusals refusals = refusals();
        RuntimeException retry = null;
        for (Accepted single : batch) {
            try {
                List<Outcome> outcome = transaction.execute(status -> applyAll(List.of(single)));
                recordOutcomes(List.of(single), outcome);
            } catch (RuntimeException failure) {
                rollbackHooks.forEach(Runnable::run);
                if (TransientFailures.isTransient(failure)) {
                    retry = retried(failure);
                    break;
                }
                deadLetterFor(refusals, single, failure);
            }
        }
        refusals.settle(); // also before a retry: what was dead-lettered is then settled, not sent again
        if (retry != null) {
            throw retry;
        }
    }

    private Refusals refusals() {
        return new Refusals(deadLetters, processed, transaction, metrics);
    }

    /** Rolled back for a retry: counted and logged, since every rollback also leaves positions in the event store unused. */
    private RuntimeException retried(RuntimeException failure) {
        metrics.retried(failure);
        log.warn("Transaction rolled back on a transient failure, the batch will be retried: {}", failure.toString());
        return failure;
    }

    private void deadLetterFor(Refusals refusals, Accepted single, Throwable failure) {
        if (failure instanceof InvalidEventException invalid) {
            refusals.deadLetter(single.record(), invalid.reason().name(), invalid.getMessage());
            return;
        }
        log.error("Event {} of type {} could not be applied; dead-lettered", single.event().envelope().id(),
                single.event().type().typeName(), failure);
        refusals.deadLetter(single.record(), PROCESSING_FAILED, failure.toString());
    }

    /**
     * One transaction of {@link #transactions}: a tick alone, or facts, which run in one {@link BatchScope}. A tick
     * runs after the transactions of the facts before it, so the decisions it triggers see them.
     */
    private List<Outcome> applyAll(List<Accepted> transaction) {
        if (businessTime != null) {
            businessTime.catchUp(); // a step another instance of this service took
        }
        List<Outcome> outcomes = stages.measure(Stage.DECIDE, () -> {
            if (isTick(transaction.getFirst())) {
                return List.of(apply(transaction.getFirst().event()));
            }
            transactionKeys.beforeDecisions(transaction.stream()
                    .flatMap(accepted -> Stream.concat(Stream.ofNullable(accepted.record().key()), handlers.aggregateIds(accepted.event())))
                    .collect(Collectors.toCollection(LinkedHashSet::new)));
            return batchScope.apply(() -> transaction.stream().map(accepted -> apply(accepted.event())).toList());
        });
        processed.record(transaction.stream()
                .map(accepted -> new ProcessedEvent(accepted.event().envelope().id(), accepted.record().topic())).toList());
        return outcomes;
    }

    private Outcome apply(Inbound event) {
        if (event.type() == CrmEvents.TIME_PASSED) {
            if (businessTime == null) {
                return Outcome.IGNORED; // system clock: ticks are for replays and simulations
            }
            businessTime.tickRead(event.envelope().time());
            return Outcome.APPLIED;
        }
        return handlers.find(event)
                .map(handler -> {
                    handler.accept(event.envelope(), event.data());
                    return Outcome.APPLIED;
                })
                .orElse(Outcome.IGNORED);
    }

    private void recordOutcomes(List<Accepted> batch, List<Outcome> outcomes) {
        for (int i = 0; i < batch.size(); i++) {
            Accepted accepted = batch.get(i);
            metrics.consumed(accepted.record().topic(), accepted.event().type().typeName(), outcomes.get(i));
            metrics.processingLag(accepted.record().topic(), accepted.record().timestamp());
        }
    }

    private record Accepted(ConsumerRecord<String, byte[]> record, Inbound event) {
    }

    private record Malformed(ConsumerRecord<String, byte[]> record, InvalidEventException why) {
    }
}
