-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Reports (issue 9): an intraday fold of the heartbeat slots of today (docs/reports.md, "Retention and rollups"), so
-- a summary reads today's slots raw only since the last fold (about an hour) instead of the whole day (2.7 million
-- rows for 10,000 loudspeakers). The figures of the slots of [the day's start, folded_until) per area path, made by
-- the same code as a summary's raw read; replaced by each fold (hourly, with the daily rollups).
create table report_slot_part (
    zone_id         varchar(64)   not null,
    local_day       date          not null,
    area_path       varchar(2048) not null,
    heard_slots     bigint        not null,
    possible_slots  bigint        not null,
    outages         bigint        not null,
    primary key (zone_id, local_day, area_path)
);
-- The day of a zone whose slots are folded up to folded_until. A slot written later for an earlier instant (never by
-- a heartbeat: slots are written as beats arrive) deletes the marker, and the day is read raw again.
create table report_slot_fold (
    zone_id       varchar(64)              not null,
    local_day     date                     not null,
    folded_until  timestamp with time zone not null,
    folded_at     timestamp with time zone not null,
    primary key (zone_id, local_day)
);
