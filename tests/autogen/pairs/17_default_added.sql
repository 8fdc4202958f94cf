-- engines: both
-- from
CREATE TABLE setting (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    value TEXT,
    enabled BOOLEAN,
    level INTEGER
);
INSERT INTO setting (id, name, value, enabled, level) VALUES (1, 'theme', 'dark', TRUE, 2), (2, 'lang', NULL, NULL, NULL);
-- to
CREATE TABLE setting (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    value TEXT DEFAULT 'none',
    enabled BOOLEAN DEFAULT TRUE,
    level INTEGER DEFAULT -1
);
