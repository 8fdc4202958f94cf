-- engines: postgresql
-- from
CREATE TABLE counter (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE customer_note (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL
);
INSERT INTO counter (name) VALUES ('a'), ('b');
INSERT INTO customer_note (id, body) VALUES (1, 'x'), (2, 'y'), (3, 'z');
-- to
CREATE TABLE counter (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE customer_note (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    seq BIGSERIAL
);
CREATE TABLE audit_event (
    id SERIAL PRIMARY KEY,
    big_id BIGSERIAL NOT NULL,
    what TEXT NOT NULL
);
