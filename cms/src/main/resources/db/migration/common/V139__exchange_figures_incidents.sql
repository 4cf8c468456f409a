-- Portable SQL: runs unchanged on H2 and PostgreSQL.
-- The exchange (issue 9, v1.1 of the figures pushed up): live and relay minutes and the incidents a downstream
-- counted (docs/exchange.md). Null: not counted (a downstream of v1.0 sends none of them).
alter table exchange_figures add column live_minutes double precision;
alter table exchange_figures add column relay_minutes double precision;
alter table exchange_figures add column outages integer;
alter table exchange_figures add column relay_losses integer;
alter table exchange_figures add column missed_emergencies integer;
