package dev.prm.commission.inbound;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.platform.ingest.IngestionPipeline;

/**
 * One poll batch, one transaction: see {@link IngestionPipeline}. The consumer group is
 * {@code spring.kafka.consumer.group-id}, not the listener id, so a second instance replaying the inputs
 * (another group) reads every partition from the start instead of sharing this one's.
 */
@Component
class InboundListener {

    private final IngestionPipeline pipeline;

    InboundListener(IngestionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @KafkaListener(id = "commission-service-inbound", idIsGroup = false,
            topics = {CrmTopics.PARTNERS, CrmTopics.DEAL_CLOSED, RegistrationEvents.TOPIC, CrmTopics.BUSINESS_TIME},
            concurrency = "${prm.ingest.concurrency:2}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        pipeline.process(records);
    }
}
