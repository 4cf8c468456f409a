-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- The server side of the edge protocol (/edge/v1, docs/edge-protocol.md): commands for devices, the last
-- things a device reported beyond its live status, quiet hours, single use of enrolment codes, and the media
-- each device was told about (for the manifest's purge list).

-- Quiet hours, as the operator sets them: local "HH:mm-HH:mm" stretches of the device's area, comma
-- separated (e.g. "22:00-05:00"); the manifest expands them into absolute instants.
alter table device add column quiet_hours varchar(200);
-- When the current enrolment code was used: a used code is kept (hashed) so a second use is told apart
-- (409) from an unknown code (404).
alter table device add column enrollment_used_at timestamp with time zone;
-- From the latest heartbeat, beside the live status columns of V20.
alter table device add column clock_skew_ms bigint;
alter table device add column manifest_version varchar(100);
alter table device add column media_errors varchar(4000);

-- What an operator asked a device to do. A device is sent every command not yet acknowledged, in its manifest,
-- until a heartbeat acknowledges it (commandsDone); it runs each id once.
create table device_command (
    id               uuid primary key,
    device_id        uuid         not null references device (id) on delete cascade,
    type             varchar(32)  not null,
    args             varchar(2000) not null,
    issued_by        varchar(64),
    issued_at        timestamp with time zone not null,
    acknowledged_at  timestamp with time zone
);
create index device_command_device_idx on device_command (device_id, issued_at);

-- The media each device was last told to hold, and when: the manifest lists as purge what the device was told
-- about recently and no longer needs. Rows older than the purge memory are deleted as they are read.
create table device_media (
    device_id       uuid        not null references device (id) on delete cascade,
    media_id        varchar(64) not null,
    last_listed_at  timestamp with time zone not null,
    primary key (device_id, media_id)
);
