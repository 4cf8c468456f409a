-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Reports (issue 9): live and relay seconds and the four kinds of incident are folded into the daily rollups like
-- air time (docs/reports.md, "Retention and rollups"), so they outlive the raw rows they are counted from.
alter table report_day add column live_seconds bigint default 0 not null;
alter table report_day add column relay_seconds bigint default 0 not null;
alter table report_day add column outages bigint default 0 not null;
alter table report_day add column failed_plays bigint default 0 not null;
alter table report_day add column relay_losses bigint default 0 not null;
alter table report_day add column missed_emergencies bigint default 0 not null;
-- What a folded day holds: 1 = air time, missed plays and heartbeat slots only (folded before this migration);
-- 2 = with streams and incidents. The fold job folds a day of an older content again while its raw rows are kept.
alter table report_fold add column content_version integer default 1 not null;
-- A summary reads one scope (an area path prefix) over a period: without this index a commune's summary scans the
-- rows of every area of the zone in the period (the primary key begins with the day).
create index report_day_scope_idx on report_day (zone_id, area_path, local_day);
create index report_day_category_scope_idx on report_day_category (zone_id, area_path, local_day);
