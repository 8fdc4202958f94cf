-- engines: both
-- from
CREATE TABLE city (
    id INTEGER PRIMARY KEY,
    name VARCHAR(10) NOT NULL,
    country VARCHAR(2)
);
INSERT INTO city (id, name, country) VALUES (1, 'Lisbon', 'PT'), (2, 'Oslo', 'NO'), (3, 'Reykjavik', NULL);
-- to
CREATE TABLE city (
    id INTEGER PRIMARY KEY,
    name VARCHAR(50) NOT NULL,
    country VARCHAR(3)
);
