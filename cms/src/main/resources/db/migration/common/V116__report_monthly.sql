-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Reports (issue 9): the monthly report of each area, made once by the monthly job after the month ended in the
-- area's zone, and kept as it was made (the figures as JSON, the report module's Summary): a later correction of
-- a play log does not change what was sent up. One per area and month.
create table report_monthly (
    id         uuid primary key,
    area_id    uuid          not null,
    area_path  varchar(2048) not null,
    period_month date        not null,
    made_at    timestamp with time zone not null,
    summary    varchar(1000000) not null,
    constraint report_monthly_unique unique (area_id, period_month)
);
create index report_monthly_area_path_idx on report_monthly (area_path);
