-- engines: both
-- from
CREATE TABLE region (
    id INTEGER PRIMARY KEY,
    code VARCHAR(8) NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    CONSTRAINT uq_region_code UNIQUE (code)
);
CREATE TABLE shop (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES region (id) ON DELETE CASCADE,
    name VARCHAR(60) NOT NULL,
    rating NUMERIC(3,1) CHECK (rating BETWEEN 0 AND 5),
    open BOOLEAN NOT NULL DEFAULT TRUE,
    floor_area REAL,
    opened_on TEXT DEFAULT CURRENT_TIMESTAMP,
    visits BIGINT NOT NULL DEFAULT 0,
    UNIQUE (region_id, name),
    CONSTRAINT ck_shop_visits CHECK (visits >= 0)
);
CREATE INDEX ix_shop_region ON shop (region_id);
CREATE INDEX ix_shop_open_name ON shop (name) WHERE open = TRUE;
CREATE UNIQUE INDEX ux_shop_lower_name ON shop (lower(name), region_id);
INSERT INTO region (id, code, name) VALUES (1, 'N', 'north'), (2, 'S', 'south');
INSERT INTO shop (id, region_id, name, rating, open, floor_area, visits) VALUES (1, 1, 'Alpha', 4.5, TRUE, 120.5, 10), (2, 1, 'Beta', NULL, FALSE, NULL, 0), (3, 2, 'Gamma', 3.0, TRUE, 80, 7);
-- to
CREATE TABLE region (
    id INTEGER PRIMARY KEY,
    code VARCHAR(8) NOT NULL,
    name TEXT NOT NULL DEFAULT 'unnamed',
    CONSTRAINT uq_region_code UNIQUE (code)
);
CREATE TABLE shop (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES region (id) ON DELETE CASCADE,
    name VARCHAR(60) NOT NULL,
    rating NUMERIC(3,1) CHECK (rating BETWEEN 0 AND 5),
    open BOOLEAN NOT NULL DEFAULT TRUE,
    floor_area REAL,
    opened_on TEXT DEFAULT CURRENT_TIMESTAMP,
    visits BIGINT NOT NULL DEFAULT 0,
    UNIQUE (region_id, name),
    CONSTRAINT ck_shop_visits CHECK (visits >= 0)
);
CREATE INDEX ix_shop_region ON shop (region_id);
CREATE INDEX ix_shop_open_name ON shop (name) WHERE open = TRUE;
CREATE UNIQUE INDEX ux_shop_lower_name ON shop (lower(name), region_id);
