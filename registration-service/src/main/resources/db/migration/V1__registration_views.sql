-- Read models of registration-service (SPEC R2–R8, §5), rebuilt from the event store by the
-- "registrations" processor, except registration_timer, which is kept in the deciding transaction.

create table partner_view (
    partner_id varchar(255) primary key,
    first_seen timestamptz  not null
);

-- Tier and kind from their effective instants on (TierChanged, PartnerEnrolled): the cap at any asOf.
create table partner_tier (
    partner_id   varchar(255) not null,
    effective_at timestamptz  not null,
    tier         varchar(32)  not null,
    primary key (partner_id, effective_at)
);

create table partner_kind (
    partner_id   varchar(255) not null,
    effective_at timestamptz  not null,
    kind         varchar(32)  not null,
    primary key (partner_id, effective_at)
);

-- One row per registration (a domain registered again after it ended is a new row).
create table registration_view (
    partner_id     varchar(255) not null,
    domain         varchar(255) not null,
    registered_at  timestamptz  not null,
    valid_until    timestamptz  not null,
    extended_until timestamptz,
    extended_at    timestamptz,
    co_sell_since  timestamptz,
    released_at    timestamptz,
    expired_at     timestamptz,
    primary key (partner_id, domain, registered_at)
);

create index registration_view_domain on registration_view (domain, registered_at);

create table over_cap_period (
    partner_id         varchar(255) not null,
    since              timestamptz  not null,
    cap                integer      not null,
    active             integer      not null,
    deadline           timestamptz  not null,
    deadline_passed_at timestamptz,
    restored_at        timestamptz,
    primary key (partner_id, since)
);

create table channel_conflict (
    conflict_id     varchar(64)  primary key,
    partner_id      varchar(255) not null,
    domain          varchar(255) not null,
    direct_owner_id varchar(255) not null,
    origin          varchar(32)  not null,
    opened_at       timestamptz  not null,
    resolution      varchar(32),
    resolved_at     timestamptz
);

create index channel_conflict_open on channel_conflict (opened_at) where resolution is null;

-- What business time must act on (R5 expiry, R7 deadline), written with the decision that creates it.
create table registration_timer (
    partner_id varchar(255) not null,
    subject    varchar(300) not null,
    due_at     timestamptz  not null,
    primary key (partner_id, subject)
);

create index registration_timer_due on registration_timer (due_at);
