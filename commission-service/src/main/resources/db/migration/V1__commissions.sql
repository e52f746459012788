-- Command side: the partners business time must reach (PartnerSchedule). Written with the facts, in the
-- ingestion transaction; not a projection, so a rebuild never truncates it.
create table commission_schedule (
    partner_id varchar(255) primary key,
    wake_at    timestamptz
);

create index commission_schedule_wake_at on commission_schedule (wake_at) where wake_at is not null;

-- Read model of commissions (SPEC C1–C4, §5). Rebuilt from the event store by the "commissions" processor.
create table commission_partner (
    partner_id varchar(255) primary key,
    kind       varchar(32)  not null,
    enrolled   boolean      not null
);

-- One row per ledger entry (accrual or signed adjustment); amounts keep the currency's scale (no typmod).
create table commission_entry (
    entry_id        varchar(255) primary key,
    partner_id      varchar(255) not null,
    sequence_number bigint       not null,
    deal_id         varchar(255) not null,
    month           char(7)      not null,
    month_end       timestamptz  not null,
    effective_at    timestamptz  not null,
    entry_kind      varchar(16)  not null,
    amount          numeric      not null,
    currency        char(3)      not null,
    rate            numeric      not null,
    policy_version  varchar(64)  not null,
    partner_kind    varchar(32)  not null,
    status_at_entry varchar(16)  not null
);

create index commission_entry_month on commission_entry (partner_id, month);

create table commission_hold (
    partner_id varchar(255) not null,
    since      timestamptz  not null,
    until      timestamptz,
    reason     varchar(64)  not null,
    primary key (partner_id, since)
);

create table commission_hold_release (
    partner_id varchar(255) not null,
    since      timestamptz  not null,
    currency   char(3)      not null,
    amount     numeric      not null,
    primary key (partner_id, since, currency)
);

-- Over-cap notices from registration-service (R6): the deadline from which commissions would be held.
create table commission_cap_notice (
    partner_id  varchar(255) not null,
    since       timestamptz  not null,
    deadline    timestamptz  not null,
    restored_at timestamptz,
    primary key (partner_id, since)
);

-- One row that orders fact batches and steps of business time (BusinessTimeWatermark): a batch holds it
-- shared, a step exclusively. It exists from the start, unlike business_time's row, so even the first
-- step cannot interleave with a batch.
create table commission_clock_lock (
    id smallint primary key check (id = 1)
);

insert into commission_clock_lock (id) values (1);
