-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Reports (issue 9): a province's summary (and the daily fold) reads the plan items of every loudspeaker that start
-- in a period, by time range; 500 devices a query read each device's whole kept plan (90 days) 20 times over for
-- 10,000 loudspeakers. The primary key (device_id, item_id) still serves a commune's few devices.
create index device_plan_item_start_idx on device_plan_item (planned_start);
