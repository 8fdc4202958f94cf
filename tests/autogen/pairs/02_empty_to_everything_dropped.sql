-- engines: both
-- from
CREATE TABLE team (
    id INTEGER PRIMARY KEY,
    name VARCHAR(40) NOT NULL UNIQUE
);
CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    team_id INTEGER REFERENCES team (id),
    name TEXT NOT NULL,
    CONSTRAINT ck_person_name CHECK (length(name) > 0)
);
CREATE TABLE address (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    line1 TEXT NOT NULL,
    zip VARCHAR(10)
);
CREATE INDEX ix_address_person ON address (person_id);
CREATE UNIQUE INDEX ux_person_team_name ON person (team_id, name);
INSERT INTO team (id, name) VALUES (1, 'red'), (2, 'blue');
INSERT INTO person (id, team_id, name) VALUES (1, 1, 'ann'), (2, 2, 'bob'), (3, NULL, 'cy');
INSERT INTO address (id, person_id, line1, zip) VALUES (1, 1, '1 Main St', '12345'), (2, 3, '2 Side St', NULL);
-- to
