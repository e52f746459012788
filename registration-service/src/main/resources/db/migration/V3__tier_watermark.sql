-- The latest TierDecisionsWatermark taken in per partition of tier-events (SPEC B3): a tick waits until every
-- partition has one at or after it, so caps at a month end follow the tiers decided at it.
create table tier_watermark (
    tier_partition integer     primary key,
    business_time  timestamptz not null,
    partitions     integer     not null
);
