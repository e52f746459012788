-- Platform tables every service owns in its own schema (added to each service's Flyway locations).

-- Idempotent consumption (SPEC §4): an event id is recorded in the same transaction as its effect.
create table processed_event (
    event_id     varchar(255) primary key,
    topic        varchar(255) not null,
    processed_at timestamptz  not null default now()
);

-- Business time (SPEC B1): the latest time this service acted on; one row.
create table business_time (
    id           smallint primary key check (id = 1),
    business_now timestamptz not null
);
