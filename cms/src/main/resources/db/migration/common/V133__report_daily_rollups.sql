-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Reports (issue 9): daily rollups, so a year's summary reads a few rows per area and day instead of every play
-- log and 5-minute heartbeat slot, and raw rows can be dropped after the retention (docs/reports.md, "Retention
-- and rollups"). A day is a local day in a zone (every zone some area uses); the figures of the devices of one
-- area path on that day, computed from raw rows by the same code that reads raw rows for days not folded yet.
-- Recomputing a day replaces its rows (the fold job deletes and writes them in one transaction).
create table report_day (
    zone_id         varchar(64)   not null,
    local_day       date          not null,
    area_path       varchar(2048) not null,
    planned_seconds bigint        not null,
    aired_seconds   bigint        not null,
    missed_plays    bigint        not null,
    heard_slots     bigint        not null,
    possible_slots  bigint        not null,
    primary key (zone_id, local_day, area_path)
);
-- Seconds aired by bulletin category, per area path and day ('-' for streams and audio of no bulletin).
create table report_day_category (
    zone_id         varchar(64)   not null,
    local_day       date          not null,
    area_path       varchar(2048) not null,
    category        varchar(100)  not null,
    aired_seconds   bigint        not null,
    primary key (zone_id, local_day, area_path, category)
);
-- The days folded in each zone: a summary reads rollups for these days and raw rows for the others; the
-- retention job deletes raw rows of a day only once it (and its neighbours, for play logs) is here.
create table report_fold (
    zone_id    varchar(64) not null,
    local_day  date        not null,
    folded_at  timestamp with time zone not null,
    primary key (zone_id, local_day)
);
