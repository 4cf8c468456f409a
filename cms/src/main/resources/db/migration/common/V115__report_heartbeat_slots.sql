-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Reports (issue 9): the 5-minute slots in which the server heard each device. A slot is a row when at least
-- one heartbeat of the device was received within [slot_start, slot_start + 5 min) by the server's clock; the
-- online rate of a period is the share of a device's slots that are rows (docs/reports.md). No foreign key to
-- device: the report module keeps its own rows, and a slot of a deleted device is simply never asked for.
create table report_heartbeat_slot (
    device_id   uuid                     not null,
    slot_start  timestamp with time zone not null,
    primary key (device_id, slot_start)
);
create index report_heartbeat_slot_start_idx on report_heartbeat_slot (slot_start);
