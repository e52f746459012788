package dev.prm.tier.outbound;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.prm.contracts.CloudEvent;
import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.tier.TierDecisionsWatermark;
import dev.prm.contracts.tier.TierEvents;
import dev.prm.platform.clock.BusinessTimeListener;
import dev.prm.platform.clock.PeriodicTask;
import dev.prm.platform.projection.ProjectionPositions;

/**
 * SPEC B3 across services: registration-service sets caps from the tiers decided at a month end, so its tick waits
 * until every tier decision up to that time is on {@code tier-events}. After each business-time step this sends a
 * {@code TierDecisionsWatermark} to every partition of the topic, once {@code tier-events-publisher} has published
 * everything the step stored. The step records what is owed in its own transaction, so a crash only delays it; a
 * watermark sent twice (by two instances, or again after a crash) has the same id and changes nothing.
 */
@Component
@ConditionalOnProperty(name = "prm.clock.mode", havingValue = "event") // only ticks wait for them
@Order(Ordered.LOWEST_PRECEDENCE) // after the step's decisions
class TierWatermarks extends PeriodicTask implements BusinessTimeListener {

    static final String PUBLISHER = "tier-events-publisher";
    private static final Logger log = LoggerFactory.getLogger(TierWatermarks.class);

    private final JdbcTemplate jdbc;
    private final ProjectionPositions positions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final CloudEventCodec codec;

    TierWatermarks(JdbcTemplate jdbc, ProjectionPositions positions, KafkaTemplate<String, byte[]> kafka, CloudEventCodec codec,
                   @Value("${prm.tier.watermark-interval:200ms}") Duration interval) {
        super("tier-watermarks", interval, interval);
        this.jdbc = jdbc;
        this.positions = positions;
        this.kafka = kafka;
        this.codec = codec;
    }

    /** In the step's transaction: nobody else appends meanwhile (steps hold business time exclusively). */
    @Override
    public void onBusinessTimeAdvanced(Instant previous, Instant now) {
        jdbc.update("""
                insert into tier_watermark_outbox (business_time, store_head)
                values (?, (select coalesce(max(globalindex), -1) from domainevententry))
                on conflict (business_time) do update set store_head = excluded.store_head""", Timestamp.from(now));
    }

    /** Sends every watermark whose step the publisher has passed, in time order; returns how many. */
    int sendDue() {
        List<Map<String, Object>> owed = jdbc.queryForList(
                "select business_time, store_head from tier_watermark_outbox order by business_time");
        if (owed.isEmpty()) {
            return 0;
        }
        long published = positions.positions().getOrDefault(PUBLISHER, -1L);
        int sent = 0;
        for (Map<String, Object> row : owed) {
            long head = ((Number) row.get("store_head")).longValue();
            if (published < head) {
                break;
            }
            Instant businessTime = ((Timestamp) row.get("business_time")).toInstant();
            send(businessTime);
            jdbc.update("delete from tier_watermark_outbox where business_time = ?", Timestamp.from(businessTime));
            sent++;
        }
        return sent;
    }

    private void send(Instant businessTime) {
        List<PartitionInfo> partitions = kafka.partitionsFor(TierEvents.TOPIC);
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (PartitionInfo partition : partitions) {
            String id = UUID.nameUUIDFromBytes(("tier-watermark:" + businessTime + ":" + partition.partition())
                    .getBytes(StandardCharsets.UTF_8)).toString();
            byte[] value = codec.write(id, "/tier-service", TierEvents.TIER_DECISIONS_WATERMARK, businessTime, null,
                    new TierDecisionsWatermark(businessTime, partition.partition(), partitions.size()));
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(TierEvents.TOPIC, partition.partition(), null, value);
            record.headers().add(new RecordHeader("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)));
            sends.add(kafka.send(record));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
    }

    @Override
    protected void runOnce() {
        sendDue();
    }

    @Override
    protected void failed(RuntimeException failure) {
        log.warn("Tier watermarks could not be sent now; retrying: {}", failure.toString());
    }
}
