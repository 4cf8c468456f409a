-- Raised by each change of a user's password: a session opened before the change ends on its next request.
alter table app_user add column credentials_version bigint default 0 not null;
