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

    // One consumer thread: a domain's facts (keyed by domain) and its claimants' requests (keyed by partner) reach
    // different threads, whose appends to one aggregate collide; each rollback leaves unused event-store positions that
    // every buffered tracking token copies as gaps (hundreds of MB with -Xmx512m). Scale out with instances.
    @KafkaListener(id = "registration-service-inbound", idIsGroup = false,
            topics = {CrmTopics.PARTNERS, CrmTopics.DOMAIN_REGISTRATION, TierEvents.TOPIC, CrmTopics.BUSINESS_TIME},
            concurrency = "${prm.ingest.concurrency:1}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        pipeline.process(records);
    }
}
