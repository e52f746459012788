-- Every PRM service event-sources with Axon on JDBC; this is its storage, in the service's own database.
-- Axon's JDBC event store, token store and snapshots, owned by Flyway. Unquoted names: Axon's JDBC
-- statements use camelCase identifiers that PostgreSQL folds to these lower-case names.
-- Payloads are BYTEA (never OID large objects, which leak). The global index comes from a BIGSERIAL
-- (sequence cache 1), so it has no allocation gaps; gaps left by concurrent transactions are the only
-- kind, and tracking processors wait for them.
create table domainevententry (
    globalindex         bigserial    primary key,
    aggregateidentifier varchar(255) not null,
    sequencenumber      bigint       not null,
    type                varchar(255),
    eventidentifier     varchar(255) not null unique,
    metadata            bytea,
    payload             bytea        not null,
    payloadrevision     varchar(255),
    payloadtype         varchar(255) not null,
    timestamp           varchar(255) not null,
    unique (aggregateidentifier, sequencenumber)
);

create table snapshotevententry (
    aggregateidentifier varchar(255) not null,
    sequencenumber      bigint       not null,
    type                varchar(255) not null,
    eventidentifier     varchar(255) not null unique,
    metadata            bytea,
    payload             bytea        not null,
    payloadrevision     varchar(255),
    payloadtype         varchar(255) not null,
    timestamp           varchar(255) not null,
    primary key (aggregateidentifier, sequencenumber)
);

create table tokenentry (
    processorname varchar(255) not null,
    segment       integer      not null,
    token         bytea,
    tokentype     varchar(255),
    timestamp     varchar(255),
    owner         varchar(255),
    primary key (processorname, segment)
);
