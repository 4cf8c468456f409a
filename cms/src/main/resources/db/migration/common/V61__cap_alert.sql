-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Every CAP 1.2 alert OpenLoa took in (POST /api/v1/alerts or a polled feed), aired or not: its header, the
-- document as received, what became of it (state, the emergency it aired as) and who posted it. The same
-- sender and identifier is the same alert (CAP 1.2, 3.2.1): a repeat answers with the stored one.
create table cap_alert (
    id                uuid                     primary key,
    sender            varchar(1000)            not null,
    identifier        varchar(1000)            not null,
    sent              timestamp with time zone not null,
    status            varchar(16)              not null,
    msg_type          varchar(16)              not null,
    scope             varchar(16)              not null,
    refs              varchar(100000),
    title             varchar(300),
    priority          varchar(16),
    expires_at        timestamp with time zone,
    state             varchar(16)              not null,
    reason            varchar(1000),
    stopped_at        timestamp with time zone,
    emergency_id      uuid,
    references_alert  uuid                     references cap_alert (id),
    targeted_devices  integer                  not null default 0,
    target_areas      varchar(100000),
    target_devices    varchar(10000000),
    broadcast_ids     varchar(100000),
    area_path         varchar(1000)            not null,
    posted_by         varchar(200)             not null,
    received_at       timestamp with time zone not null,
    raw_xml           varchar(10000000)        not null,
    constraint cap_alert_sender_identifier unique (sender, identifier)
);
create index cap_alert_received_idx on cap_alert (received_at);
create index cap_alert_emergency_idx on cap_alert (emergency_id);
