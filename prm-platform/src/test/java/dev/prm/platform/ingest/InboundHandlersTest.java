package dev.prm.platform.ingest;

import static dev.prm.testsupport.CrmEvents.dealClosed;
import static dev.prm.testsupport.CrmEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.CloudEventCodec.Inbound;
import dev.prm.contracts.crm.CrmEvents;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.crm.DealClosed;

class InboundHandlersTest {

    private static final Inbound DEAL = new CloudEventCodec().readInbound(CrmTopics.DEAL_CLOSED,
            dealClosed(newId(), "P1", "D1", "100", "USD", "US", Instant.parse("2024-03-05T10:00:00Z")).getBytes(StandardCharsets.UTF_8));

    @Test
    void a_handler_names_the_aggregates_its_event_decides_for_besides_its_key() {
        InboundHandlers handlers = new InboundHandlers().on(CrmEvents.DEAL_CLOSED, DealClosed.class,
                deal -> Stream.of("deal:" + deal.dealId()), (event, deal) -> { });

        assertThat(handlers.aggregateIds(DEAL)).containsExactly("deal:D1");
        assertThat(new InboundHandlers().on(CrmEvents.DEAL_CLOSED, DealClosed.class, (event, deal) -> { }).aggregateIds(DEAL))
                .as("none declared").isEmpty();
    }

    @Test
    void a_read_ahead_that_fails_names_nothing_and_leaves_the_event_to_its_handler() {
        InboundHandlers handlers = new InboundHandlers().on(CrmEvents.DEAL_CLOSED, DealClosed.class,
                deal -> Stream.of(deal.dealId()).<String>map(id -> { throw new IllegalArgumentException("no stream for " + id); }),
                (event, deal) -> { });

        assertThat(handlers.aggregateIds(DEAL)).isEmpty();
    }
}
