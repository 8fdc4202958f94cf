-- engines: postgresql
-- from
CREATE TABLE base (id integer PRIMARY KEY);
-- to
CREATE TABLE base (id integer PRIMARY KEY);
CREATE TABLE sub (extra text) INHERITS (base);
