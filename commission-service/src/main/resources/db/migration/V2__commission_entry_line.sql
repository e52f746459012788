-- One CommissionsSettled event holds several entries: their order within it (0 for the older one-entry events).
alter table commission_entry add column line integer not null default 0;
