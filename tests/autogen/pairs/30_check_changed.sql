-- engines: both
-- from
CREATE TABLE grade (
    id INTEGER PRIMARY KEY,
    value INTEGER NOT NULL,
    weight REAL NOT NULL CHECK (weight > 0),
    CONSTRAINT ck_grade_value CHECK (value BETWEEN 0 AND 10)
);
INSERT INTO grade (id, value, weight) VALUES (1, 7, 1.0), (2, 10, 0.5);
-- to
CREATE TABLE grade (
    id INTEGER PRIMARY KEY,
    value INTEGER NOT NULL,
    weight REAL NOT NULL CHECK (weight >= 0),
    CONSTRAINT ck_grade_value CHECK (value BETWEEN 0 AND 100)
);
