-- engines: both
-- from
CREATE TABLE reading (
    id INTEGER PRIMARY KEY,
    celsius REAL NOT NULL CHECK (celsius > -273.15),
    station TEXT NOT NULL CONSTRAINT ck_reading_station CHECK (station <> ''),
    lo INTEGER,
    hi INTEGER,
    CHECK (lo < hi)
);
INSERT INTO reading (id, celsius, station, lo, hi) VALUES (1, 21.5, 'LIS', 1, 2), (2, -5, 'OSL', NULL, NULL);
-- to
CREATE TABLE reading (
    id INTEGER PRIMARY KEY,
    celsius REAL NOT NULL,
    station TEXT NOT NULL,
    lo INTEGER,
    hi INTEGER
);
