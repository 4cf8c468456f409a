-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Retention (issue 9): play logs older than the retention are deleted a day at a time, by when they started,
-- across all devices; without this index each day's delete would read the whole table.
create index play_log_started_idx on play_log (started_at);
