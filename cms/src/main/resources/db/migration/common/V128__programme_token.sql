-- The programme token (ProgrammeCache): every transaction that changes a broadcast or an offer writes a fresh
-- random value here just before it commits, so each cms node knows with one query whether the live programme it
-- holds in memory is still the one in the database. "previous" is the value that write replaced: the node that
-- made the change keeps its new programme without reading it all again only when no other change came between.
create table programme_token (
    id integer primary key,
    token varchar(36) not null,
    previous varchar(36)
);

insert into programme_token (id, token) values (1, 'initial');
