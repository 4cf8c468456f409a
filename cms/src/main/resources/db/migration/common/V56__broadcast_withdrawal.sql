-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Broadcasts taken off air (ended or deleted, an emergency stopped, a CAP Cancel), with the reason and the time:
-- the manifest lists the items of such a broadcast a device was sent and that were still due (withdrawn[]), so
-- a box playing one stops it and logs why. Kept by the edge module; rows age out after a day.
create table broadcast_withdrawal (
    broadcast_id  uuid primary key,
    reason        varchar(500)             not null,
    at            timestamp with time zone not null
);
create index broadcast_withdrawal_at_idx on broadcast_withdrawal (at);
