-- Business-time steps whose TierDecisionsWatermark is still to be sent (SPEC B3), written in the step's transaction
-- with the event store's head then; sent to every partition of tier-events once tier-events-publisher has passed it.
create table tier_watermark_outbox (
    business_time timestamptz primary key,
    store_head    bigint      not null
);
