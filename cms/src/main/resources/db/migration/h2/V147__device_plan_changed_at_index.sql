-- H2 only. Every node looks at the plans changed in the last minute once a second (ManifestIndex.refresh:
-- "changed_at >= ?"); without an index H2 read every device's row for it, a fifth of an idle cms's CPU with
-- 10,000 devices (docs/benchmarks.md, "Edge manifest requests per second"). PostgreSQL keeps its plan bumps as HOT
-- updates without such an index, and with one its "in (…)" bumps met a deadlock (the index tried as V143 and
-- taken out), so this is not in common/.
create index device_plan_changed_at on device_plan (changed_at);
