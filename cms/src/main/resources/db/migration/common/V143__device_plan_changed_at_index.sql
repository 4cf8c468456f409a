-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- Every node reads the plans changed lately once a second (edge's manifest index: `where changed_at >= ?`) to drop
-- the manifests another node's change made stale. Without an index that read scanned the whole table every second
-- on every node (10,000 rows in bench/edge-cms, 50,000 for the country), whether anything had changed or not.
create index device_plan_changed_at_idx on device_plan (changed_at);
