package dev.prm.platform.axon;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.ErrorContext;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.EventProcessingException;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * SPEC §4, nothing stored is lost on the way out: no event processor of a service (publishers, projections,
 * timers) moves past an event it failed on. Axon's default listener error handler logs and continues with the
 * next event; here a handler's failure propagates, the batch's transaction (and its token) rolls back, and a
 * pooled processor releases the segment and processes the batch again after a back-off (1 s doubling to 60 s,
 * per segment). A subscribing processor's failure fails the command that appended the event.
 * <p>
 * Processors run each batch in a Spring transaction, with its token: Axon's transaction auto-configuration misses
 * Boot 4's class names, and its fallback, {@code NoTransactionManager}, commits a token before the batch is done.
 * <p>
 * Every failed batch counts in {@code prm_event_processor_failures_total{processor}}; how far a stuck
 * processor falls behind shows in {@code prm_projection_behind_events{processor}}.
 */
public final class NoSkipEventProcessing {

    private NoSkipEventProcessing() {
    }

    public static ConfigurerModule module(CountingErrorHandler errorHandler, Supplier<PlatformTransactionManager> transactions) {
        return configurer -> configurer.eventProcessing()
                .registerDefaultTransactionManager(configuration -> new SpringTransactionManager(transactions.get()))
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance())
                .registerDefaultErrorHandler(configuration -> errorHandler);
    }

    /** Counts the failure, then rethrows it as Axon's {@link PropagatingErrorHandler} does. */
    public static final class CountingErrorHandler implements ErrorHandler {

        private final MeterRegistry registry;
        private final Map<String, Counter> failures = new ConcurrentHashMap<>();

        public CountingErrorHandler(MeterRegistry registry) {
            this.registry = registry;
        }

        /** Registers the processor's counter at 0, so its first failure shows as an increase. */
        public void expect(String processor) {
            counter(processor);
        }

        private Counter counter(String processor) {
            return failures.computeIfAbsent(processor, name -> Counter.builder("prm.event.processor.failures")
                    .description("Event batches a processor failed on and will process again after a back-off")
                    .tag("processor", name)
                    .register(registry));
        }

        @Override
        public void handleError(ErrorContext context) throws Exception {
            counter(context.eventProcessor()).increment();
            Throwable error = context.error();
            if (error instanceof Error fatal) {
                throw fatal;
            }
            if (error instanceof Exception exception) {
                throw exception;
            }
            throw new EventProcessingException("An error occurred while handling an event", error);
        }
    }
}
