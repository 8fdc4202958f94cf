-- engines: both
-- from
CREATE TABLE task (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    done BOOLEAN NOT NULL DEFAULT FALSE,
    deleted_at TEXT,
    owner TEXT
);
CREATE INDEX ix_task_open ON task (title) WHERE done = FALSE;
INSERT INTO task (id, title, done, deleted_at, owner) VALUES (1, 'a', FALSE, NULL, 'ann'), (2, 'b', TRUE, '2024-01-01', 'ann'), (3, 'c', FALSE, NULL, 'bob');
-- to
CREATE TABLE task (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    done BOOLEAN NOT NULL DEFAULT FALSE,
    deleted_at TEXT,
    owner TEXT
);
CREATE INDEX ix_task_open ON task (title) WHERE done = FALSE AND deleted_at IS NULL;
CREATE UNIQUE INDEX ux_task_owner_live ON task (owner) WHERE deleted_at IS NULL;
