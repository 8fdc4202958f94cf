-- engines: both
-- from
CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL
);
CREATE INDEX ix_person_name ON person (name);
INSERT INTO person (id, name, email) VALUES (1, 'Ann', 'Ann@x.org'), (2, 'bob', 'bob@x.org');
-- to
CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL
);
CREATE INDEX ix_person_name ON person (lower(name));
CREATE UNIQUE INDEX ux_person_lower_email ON person (lower(email));
