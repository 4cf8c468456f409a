-- Relays that never go silent (issue 10).
-- The area's fallback bulletin (bản tin dự phòng): what its boxes loop while a relay's source is lost or silent.
-- An area without one uses the nearest area above it that has one. The audio asset is kept with the choice, so
-- the box keeps the sound that was chosen even if the bulletin is later revised or archived.
create table relay_fallback (
    area_id         uuid          primary key references area (id) on delete cascade,
    bulletin_id     uuid          not null,
    audio_asset_id  uuid          not null,
    title           varchar(500)  not null,
    chosen_by       varchar(255)  not null,
    chosen_at       timestamp with time zone not null
);

-- What a relay lost: lost_seconds for its slot (null for recordings and boxes older than the field) and the
-- stretches as "from/to" ISO instants separated by spaces.
alter table play_log add column lost_seconds integer;
alter table play_log add column lost varchar(4000);
