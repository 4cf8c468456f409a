-- A live session (docs/live.md): a person speaking now, to the loudspeakers of some areas. The source (a
-- browser or an encoder) pushes to the ingest with the session's own credentials; only a hash of the password
-- is kept. broadcast_id is the stream broadcast that puts it on the boxes' manifests once the source is heard;
-- heard_at when its source last sent sound (kept by the node that holds the source, read by every
-- node's silence watch); bulletin_id the archived bulletin holding its recording once it has ended.
create table live_session (
    id                 uuid          primary key,
    area_id            uuid          not null,
    area_path          varchar(1024) not null,
    target_area_ids    varchar(4000) not null,
    title              varchar(300)  not null,
    priority           varchar(16)   not null,
    state              varchar(16)   not null,
    source_username    varchar(64)   not null,
    source_secret_hash varchar(64)   not null,
    listen_url         varchar(2000) not null,
    broadcast_id       uuid,
    bulletin_id        uuid,
    created_by         varchar(64)   not null,
    created_by_id      uuid          not null,
    creator_area_id    uuid,
    creator_scope      varchar(1024) not null,
    created_at         timestamp     not null,
    on_air_at          timestamp,
    ended_at           timestamp,
    end_reason         varchar(300),
    heard_at           timestamp,
    bytes_in           bigint        not null default 0
);

create index live_session_state on live_session (state);
