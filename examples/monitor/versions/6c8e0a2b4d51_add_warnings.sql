-- mig:revision 6c8e0a2b4d51
-- mig:down_revision 5b7d9f1a3c42
-- mig:database monitor
-- mig:message warnings per transaction (one branch)

-- This revision and 8d0f2b4c6e73 both follow 5b7d9f1a3c42: two developers
-- worked on the monitoring database at the same time.  9e1a3c5d7f84 merges
-- the two branches.

-- mig:upgrade
CREATE TABLE warning (
    id INTEGER PRIMARY KEY,
    transaction_monitor_id INTEGER NOT NULL REFERENCES transaction_monitor (id),
    message TEXT NOT NULL
);
CREATE INDEX warning_transaction_monitor_id ON warning (transaction_monitor_id);
INSERT INTO warning (id, transaction_monitor_id, message) VALUES
    (1, 2, '1 of 2 sub-records failed');

-- mig:downgrade
DROP TABLE warning;
