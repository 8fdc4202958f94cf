-- engines: sqlite
-- from
CREATE TABLE counter_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    msg TEXT NOT NULL,
    level INTEGER
);
INSERT INTO counter_log (msg, level) VALUES ('a', 1), ('b', 2), ('c', NULL);
INSERT INTO counter_log (id, msg, level) VALUES (100, 'jump', 3);
-- to
CREATE TABLE counter_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    msg TEXT NOT NULL,
    level TEXT,
    source TEXT NOT NULL DEFAULT 'app'
);
