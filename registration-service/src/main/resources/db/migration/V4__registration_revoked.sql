-- SPEC B3: a registration revoked by a late fact shows REVOKED from revoked_at (its registration instant).
alter table registration_view add column revoked_at timestamptz;
alter table registration_view add column revoked_reason varchar(32);
