-- Relay sources (issue 12): named stream URLs (VOV1, the provincial radio) an ADMIN keeps for an area; everyone
-- in that area's subtree picks from them on the broadcast form. Only the area's id is kept: its path is read from
-- the area when needed, so an area that moves takes its sources along.
create table relay_source (
    id          uuid          primary key,
    area_id     uuid          not null references area (id),
    name        varchar(100)  not null,
    url         varchar(2000) not null,
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null,
    updated_by  varchar(255)  not null,
    version     bigint        not null
);
create index relay_source_area_idx on relay_source (area_id);
