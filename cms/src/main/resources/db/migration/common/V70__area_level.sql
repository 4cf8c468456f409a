-- Portable SQL: runs unchanged on H2 and PostgreSQL.

-- The levels an area can be at (issue 12, item 11): the area form offers these as a choice instead of free
-- text. area.kind holds a level's code; the names are what people read. A national administrator adds more.
create table area_level (
    code      varchar(32)  primary key,
    name_vi   varchar(64)  not null,
    name_en   varchar(64)  not null,
    position  integer      not null
);

-- The levels the system has known: Vietnam's after the 2025 reform (province, commune, ward, special zone,
-- village, residential group) and the district of before, so older data still reads.
insert into area_level (code, name_vi, name_en, position) values ('country', 'Quốc gia', 'Country', 0);
insert into area_level (code, name_vi, name_en, position) values ('province', 'Tỉnh', 'Province', 10);
insert into area_level (code, name_vi, name_en, position) values ('city', 'Thành phố', 'City', 20);
insert into area_level (code, name_vi, name_en, position) values ('district', 'Huyện', 'District', 30);
insert into area_level (code, name_vi, name_en, position) values ('commune', 'Xã', 'Commune', 40);
insert into area_level (code, name_vi, name_en, position) values ('ward', 'Phường', 'Ward', 50);
insert into area_level (code, name_vi, name_en, position) values ('special-zone', 'Đặc khu', 'Special zone', 60);
insert into area_level (code, name_vi, name_en, position) values ('village', 'Thôn', 'Village', 70);
insert into area_level (code, name_vi, name_en, position) values ('residential-group', 'Tổ dân phố', 'Residential group', 80);

-- Any other kind already in use stays valid, named by its code until an administrator names it.
insert into area_level (code, name_vi, name_en, position)
select distinct a.kind, a.kind, a.kind, 900
from area a
where not exists (select 1 from area_level l where l.code = a.kind);
