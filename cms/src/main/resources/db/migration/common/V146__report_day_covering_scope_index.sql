-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Reports (issue 9): a summary reads a scope's rollup rows over a period through the scope index (V138), which held
-- only the keys, so every row found was looked up again in the table: on H2 (whose composite primary key is itself a
-- secondary index) that lookup was most of the rollups read's time, a year of a province being 110,000 lookups per
-- scan. The scope indexes now carry every column the read sums, so the rows come from the index alone (an index-only
-- scan on PostgreSQL too, once vacuumed). The rows are few (one per area path and day), so the wider index costs
-- little to write.
drop index report_day_scope_idx;
create index report_day_scope_idx on report_day (zone_id, area_path, local_day, planned_seconds, aired_seconds,
    missed_plays, heard_slots, possible_slots, live_seconds, relay_seconds, outages, failed_plays, relay_losses,
    missed_emergencies);
drop index report_day_category_scope_idx;
create index report_day_category_scope_idx on report_day_category (zone_id, area_path, local_day, category,
    aired_seconds);
