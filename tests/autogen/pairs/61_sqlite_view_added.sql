-- engines: sqlite
-- from
CREATE TABLE sale (
    id INTEGER PRIMARY KEY,
    region TEXT NOT NULL,
    amount NUMERIC(10,2) NOT NULL
);
INSERT INTO sale (id, region, amount) VALUES (1, 'north', 10), (2, 'north', 5.5), (3, 'south', 7);
-- to
CREATE TABLE sale (
    id INTEGER PRIMARY KEY,
    region TEXT NOT NULL,
    amount NUMERIC(10,2) NOT NULL
);
CREATE VIEW v_sale_by_region AS
    SELECT region, sum(amount) AS total, count(*) AS n
      FROM sale
     GROUP BY region;
