-- Requests and direct-sales facts dated after business time, taken in but not decided yet (SPEC B3): decided when
-- business time reaches them, in the order of their effective times, whatever order their partitions were read in.
-- Kept in the deciding transaction, like registration_timer; not a read model.
create table registration_inbox (
    seq          bigserial    primary key,
    effective_at timestamptz  not null,
    sort_key     text         not null,
    type         varchar(64)  not null,
    event_id     varchar(255) not null unique,
    partner_id   varchar(255),
    domain       text         not null,
    owner_id     varchar(255)
);
create index registration_inbox_due on registration_inbox (effective_at, sort_key, seq);
