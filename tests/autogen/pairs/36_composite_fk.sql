-- engines: both
-- from
CREATE TABLE region (
    country VARCHAR(2) NOT NULL,
    code VARCHAR(10) NOT NULL,
    name TEXT,
    PRIMARY KEY (country, code)
);
CREATE TABLE store (
    id INTEGER PRIMARY KEY,
    country VARCHAR(2),
    region_code VARCHAR(10),
    name TEXT NOT NULL
);
INSERT INTO region (country, code, name) VALUES ('PT', 'LIS', 'Lisboa'), ('PT', 'POR', 'Porto'), ('NO', 'OSL', 'Oslo');
INSERT INTO store (id, country, region_code, name) VALUES (1, 'PT', 'LIS', 's1'), (2, 'NO', 'OSL', 's2'), (3, NULL, NULL, 'web');
-- to
CREATE TABLE region (
    country VARCHAR(2) NOT NULL,
    code VARCHAR(10) NOT NULL,
    name TEXT,
    PRIMARY KEY (country, code)
);
CREATE TABLE store (
    id INTEGER PRIMARY KEY,
    country VARCHAR(2),
    region_code VARCHAR(10),
    name TEXT NOT NULL,
    CONSTRAINT fk_store_region FOREIGN KEY (country, region_code) REFERENCES region (country, code) ON DELETE CASCADE
);
CREATE INDEX ix_store_region ON store (country, region_code);
