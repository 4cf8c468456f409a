-- Each running cms process (one row per start) and when it last said it was alive; a media job records the
-- process that runs it and how often it was started, so a job whose process died is resumed once, then failed.
create table cms_node (
    id         uuid primary key,
    host       varchar(255) not null,
    pid        bigint        not null,
    started_at timestamp with time zone not null,
    seen_at    timestamp with time zone not null
);

alter table media_job add column node_id uuid;
alter table media_job add column attempts integer default 0 not null;
