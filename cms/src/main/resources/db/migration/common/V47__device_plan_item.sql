-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Every plan item a device was sent in a manifest, with its planned window: the proof that a play log names
-- something the device was really told to play. Kept when the broadcast is deleted or changed later, so a play
-- that happened stays provable; rows are dropped a while after the window ends.
create table device_plan_item (
    device_id      uuid                     not null references device (id) on delete cascade,
    item_id        varchar(300)             not null,
    planned_start  timestamp with time zone not null,
    planned_end    timestamp with time zone not null,
    first_listed   timestamp with time zone not null,
    primary key (device_id, item_id)
);
create index device_plan_item_end_idx on device_plan_item (planned_end);
