-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- What a box did with an item as it happened (POST /edge/v1/events: RECEIVED, READY, STARTED, ENDED, FAILED,
-- LATE), for an emergency's live board and for telling "arrived late" from "said nothing". Stored once per id:
-- boxes re-send from their outbox until acknowledged.
create table item_event (
    id           uuid primary key,
    device_id    uuid                     not null references device (id) on delete cascade,
    item_id      varchar(300)             not null,
    type         varchar(16)              not null,
    at           timestamp with time zone not null,
    reason       varchar(1000),
    received_at  timestamp with time zone not null
);
create index item_event_device_item_idx on item_event (device_id, item_id);
create index item_event_item_idx on item_event (item_id);
