-- engines: both
-- from
CREATE TABLE maker (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE gadget (
    id INTEGER PRIMARY KEY,
    name VARCHAR(40) NOT NULL UNIQUE,
    maker_id INTEGER REFERENCES maker (id),
    price NUMERIC(8,2) DEFAULT 0 CHECK (price >= 0)
);
CREATE INDEX ix_gadget_maker ON gadget (maker_id);
INSERT INTO maker (id, name) VALUES (1, 'acme');
INSERT INTO gadget (id, name, maker_id, price) VALUES (1, 'widget', 1, 9.5), (2, 'gizmo', NULL, 0);
-- to
-- the same schema as "from", spelled differently: keyword and identifier
-- case, layout, comments, table-level instead of column-level constraints
create table MAKER ( ID integer primary key , NAME text not null ) ;
create table gadget (
    id integer primary key,   -- surrogate key
    name varchar(40) not null,
    maker_id integer,
    price numeric(8, 2) default 0,
    unique (name),
    foreign key (maker_id) references maker (id),
    check (price >= 0)
);
/* unchanged index */
create index ix_gadget_maker on gadget(maker_id);
