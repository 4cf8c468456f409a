-- Whose audio a job is (issue 14): an emergency's job queued when cms stopped takes the emergency lane again at
-- the next start instead of waiting behind bulletins. Jobs from before this knew no urgency: routine.
alter table media_job add column urgency varchar(16) default 'ROUTINE' not null;
