-- Read model of points (SPEC T2–T5, §5 /points). Rebuilt from the event store by the "points" processor.
create table partner_view (
    partner_id varchar(255) primary key,
    first_seen timestamptz  not null
);

create table deal_points (
    partner_id       varchar(255)   not null,
    deal_id          varchar(255)   not null,
    customer_domain  varchar(255)   not null,
    customer_country char(2)        not null,
    mrr_amount       numeric(19, 4) not null,
    mrr_currency     char(3)        not null,
    closed_at        timestamptz    not null,
    em_factor        numeric(4, 2)  not null,
    points           numeric(19, 2) not null,
    primary key (partner_id, deal_id)
);

create index deal_points_window on deal_points (partner_id, closed_at);
