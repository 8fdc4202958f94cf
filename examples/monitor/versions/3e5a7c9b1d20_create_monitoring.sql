-- mig:revision 3e5a7c9b1d20
-- mig:down_revision none
-- mig:depends_on 1a188ebcf936
-- mig:database monitor
-- mig:branch_labels monitor
-- mig:message create the monitoring database: transaction_monitor, sub_record, failed_file

-- The monitoring database follows each PUT of the catalog (by its
-- transaction_id: the two databases share no foreign keys) through its
-- sub-records, and keeps the files that failed.  It is its own database:
-- SQLite attaches it as "monitor", PostgreSQL keeps it in schema monitor.
-- It depends on the catalog's first revision, whose transaction ids it
-- refers to.

-- mig:upgrade
CREATE TABLE transaction_monitor (
    id INTEGER PRIMARY KEY,
    transaction_id TEXT NOT NULL UNIQUE,
    api_action TEXT NOT NULL CHECK (api_action IN ('put', 'get', 'del')),
    creation_time TEXT NOT NULL
);

CREATE TABLE sub_record (
    id INTEGER PRIMARY KEY,
    transaction_monitor_id INTEGER NOT NULL REFERENCES transaction_monitor (id),
    sub_id TEXT NOT NULL,
    state TEXT NOT NULL,
    retry_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sub_record_transaction_monitor_id ON sub_record (transaction_monitor_id);

CREATE TABLE failed_file (
    id INTEGER PRIMARY KEY,
    sub_record_id INTEGER NOT NULL REFERENCES sub_record (id),
    filepath TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX failed_file_sub_record_id ON failed_file (sub_record_id);

-- mig:downgrade
DROP TABLE failed_file;
DROP TABLE sub_record;
DROP TABLE transaction_monitor;
