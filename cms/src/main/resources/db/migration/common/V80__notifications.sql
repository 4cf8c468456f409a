-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Notifications (issue 12, item 15). A user's e-mail address, for notifications by e-mail; optional.
alter table app_user add column email varchar(254);

-- What a user was told: one row per recipient, so reading and marking read never look at anyone else's.
-- kind and the subject's words are kept, not a rendered sentence: each page shows it in the reader's language.
create table notification (
    id            uuid                     primary key,
    user_id       uuid                     not null references app_user (id) on delete cascade,
    kind          varchar(32)              not null,
    area_path     varchar(2048)            not null,
    subject_type  varchar(32)              not null,
    subject_id    varchar(300)             not null,
    subject       varchar(500),
    detail        varchar(2000),
    created_at    timestamp with time zone not null,
    read_at       timestamp with time zone
);
create index notification_user_idx on notification (user_id, created_at);

-- A user's choice per kind; no row means the default (in the UI, not by e-mail).
create table notification_preference (
    user_id   uuid        not null references app_user (id) on delete cascade,
    kind      varchar(32) not null,
    enabled   boolean     not null,
    by_email  boolean     not null,
    primary key (user_id, kind)
);

-- One webhook per area, set by an ADMIN of the area. The secret signs each body (HMAC-SHA256); it is kept as
-- given because signing needs it, and it is never shown back or logged.
create table notification_webhook (
    area_id     uuid                     primary key references area (id) on delete cascade,
    url         varchar(2000)            not null,
    secret      varchar(200)             not null,
    enabled     boolean                  not null,
    updated_by  varchar(64)              not null,
    updated_at  timestamp with time zone not null
);

-- The outbox: what is still to be sent by e-mail or to a webhook, written in the transaction of the event that
-- caused it and sent by a sweeper (at least once; the id goes with it so a receiver can drop a repeat).
-- claimed_until lets several nodes share the sweep without a lock: a row is taken by one conditional update.
create table notification_delivery (
    id               uuid                     primary key,
    channel          varchar(16)              not null,
    target           varchar(2000)            not null,
    area_id          uuid,
    subject          varchar(500)             not null,
    body             varchar(8000)            not null,
    created_at       timestamp with time zone not null,
    next_attempt_at  timestamp with time zone not null,
    claimed_until    timestamp with time zone,
    attempts         integer                  not null,
    delivered_at     timestamp with time zone,
    failed_at        timestamp with time zone,
    last_error       varchar(500)
);
create index notification_delivery_due_idx on notification_delivery (delivered_at, next_attempt_at);
