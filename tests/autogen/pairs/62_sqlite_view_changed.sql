-- engines: sqlite
-- from
CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE VIEW v_active_user AS SELECT id, name FROM app_user WHERE active = 1;
INSERT INTO app_user (id, name, email, active) VALUES (1, 'ann', 'ann@x.org', 1), (2, 'bob', NULL, 0);
-- to
CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE VIEW v_active_user AS SELECT id, name, email FROM app_user WHERE active = 1 AND email IS NOT NULL;
