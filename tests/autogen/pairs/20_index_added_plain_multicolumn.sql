-- engines: both
-- from
CREATE TABLE log_entry (
    id INTEGER PRIMARY KEY,
    level TEXT NOT NULL,
    source TEXT,
    at TEXT NOT NULL
);
INSERT INTO log_entry (id, level, source, at) VALUES (1, 'info', 'web', '2024-01-01'), (2, 'warn', NULL, '2024-01-02');
-- to
CREATE TABLE log_entry (
    id INTEGER PRIMARY KEY,
    level TEXT NOT NULL,
    source TEXT,
    at TEXT NOT NULL
);
CREATE INDEX ix_log_entry_level ON log_entry (level);
CREATE INDEX ix_log_entry_source_at ON log_entry (source, at DESC);
