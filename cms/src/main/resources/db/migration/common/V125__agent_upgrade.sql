-- Remote upgrade of the boxes' agent (issue 13, docs/edge-agent.md "Remote upgrade").
-- The versions an operator may pick: where the jar is and its SHA-256, which the box checks before using it.
create table agent_release (
    version     varchar(64)  not null primary key,
    url         varchar(500) not null,
    sha256      varchar(64)  not null,
    notes       varchar(500),
    added_by    varchar(100) not null,
    added_at    timestamp    not null
);

-- What the box last said of its latest upgrade (heartbeat.upgrade): written by the edge API only.
alter table device add column upgrade_state varchar(16);
alter table device add column upgrade_version varchar(64);
alter table device add column upgrade_detail varchar(200);
alter table device add column upgrade_at timestamp;
