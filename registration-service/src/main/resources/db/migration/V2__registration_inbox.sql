-- Facts dated after business time, taken in but not decided yet (SPEC B3): requests, direct-sales facts, tier changes
-- and enrolments. Decided when business time reaches them, in the order of their effective times (at one instant a
-- partner's tier and kind first), whatever order their partitions were read in. Kept in the deciding transaction.
create table registration_inbox (
    seq          bigserial    primary key,
    effective_at timestamptz  not null,
    rank         smallint     not null,
    sort_key     text         not null,
    type         varchar(64)  not null,
    event_id     varchar(255) not null unique,
    partner_id   varchar(255),
    domain       text,
    owner_id     varchar(255),
    tier         varchar(32),
    partner_kind varchar(32)
);
create index registration_inbox_due on registration_inbox (effective_at, rank, sort_key, seq);
