-- Probes of relay sources before air (issue 10): one row per broadcast occurrence and phase (BEFORE: the set time
-- ahead; START: at its start). The primary key is the claim: the node that inserts the row runs the probe, so a
-- cluster probes each slot once, and a probe due while every node was down still runs when one comes back (until
-- the slot ends). ok is null while the probe runs.
create table relay_probe (
    broadcast_id  uuid          not null,
    slot_start    timestamp with time zone not null,
    phase         varchar(8)    not null,
    area_id       uuid          not null,
    url           varchar(2000) not null,
    claimed_at    timestamp with time zone not null,
    probed_at     timestamp with time zone,
    ok            boolean,
    problem       varchar(500),
    primary key (broadcast_id, slot_start, phase)
);
create index relay_probe_slot_idx on relay_probe (slot_start);
