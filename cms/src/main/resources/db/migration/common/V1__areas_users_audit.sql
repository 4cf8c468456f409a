-- Portable SQL: runs unchanged on H2 and PostgreSQL.

-- The administrative tree. path holds the ids from the top down ("/id1/id2/"), so "everything under
-- an area" is one indexed prefix match, which is how every read is scoped to the caller's subtree.
create table area (
    id            uuid primary key,
    code          varchar(64)   not null,
    name          varchar(255)  not null,
    kind          varchar(32)   not null,
    parent_id     uuid          references area (id),
    path          varchar(2048) not null,
    time_zone     varchar(64)   not null,
    retired_on    date,
    successor_id  uuid          references area (id),
    created_at    timestamp with time zone not null,
    version       bigint        not null,
    constraint area_code_unique unique (code)
);
create index area_path_idx on area (path);
create index area_parent_idx on area (parent_id);

-- area_id null means the national level: such a user's rights reach every area.
create table app_user (
    id             uuid primary key,
    username       varchar(64)  not null,
    password_hash  varchar(255) not null,
    display_name   varchar(255) not null,
    area_id        uuid         references area (id),
    enabled        boolean      not null,
    created_at     timestamp with time zone not null,
    version        bigint       not null,
    constraint app_user_username_unique unique (username)
);

create table app_user_role (
    user_id  uuid        not null references app_user (id) on delete cascade,
    role     varchar(16) not null,
    primary key (user_id, role)
);

-- Only a SHA-256 of a token is kept: tokens are 256-bit random, so a slow hash adds nothing.
create table api_token (
    id            uuid primary key,
    user_id       uuid         not null references app_user (id) on delete cascade,
    name          varchar(100) not null,
    token_hash    varchar(64)  not null,
    token_hint    varchar(16)  not null,
    created_at    timestamp with time zone not null,
    expires_at    timestamp with time zone,
    last_used_at  timestamp with time zone,
    revoked_at    timestamp with time zone,
    constraint api_token_hash_unique unique (token_hash)
);
create index api_token_user_idx on api_token (user_id);

-- Failed logins per (username, address), in the database so that every cms node throttles alike.
create table login_throttle (
    throttle_key     varchar(400) primary key,
    failures         integer      not null,
    last_failure_at  timestamp with time zone not null,
    locked_until     timestamp with time zone
);

create table audit_event (
    id              uuid primary key,
    at              timestamp with time zone not null,
    actor           varchar(64),
    action          varchar(64)   not null,
    target_type     varchar(32),
    target_id       varchar(64),
    area_path       varchar(2048),
    detail          varchar(4000),
    remote_address  varchar(64)
);
create index audit_event_at_idx on audit_event (at);
create index audit_event_actor_idx on audit_event (actor);
