-- Issue 18, policy what-if: the registrations and over-cap periods registration-service published on
-- registration-events (SPEC §3), so the what-if can count active registrations (R5) and start from the live
-- over-cap state (R6). A registration is active at t when registered_at <= t < least(valid_until, ended_at).
create table registration_fact (
    partner_id    varchar(256) not null,
    domain        varchar(253) not null,
    registered_at timestamptz  not null,
    valid_until   timestamptz  not null,
    ended_at      timestamptz,
    primary key (partner_id, domain, registered_at)
);
create index registration_fact_period on registration_fact (registered_at, valid_until);

create table registration_over_cap (
    partner_id  varchar(256) not null,
    since       timestamptz  not null,
    deadline    timestamptz  not null,
    restored_at timestamptz,
    primary key (partner_id, since)
);
