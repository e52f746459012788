-- B3, T5: points at D count the facts dated at or before D. Every amendment is kept, with its points once its deal
-- is known (deal_points keeps the close), and a managed account's period ends at its next dated fact, a release
-- included, whatever order they were taken in.
-- The points read model is rebuilt from the event store: the old one kept only the latest amendment, over the close.
truncate deal_points, deal_amendment, account_period, partner_view;
delete from tokenentry where processorname = 'points';

alter table deal_amendment drop constraint deal_amendment_pkey;
alter table deal_amendment add primary key (partner_id, deal_id, amended_at);
alter table deal_amendment
    add column em_factor numeric(4, 2),
    add column points    numeric(19, 2);

create table account_release (
    partner_id  varchar(255) not null,
    account_id  varchar(255) not null,
    released_at timestamptz  not null,
    primary key (partner_id, account_id, released_at)
);
