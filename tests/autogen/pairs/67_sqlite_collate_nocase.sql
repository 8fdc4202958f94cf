-- engines: sqlite
-- from
CREATE TABLE tagname (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT
);
CREATE INDEX ix_tagname_slug ON tagname (slug);
INSERT INTO tagname (id, name, slug) VALUES (1, 'Red', 'red'), (2, 'blue', 'blue'), (3, 'Green', 'GREEN');
-- to
CREATE TABLE tagname (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE,
    slug TEXT
);
CREATE UNIQUE INDEX ux_tagname_name ON tagname (name);
CREATE INDEX ix_tagname_slug ON tagname (slug COLLATE NOCASE);
