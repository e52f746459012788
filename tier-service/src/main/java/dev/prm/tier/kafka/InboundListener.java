package dev.prm.tier.kafka;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.prm.contracts.Topics;
import dev.prm.platform.ingest.IngestionPipeline;

/** One poll batch, one transaction: see {@link IngestionPipeline}. */
@Component
class InboundListener {

    private final IngestionPipeline pipeline;

    InboundListener(IngestionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @KafkaListener(id = "tier-service-inbound", topics = {Topics.PARTNERS, Topics.DEAL_CLOSED, Topics.ACCOUNT_MANAGED, Topics.BUSINESS_TIME},
            concurrency = "${prm.ingest.concurrency:2}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        pipeline.process(records);
    }
}
