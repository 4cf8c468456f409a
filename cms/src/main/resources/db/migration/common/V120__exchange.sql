-- The exchange between levels (issue 9). Each instance may be both a downstream (it pulls from its upstream and
-- pushes its figures up) and an upstream (it serves its downstream instances); the tables of both sides are here.

-- Downstream: where the pull of the upstream's dispatches stands (one row per feed), so a pull resumes from its
-- last mark after a restart or an outage.
create table exchange_cursor (
    feed        varchar(50)  primary key,
    updated_at  timestamp with time zone not null,
    last_id     varchar(64)  not null,
    pulled_at   timestamp with time zone not null
);

-- Downstream: each upstream broadcast received, and the local broadcast that airs it (null when refused here).
create table exchange_received (
    upstream_id         varchar(64)   primary key,
    upstream_updated_at timestamp with time zone not null,
    local_broadcast_id  uuid,
    area_id             uuid          not null,
    priority            varchar(20)   not null,
    state               varchar(20)   not null,
    problem             varchar(500),
    received_at         timestamp with time zone not null
);

-- Downstream: each upstream bulletin received, with the local approved bulletin that holds it and its audio.
create table exchange_received_bulletin (
    upstream_id       varchar(64)  primary key,
    local_bulletin_id uuid         not null,
    sha256            varchar(64)  not null,
    received_at       timestamp with time zone not null
);

-- Downstream: what is to be pushed up (daily figures, emergencies aired), written in the transaction that caused
-- it, sent at least once with a growing wait; the key makes the upstream's PUT idempotent, and a newer row with the
-- same key (the figures of a day recounted) replaces one not yet sent.
create table exchange_outbox (
    id              uuid          primary key,
    kind            varchar(20)   not null,
    push_key        varchar(300)  not null,
    body            varchar(20000) not null,
    created_at      timestamp with time zone not null,
    next_attempt_at timestamp with time zone not null,
    attempts        int           not null,
    claimed_until   timestamp with time zone,
    delivered_at    timestamp with time zone,
    last_error      varchar(500)
);
create index exchange_outbox_due_idx on exchange_outbox (delivered_at, next_attempt_at);

-- Upstream: the daily figures downstream instances pushed, by area code and local day. The path is this instance's
-- area with that code when the figures arrived (for reach); an area this instance does not have (a downstream's
-- commune) is kept with its name under its parent's path, and no area id.
create table exchange_figures (
    area_code          varchar(64)  not null,
    local_day          date         not null,
    area_id            uuid,
    area_name          varchar(300),
    area_path          varchar(1000) not null,
    bulletins_produced int,
    planned_seconds    bigint,
    aired_seconds      bigint,
    plays              int,
    interrupted_plays  int,
    failed_plays       int,
    missed_plays       int,
    devices_installed  int,
    devices_working    int,
    online_rate        double precision,
    sent_by            varchar(255) not null,
    received_at        timestamp with time zone not null,
    primary key (area_code, local_day)
);
create index exchange_figures_path_idx on exchange_figures (area_path, local_day);

-- Upstream: the emergencies downstream instances aired, by their own id (the same report twice is one row).
create table exchange_emergency (
    downstream_id varchar(64)   primary key,
    area_code     varchar(64)   not null,
    area_path     varchar(1000) not null,
    title         varchar(500)  not null,
    state         varchar(20)   not null,
    started_at    timestamp with time zone,
    ended_at      timestamp with time zone,
    sent_by       varchar(255)  not null,
    received_at   timestamp with time zone not null
);
