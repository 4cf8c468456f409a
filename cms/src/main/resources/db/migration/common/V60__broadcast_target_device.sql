-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Devices a broadcast reaches one by one, besides the areas and tags it targets (the scheduler's Targets takes
-- the union): a CAP alert's polygon or circle picks the loudspeakers that stand inside it, whatever area they
-- sit in. A device that is deleted leaves the broadcasts that named it.
create table broadcast_target_device (
    broadcast_id  uuid not null references broadcast (id) on delete cascade,
    device_id     uuid not null references device (id) on delete cascade,
    primary key (broadcast_id, device_id)
);
create index broadcast_target_device_device_idx on broadcast_target_device (device_id);
