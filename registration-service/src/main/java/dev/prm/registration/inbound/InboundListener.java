package dev.prm.registration.inbound;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.tier.TierEvents;
import dev.prm.platform.ingest.IngestionPipeline;

/** One poll batch, one transaction: see {@link IngestionPipeline}. */
@Component
class InboundListener {

    private final IngestionPipeline pipeline;

    InboundListener(IngestionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @KafkaListener(id = "registration-service-inbound", idIsGroup = false,
            topics = {CrmTopics.PARTNERS, CrmTopics.DOMAIN_REGISTRATION, TierEvents.TOPIC, CrmTopics.BUSINESS_TIME},
            concurrency = "${prm.ingest.concurrency:2}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        pipeline.process(records);
    }
}
