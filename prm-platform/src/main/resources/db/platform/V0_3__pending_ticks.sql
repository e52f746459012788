-- Ticks read but not in effect yet (SPEC B3): a tick takes effect once this service's consumer group has taken in
-- every record that was on its fact topics when the tick was read. barrier: "topic:partition=offset" entries.
create table pending_tick (
    tick_time timestamptz primary key,
    barrier   text        not null,
    read_at   timestamptz not null default now()
);
