package dev.prm.platform.tracing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Carries the trace of a request into the events it causes: a command dispatched inside a traced request gets the
 * current span's W3C fields as metadata (written by Micrometer's {@link Propagator}), Axon copies them onto the events
 * the command applies, and the integration event publisher puts them on the Kafka message. Not Spring Kafka's
 * observation: the publisher sends later, on a processor thread with no span of the request.
 */
@AutoConfiguration
@ConditionalOnClass({CommandBus.class, Tracer.class})
public class TracePropagation {

    public static final String TRACEPARENT = "traceparent";
    /** The fields carried: W3C's, the headers SPEC's consumers read. */
    public static final List<String> FIELDS = List.of(TRACEPARENT, "tracestate");

    @Bean
    CorrelationDataProvider traceContextCorrelation() {
        return new SimpleCorrelationDataProvider(FIELDS.toArray(String[]::new));
    }

    @Bean
    SmartInitializingSingleton traceContextOnCommands(ObjectProvider<CommandBus> commandBus, ObjectProvider<Tracer> tracer,
                                                      ObjectProvider<Propagator> propagator) {
        return () -> commandBus.ifAvailable(bus -> {
            Tracer current = tracer.getIfAvailable(); // resolved once: the interceptor runs for every command
            Propagator writer = propagator.getIfAvailable();
            if (current != null && writer != null) {
                bus.registerDispatchInterceptor(messages -> (index, message) -> withTraceContext(current.currentSpan(), writer, message));
            }
        });
    }

    static <M extends Message<?>> M withTraceContext(Span span, Propagator propagator, M message) {
        if (span == null || message.getMetaData().containsKey(TRACEPARENT)) {
            return message;
        }
        Map<String, String> fields = new HashMap<>();
        propagator.inject(span.context(), fields, (carrier, field, value) -> {
            if (carrier != null && FIELDS.contains(field)) {
                carrier.put(field, value);
            }
        });
        @SuppressWarnings("unchecked")
        M traced = (M) message.andMetaData(fields);
        return traced;
    }
}
