package dev.prm.tier.inbound;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.platform.ingest.IngestionPipeline;

/** One poll batch, one transaction: see {@link IngestionPipeline}. */
@Component
class InboundListener {

    private final IngestionPipeline pipeline;

    InboundListener(IngestionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * One consumer thread per instance: a partner's facts arrive on several topics, and Axon's in-JVM aggregate
     * lock with a batch-long transaction would let two threads of one instance deadlock on one partner.
     * Instances scale out by consumer group; between instances the event store's unique key arbitrates.
     */
    @KafkaListener(id = "tier-service-inbound", idIsGroup = false, topics = {CrmTopics.PARTNERS, CrmTopics.DEAL_CLOSED, CrmTopics.ACCOUNT_MANAGED, RegistrationEvents.TOPIC,
            CrmTopics.BUSINESS_TIME},
            concurrency = "${prm.ingest.concurrency:1}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        pipeline.process(records);
    }
}
