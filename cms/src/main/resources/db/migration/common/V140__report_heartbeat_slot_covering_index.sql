-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Reports (issue 9): a summary's raw tail (today's heartbeat slots of a province: up to 2.7 million rows a day for
-- 10,000 loudspeakers) reads a range of slot_start and only the two columns of the table. With both in the index,
-- H2 and PostgreSQL (index-only scan) answer from the index alone instead of looking up each row; the index on
-- slot_start alone (V115) is a prefix of this one and goes.
create index report_heartbeat_slot_start_device_idx on report_heartbeat_slot (slot_start, device_id);
drop index report_heartbeat_slot_start_idx;
