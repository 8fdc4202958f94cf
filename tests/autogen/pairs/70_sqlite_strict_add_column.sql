-- engines: sqlite
-- from
CREATE TABLE sensor (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
) STRICT;
CREATE TABLE measurement (
    id INTEGER PRIMARY KEY,
    sensor_id INTEGER NOT NULL REFERENCES sensor (id),
    value REAL NOT NULL
) STRICT;
INSERT INTO sensor (id, name) VALUES (1, 'roof'), (2, 'cellar');
INSERT INTO measurement (id, sensor_id, value) VALUES (1, 1, 21.5), (2, 2, 12.0), (3, 1, 22.0);
-- to
CREATE TABLE sensor (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
) STRICT;
CREATE TABLE measurement (
    id INTEGER PRIMARY KEY,
    sensor_id INTEGER NOT NULL REFERENCES sensor (id),
    value REAL NOT NULL,
    unit TEXT NOT NULL DEFAULT 'C',
    note TEXT
) STRICT;
