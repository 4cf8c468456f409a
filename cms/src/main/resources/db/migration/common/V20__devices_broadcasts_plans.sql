-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Devices (cụm loa), broadcasts (lịch phát) with their targets and the communes' inbox, each device's plan
-- version, play logs, missed plays, and the record of scheduled job runs.

-- A device belongs to one area; area_path is copied from it so that every read is one prefix match, like
-- everything else. The edge columns are filled by enrolment, heartbeats and the manifest (issue 5): they are
-- here from the start so that no later migration reshapes the table.
create table device (
    id                     uuid primary key,
    area_id                uuid          not null references area (id),
    area_path              varchar(2048) not null,
    name                   varchar(255)  not null,
    lat                    double precision,
    lon                    double precision,
    -- settings
    volume                 integer       not null,
    poll_seconds           integer       not null,
    created_at             timestamp with time zone not null,
    retired_at             timestamp with time zone,
    -- enrolment and credential (only hashes are kept)
    credential_hash        varchar(128),
    enrollment_code_hash   varchar(128),
    enrollment_expires_at  timestamp with time zone,
    hardware_id            varchar(128),
    enrolled_at            timestamp with time zone,
    -- live status, as the device last reported it
    last_seen_at           timestamp with time zone,
    offline_since          timestamp with time zone,
    playing_item_id        varchar(300),
    agent_version          varchar(64),
    free_bytes             bigint,
    cache_complete         boolean,
    reported_volume        integer,
    uptime_seconds         bigint,
    signal_quality         integer,
    version                bigint        not null
);
create index device_area_path_idx on device (area_path);
create index device_credential_idx on device (credential_hash);
create index device_enrollment_idx on device (enrollment_code_hash);

create table device_tag (
    device_id  uuid        not null references device (id) on delete cascade,
    tag        varchar(64) not null,
    primary key (device_id, tag)
);
create index device_tag_tag_idx on device_tag (tag);

-- The version of each device's plan: bumped, in the transaction of the change, whenever a change alters what
-- the device will play. The edge manifest derives its ETag from it; the notify job pushes a wake-up for every
-- version not yet notified, so a push lost with a node is sent again by the next.
create table device_plan (
    device_id         uuid   primary key references device (id) on delete cascade,
    version           bigint not null,
    changed_at        timestamp with time zone not null,
    notified_version  bigint not null,
    notified_at       timestamp with time zone
);

-- A broadcast (lịch phát). schedule holds the API's schedule object as JSON (ONCE with an offset, or
-- RECURRING in local dates and times of the target area). starts_at / ends_at are derived on saving, for
-- filtering and for the expiry trigger (ends_at null: no end).
create table broadcast (
    id                   uuid primary key,
    area_id              uuid          not null references area (id),
    area_path            varchar(2048) not null,
    title                varchar(300)  not null,
    priority             varchar(16)   not null,
    state                varchar(16)   not null,
    content_kind         varchar(16)   not null,
    stream_url           varchar(2000),
    stream_seconds       integer,
    schedule             varchar(8000) not null,
    volume               integer       not null,
    repeat_count         integer       not null,
    max_delay_seconds    integer       not null,
    acceptance_required  boolean       not null,
    starts_at            timestamp with time zone,
    ends_at              timestamp with time zone,
    created_by           varchar(64),
    created_at           timestamp with time zone not null,
    updated_at           timestamp with time zone not null,
    version              bigint        not null
);
create index broadcast_area_path_idx on broadcast (area_path);
create index broadcast_state_idx on broadcast (state);

-- The bulletins a broadcast plays, in order, with the delivery audio and its length as they were when it was
-- saved: media assets are immutable, and an approved bulletin's audio never changes.
create table broadcast_item (
    broadcast_id    uuid         not null references broadcast (id) on delete cascade,
    position        integer      not null,
    bulletin_id     uuid         not null references bulletin (id),
    media_asset_id  uuid         not null references media_asset (id),
    duration_ms     bigint       not null,
    title           varchar(300) not null,
    primary key (broadcast_id, position)
);
create index broadcast_item_bulletin_idx on broadcast_item (bulletin_id);

create table broadcast_target_area (
    broadcast_id  uuid          not null references broadcast (id) on delete cascade,
    area_id       uuid          not null references area (id),
    area_path     varchar(2048) not null,
    primary key (broadcast_id, area_id)
);
create index broadcast_target_area_path_idx on broadcast_target_area (area_path);

create table broadcast_target_tag (
    broadcast_id  uuid        not null references broadcast (id) on delete cascade,
    tag           varchar(64) not null,
    primary key (broadcast_id, tag)
);

-- Circular 39: NORMAL content from an upper level is offered to each commune it targets, and airs there only
-- once an operator of that commune accepts it.
create table broadcast_offer (
    id            uuid primary key,
    broadcast_id  uuid          not null references broadcast (id) on delete cascade,
    area_id       uuid          not null references area (id),
    area_path     varchar(2048) not null,
    state         varchar(16)   not null,
    decided_by    varchar(64),
    decided_at    timestamp with time zone,
    reason        varchar(1000),
    created_at    timestamp with time zone not null,
    version       bigint        not null,
    constraint broadcast_offer_unique unique (broadcast_id, area_id)
);
create index broadcast_offer_area_path_idx on broadcast_offer (area_path);

-- Proof of play from devices (written by the edge API). id is the device's own id for the entry, so a batch
-- sent twice is stored once.
create table play_log (
    id           uuid primary key,
    device_id    uuid         not null references device (id) on delete cascade,
    item_id      varchar(300) not null,
    media_id     varchar(64),
    started_at   timestamp with time zone,
    ended_at     timestamp with time zone,
    outcome      varchar(16)  not null,
    reason       varchar(1000),
    received_at  timestamp with time zone not null
);
create index play_log_device_item_idx on play_log (device_id, item_id);
create index play_log_device_started_idx on play_log (device_id, started_at);

-- Plan items that ended without their device reporting them played; found by the missed-plays job.
create table missed_play (
    device_id      uuid          not null references device (id) on delete cascade,
    item_id        varchar(300)  not null,
    broadcast_id   uuid          not null,
    area_path      varchar(2048) not null,
    priority       varchar(16)   not null,
    planned_start  timestamp with time zone not null,
    planned_end    timestamp with time zone not null,
    reported       varchar(16),
    reason         varchar(1000),
    detected_at    timestamp with time zone not null,
    primary key (device_id, item_id)
);
create index missed_play_area_path_idx on missed_play (area_path);
create index missed_play_end_idx on missed_play (planned_end);

-- How far a sweeping job has looked (e.g. missed plays checked up to here): its progress lives in the
-- database, not in Quartz, so a restart or another node carries on where it stopped.
create table job_watermark (
    job_name  varchar(100) primary key,
    until     timestamp with time zone not null
);

-- One row per job execution that committed its work, written in the same transaction as the work: a run
-- killed half way leaves no row, a doubled run would leave two. Operators read it; the cluster test counts it.
create table job_run (
    id            uuid primary key,
    job_name      varchar(100) not null,
    trigger_name  varchar(300) not null,
    scheduled_at  timestamp with time zone not null,
    fired_at      timestamp with time zone not null,
    finished_at   timestamp with time zone not null,
    instance_id   varchar(200) not null,
    recovering    boolean      not null,
    detail        varchar(1000)
);
create index job_run_trigger_idx on job_run (trigger_name, scheduled_at);
create index job_run_finished_idx on job_run (finished_at);
