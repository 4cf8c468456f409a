-- The programme token (ProgrammeCache): every transaction that changes a broadcast or an offer writes a fresh
-- random value here just before it commits, so each cms node knows with one query whether the live programme it
-- holds in memory is still the one in the database.
create table programme_token (
    id integer primary key,
    token varchar(36) not null
);

insert into programme_token (id, token) values (1, 'initial');
