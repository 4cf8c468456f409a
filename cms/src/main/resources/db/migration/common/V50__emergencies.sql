-- Emergencies (phát khẩn cấp): one thing an operator raises, watches and stops, built on bulletins and
-- broadcasts. A broadcast taken off air keeps why and when, for the boxes (the manifest's withdrawn items).

alter table broadcast add column end_reason varchar(2000);
alter table broadcast add column ended_at timestamp with time zone;

create table emergency (
    id                 uuid primary key,
    title              varchar(300)  not null,
    source             varchar(16)   not null,
    state              varchar(16)   not null,
    priority           varchar(16)   not null,
    area_id            uuid          not null references area (id),
    area_path          varchar(2048) not null,
    issued_at          timestamp with time zone not null,
    ends_at            timestamp with time zone,
    repeat_seconds     integer,
    content_generation integer       not null,
    aired_generation   integer       not null,
    failure            varchar(64),
    raised_by          varchar(64)   not null,
    raised_by_id       uuid          not null,
    raised_at          timestamp with time zone not null,
    updated_by         varchar(64),
    updated_at         timestamp with time zone,
    stopped_by         varchar(64),
    stopped_at         timestamp with time zone,
    stop_reason        varchar(2000),
    version            bigint        not null
);
create index emergency_area_path_idx on emergency (area_path);
create index emergency_state_idx on emergency (state);

create table emergency_area (
    emergency_id  uuid          not null references emergency (id) on delete cascade,
    area_id       uuid          not null,
    area_path     varchar(2048) not null,
    primary key (emergency_id, area_id)
);
create index emergency_area_path_idx2 on emergency_area (area_path);

create table emergency_device (
    emergency_id  uuid not null references emergency (id) on delete cascade,
    device_id     uuid not null,
    primary key (emergency_id, device_id)
);

-- What it airs, one bulletin per language, per generation (a replacement is the next generation).
create table emergency_content (
    emergency_id  uuid        not null references emergency (id) on delete cascade,
    position      integer     not null,
    generation    integer     not null,
    kind          varchar(16) not null,
    bulletin_id   uuid        not null references bulletin (id),
    voice         varchar(64),
    primary key (emergency_id, position)
);
create index emergency_content_bulletin_idx on emergency_content (bulletin_id);

-- The broadcasts it created: the first airing now and one per repeat, per generation.
create table emergency_broadcast (
    emergency_id  uuid    not null references emergency (id) on delete cascade,
    position      integer not null,
    generation    integer not null,
    broadcast_id  uuid    not null,
    primary key (emergency_id, position)
);
