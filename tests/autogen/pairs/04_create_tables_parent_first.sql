-- engines: both
-- from
CREATE TABLE note (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL
);
INSERT INTO note (id, body) VALUES (1, 'keep me'), (2, 'me too');
-- to
CREATE TABLE note (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE TABLE team (
    id INTEGER PRIMARY KEY,
    name VARCHAR(40) NOT NULL UNIQUE
);
CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES team (id),
    note_id INTEGER REFERENCES note (id) ON DELETE SET NULL,
    name TEXT NOT NULL
);
CREATE TABLE address (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL,
    line1 TEXT NOT NULL,
    CONSTRAINT fk_address_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
);
CREATE INDEX ix_address_person ON address (person_id);
