-- Bulletins (bản tin), their workflow history and their audio.

create table bulletin_category (
    code      varchar(64)  primary key,
    name_vi   varchar(255) not null,
    name_en   varchar(255) not null,
    position  integer      not null,
    active    boolean      not null
);
insert into bulletin_category (code, name_vi, name_en, position, active) values
    ('thoi-su', 'Thời sự', 'News', 10, true),
    ('chinh-sach-phap-luat', 'Chính sách - pháp luật', 'Policy and law', 20, true),
    ('thong-bao-ubnd', 'Thông báo của UBND', 'People''s Committee notices', 30, true),
    ('y-te', 'Y tế', 'Health', 40, true),
    ('nong-nghiep', 'Nông nghiệp', 'Agriculture', 50, true),
    ('phong-chong-thien-tai', 'Phòng chống thiên tai', 'Disaster prevention', 60, true),
    ('van-hoa-xa-hoi', 'Văn hoá - xã hội', 'Culture and society', 70, true);

-- An immutable piece of stored audio: once written, its bytes never change, so whatever refers to it
-- (an approved bulletin, a schedule, a device's cache) keeps getting the same sound.
create table media_asset (
    id                 uuid primary key,
    role               varchar(16)   not null,
    storage_key        varchar(512)  not null,
    sha256             varchar(64)   not null,
    size_bytes         bigint        not null,
    mime_type          varchar(100)  not null,
    duration_ms        bigint,
    loudness_lufs      double precision,
    peaks              varchar(20000),
    original_filename  varchar(255),
    created_at         timestamp with time zone not null
);

-- lineage_id groups the revisions of one bulletin; editing an approved one makes a new row.
create table bulletin (
    id                  uuid primary key,
    lineage_id          uuid          not null,
    revision            integer       not null,
    area_id             uuid          not null references area (id),
    area_path           varchar(2048) not null,
    title               varchar(300)  not null,
    category            varchar(64)   not null references bulletin_category (code),
    body                varchar(100000),
    priority            varchar(16)   not null,
    valid_from          timestamp with time zone,
    valid_until         timestamp with time zone,
    status              varchar(16)   not null,
    author_id           uuid          not null,
    author_username     varchar(64)   not null,
    audio_asset_id      uuid          references media_asset (id),
    original_asset_id   uuid          references media_asset (id),
    search_text         varchar(110000) not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    version             bigint        not null
);
create index bulletin_area_path_idx on bulletin (area_path);
create index bulletin_status_idx on bulletin (status);
create index bulletin_lineage_idx on bulletin (lineage_id);

create table bulletin_event (
    id           uuid primary key,
    bulletin_id  uuid         not null references bulletin (id) on delete cascade,
    at           timestamp with time zone not null,
    actor        varchar(64)  not null,
    action       varchar(32)  not null,
    reason       varchar(2000)
);
create index bulletin_event_bulletin_idx on bulletin_event (bulletin_id);

-- Audio processing work; kept in the database so a restart resumes it instead of losing it.
create table media_job (
    id              uuid primary key,
    bulletin_id     uuid          not null references bulletin (id) on delete cascade,
    area_path       varchar(2048) not null,
    kind            varchar(16)   not null,
    state           varchar(16)   not null,
    progress        double precision not null,
    source_asset_id uuid          references media_asset (id),
    tts_voice       varchar(64),
    tts_rate        integer,
    tts_text        varchar(100000),
    error_code      varchar(64),
    created_by      varchar(64)   not null,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    version         bigint        not null
);
create index media_job_state_idx on media_job (state);
