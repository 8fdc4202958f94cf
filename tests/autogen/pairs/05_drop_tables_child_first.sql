-- engines: both
-- from
CREATE TABLE team (
    id INTEGER PRIMARY KEY,
    name VARCHAR(40) NOT NULL UNIQUE
);
CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES team (id),
    name TEXT NOT NULL
);
CREATE TABLE address (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL,
    line1 TEXT NOT NULL,
    CONSTRAINT fk_address_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
);
CREATE INDEX ix_person_team ON person (team_id);
INSERT INTO team (id, name) VALUES (1, 'red'), (2, 'blue');
INSERT INTO person (id, team_id, name) VALUES (1, 1, 'ann'), (2, 2, 'bob');
INSERT INTO address (id, person_id, line1) VALUES (1, 1, '1 Main St'), (2, 2, '2 Side St');
-- to
CREATE TABLE team (
    id INTEGER PRIMARY KEY,
    name VARCHAR(40) NOT NULL UNIQUE
);
