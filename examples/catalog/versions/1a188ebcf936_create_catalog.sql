-- mig:revision 1a188ebcf936
-- mig:down_revision none
-- mig:message create the catalog: holding, transaction_record, file, location
-- mig:branch_labels catalog

-- A holding is a named collection of files a user put in the store; each
-- PUT is a transaction_record; each file has one or more locations (object
-- storage, tape).  Ids are plain INTEGER PRIMARY KEYs supplied by the
-- application, so the same DDL runs on SQLite and PostgreSQL.

-- mig:upgrade
CREATE TABLE holding (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    user_name TEXT NOT NULL,
    group_name TEXT NOT NULL,
    project TEXT,
    UNIQUE (user_name, label)
);

CREATE TABLE transaction_record (
    id INTEGER PRIMARY KEY,
    holding_id INTEGER NOT NULL REFERENCES holding (id),
    transaction_id TEXT NOT NULL UNIQUE,
    ingest_time TEXT NOT NULL
);
CREATE INDEX transaction_record_holding_id ON transaction_record (holding_id);

CREATE TABLE file (
    id INTEGER PRIMARY KEY,
    transaction_record_id INTEGER NOT NULL REFERENCES transaction_record (id),
    original_path TEXT NOT NULL,
    path_type TEXT NOT NULL CHECK (path_type IN ('FILE', 'DIRECTORY', 'LINK')),
    size BIGINT NOT NULL DEFAULT 0,
    user_name TEXT NOT NULL,
    group_name TEXT NOT NULL,
    file_permissions INTEGER
);
CREATE INDEX file_transaction_record_id ON file (transaction_record_id);

-- server holds the whole endpoint, e.g. 'https://s3.example.org';
-- revision 8c7be02af42f splits it into scheme and netloc.
CREATE TABLE location (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES file (id),
    storage_type TEXT NOT NULL CHECK (storage_type IN ('OBJECT_STORAGE', 'TAPE')),
    server TEXT,
    root TEXT NOT NULL,
    path TEXT NOT NULL,
    access_time TEXT
);
CREATE INDEX location_file_id ON location (file_id);

-- mig:downgrade
DROP TABLE location;
DROP TABLE file;
DROP TABLE transaction_record;
DROP TABLE holding;
