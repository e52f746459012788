package dev.prm.platform.config;

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

/**
 * Carries the trace of a request into the events it causes: a command dispatched inside a traced request gets
 * the W3C {@code traceparent} as metadata, Axon copies it onto the events the command applies, and the
 * integration event publisher puts it on the Kafka message — across the processor thread that publishes later.
 */
@AutoConfiguration
@ConditionalOnClass({CommandBus.class, Tracer.class})
public class TracePropagation {

    public static final String TRACEPARENT = "traceparent";

    @Bean
    CorrelationDataProvider traceparentCorrelation() {
        return new SimpleCorrelationDataProvider(TRACEPARENT);
    }

    @Bean
    SmartInitializingSingleton traceparentOnCommands(ObjectProvider<CommandBus> commandBus, ObjectProvider<Tracer> tracer) {
        return () -> commandBus.ifAvailable(bus -> {
            Tracer current = tracer.getIfAvailable(); // resolved once: the interceptor runs for every command
            if (current != null) {
                bus.registerDispatchInterceptor(messages -> (index, message) -> withTraceparent(current.currentSpan(), message));
            }
        });
    }

    private static <M extends Message<?>> M withTraceparent(Span span, M message) {
        if (span == null || message.getMetaData().containsKey(TRACEPARENT)) {
            return message;
        }
        @SuppressWarnings("unchecked")
        M traced = (M) message.andMetaData(Map.of(TRACEPARENT, "00-%s-%s-%s".formatted(span.context().traceId(),
                span.context().spanId(), Boolean.TRUE.equals(span.context().sampled()) ? "01" : "00")));
        return traced;
    }
}
