-- engines: both
-- from
CREATE TABLE visit (
    id INTEGER PRIMARY KEY,
    page TEXT NOT NULL,
    visitor TEXT NOT NULL,
    at TEXT
);
CREATE INDEX ix_visit_page ON visit (page);
CREATE INDEX ix_visit_visitor ON visit (visitor);
INSERT INTO visit (id, page, visitor, at) VALUES (1, '/a', 'u1', '2024-01-01'), (2, '/b', 'u1', NULL), (3, '/a', 'u2', '2024-01-03');
-- to
CREATE TABLE visit (
    id INTEGER PRIMARY KEY,
    page TEXT NOT NULL,
    visitor TEXT NOT NULL,
    at TEXT
);
CREATE INDEX ix_visit_page ON visit (page, at);
CREATE UNIQUE INDEX ix_visit_visitor ON visit (visitor, page);
