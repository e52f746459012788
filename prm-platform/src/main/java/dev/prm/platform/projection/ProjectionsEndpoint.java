package dev.prm.platform.projection;

import java.util.Map;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code GET /actuator/projections}: how far behind the event store each processor is.
 * {@code POST /actuator/projections/{name}} (admin token): rebuild that processor's projection from the first
 * stored event; its reset handler clears the tables first. The other instances of the service must not hold
 * the processor's segments at that moment (stop or scale them down), or the reset is refused with 409.
 */
@Endpoint(id = "projections")
public class ProjectionsEndpoint {

    private final ProjectionPositions positions;
    private final EventProcessingConfiguration processing;

    public ProjectionsEndpoint(ProjectionPositions positions, EventProcessingConfiguration processing) {
        this.positions = positions;
        this.processing = processing;
    }

    @ReadOperation
    public ProjectionPositions.Status status() {
        return positions.status();
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, String>> replay(@Selector String name) {
        var found = processing.eventProcessor(name, StreamingEventProcessor.class);
        if (found.isEmpty()) {
            return answer(name, "no streaming processor of that name", 404);
        }
        StreamingEventProcessor processor = found.get();
        if (!processor.supportsReset()) {
            return answer(name, "it has no reset handler, so it cannot be rebuilt", 409);
        }
        processor.shutDown();
        try {
            processor.resetTokens();
        } catch (RuntimeException refused) {
            return answer(name, "reset refused: " + refused.getMessage(), 409);
        } finally {
            processor.start();
        }
        return answer(name, "replaying from the first stored event", 202);
    }

    private static WebEndpointResponse<Map<String, String>> answer(String processor, String detail, int status) {
        return new WebEndpointResponse<>(Map.of("processor", processor, "detail", detail), status);
    }
}
