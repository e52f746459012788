-- Read models of issue 3 (SPEC T1–T10, §5) and the admin-added threshold versions.

alter table partner_view
    add column name     varchar(255),
    add column kind     varchar(32) not null default 'SOLUTIONS_PARTNER',
    add column country  char(2),
    add column enrolled boolean     not null default false;

-- the latest amendment of each deal, also when it arrived before the deal itself (P1)
create table deal_amendment (
    partner_id   varchar(255)   not null,
    deal_id      varchar(255)   not null,
    mrr_amount   numeric(19, 4) not null,
    mrr_currency char(3)        not null,
    amended_at   timestamptz    not null,
    primary key (partner_id, deal_id)
);

alter table deal_points add column churned_at timestamptz;

-- managed accounts: one row per period with one MRR; until is exclusive, null while it lasts
create table account_period (
    partner_id       varchar(255)   not null,
    account_id       varchar(255)   not null,
    valid_from       timestamptz    not null,
    valid_until      timestamptz,
    customer_domain  varchar(255)   not null,
    customer_country char(2)        not null,
    mrr_amount       numeric(19, 4) not null,
    mrr_currency     char(3)        not null,
    primary key (partner_id, account_id, valid_from)
);

create table tier_change (
    partner_id         varchar(255)   not null,
    effective_at       timestamptz    not null,
    event_id           varchar(255)   not null unique,
    from_tier          varchar(32)    not null,
    to_tier            varchar(32)    not null,
    reason             varchar(32)    not null,
    sold12m            numeric(19, 2) not null,
    sold6m             numeric(19, 2) not null,
    managed            numeric(19, 2) not null,
    thresholds_version varchar(255)   not null,
    global_index       bigint         not null
);
create index tier_change_by_partner on tier_change (partner_id, effective_at, global_index);

create table month_evaluation (
    partner_id         varchar(255)   not null,
    month_end          timestamptz    not null,
    qualified_tier     varchar(32)    not null,
    sold12m            numeric(19, 2) not null,
    sold6m             numeric(19, 2) not null,
    managed            numeric(19, 2) not null,
    thresholds_version varchar(255)   not null,
    primary key (partner_id, month_end)
);

-- T6: versions added by admins; the program's default table lives in code (TierDefaults)
create table threshold_version (
    version_id       varchar(255)   primary key,
    effective_from   timestamptz    not null unique,
    created_at       timestamptz    not null default now(),
    gold_total       numeric(19, 2) not null,
    gold_sold        numeric(19, 2) not null,
    platinum_total   numeric(19, 2) not null,
    platinum_sold    numeric(19, 2) not null,
    diamond_total    numeric(19, 2) not null,
    diamond_sold     numeric(19, 2) not null,
    elite_total      numeric(19, 2) not null,
    elite_sold       numeric(19, 2) not null
);

-- every partner aggregate has exactly one first event: the month-end evaluations list partners from it
create index domainevententry_first_event on domainevententry (aggregateidentifier) where sequencenumber = 0;
