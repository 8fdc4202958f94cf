-- engines: both
-- from
CREATE TABLE price (
    id INTEGER PRIMARY KEY,
    amount INTEGER NOT NULL,
    tax NUMERIC(5,2),
    ratio REAL
);
INSERT INTO price (id, amount, tax, ratio) VALUES (1, 10, 1.25, 0.5), (2, 250, NULL, 0.25), (3, 0, 0, NULL);
-- to
CREATE TABLE price (
    id INTEGER PRIMARY KEY,
    amount NUMERIC(10,2) NOT NULL,
    tax NUMERIC(10,2),
    ratio NUMERIC(6,3)
);
