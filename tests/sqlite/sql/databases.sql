-- Several databases in one call: a script that says "-- mig:database
-- monitor" belongs to the database attached as monitor, runs there (its
-- unqualified table names are monitor's, rebuilds included), and is kept
-- in monitor's own alembic_version, mig_revision and mig_log.
.headers on
-- not attached yet: a clear error, nothing stored
SELECT mig_register('-- mig:revision m1
-- mig:database monitor
-- mig:upgrade
CREATE TABLE transfer (id INTEGER PRIMARY KEY);');
SELECT mig_register('-- mig:revision m1
-- mig:database Monitor
-- mig:upgrade');
SELECT count(*) AS tables FROM sqlite_schema;

ATTACH '' AS monitor;
SELECT mig_register('-- mig:revision c1
-- mig:branch_labels catalog
-- mig:message holdings
-- mig:upgrade
CREATE TABLE holding (id INTEGER PRIMARY KEY, label TEXT NOT NULL);
INSERT INTO holding VALUES (1, ''h1''), (2, ''h2'');
-- mig:downgrade
DROP TABLE holding;') AS c1;
SELECT mig_register('-- mig:revision m1
-- mig:database monitor
-- mig:branch_labels monitor
-- mig:message transfers
-- mig:upgrade
CREATE TABLE transfer (id INTEGER PRIMARY KEY, holding_id INTEGER NOT NULL, state TEXT);
CREATE INDEX transfer_state ON transfer (state);
CREATE TRIGGER transfer_new AFTER INSERT ON transfer WHEN new.state IS NULL
BEGIN UPDATE transfer SET state = ''new'' WHERE id = new.id; END;
INSERT INTO transfer (id, holding_id) VALUES (1, 1), (2, 2);
-- mig:downgrade
DROP TABLE transfer;') AS m1;
-- depends_on may cross databases; down_revision may not
SELECT mig_register('-- mig:revision m2
-- mig:down_revision m1
-- mig:depends_on c1
-- mig:database monitor
-- mig:message state NOT NULL, holding label copied
-- mig:upgrade
ALTER TABLE transfer ALTER COLUMN state SET NOT NULL;
ALTER TABLE transfer ADD COLUMN label TEXT;
UPDATE transfer SET label = (SELECT label FROM main.holding h WHERE h.id = holding_id);
-- mig:downgrade
ALTER TABLE transfer DROP COLUMN label;
ALTER TABLE transfer ALTER COLUMN state DROP NOT NULL;') AS m2;
SELECT mig_register('-- mig:revision m9
-- mig:down_revision c1
-- mig:database monitor
-- mig:upgrade');
SELECT mig_register('-- mig:revision c1
-- mig:database monitor
-- mig:upgrade');
SELECT revision FROM main.mig_revision;
SELECT revision FROM monitor.mig_revision ORDER BY 1;
SELECT mig_heads();

-- what would run: the monitor statements name their database
SELECT mig_sql('upgrade', 'heads');

-- one call, one transaction, both databases
SELECT mig_upgrade('heads');
SELECT mig_current();
SELECT 'main' AS db, version_num FROM main.alembic_version
UNION ALL SELECT 'monitor', version_num FROM monitor.alembic_version;
SELECT * FROM monitor.transfer ORDER BY id;
-- the rebuild stayed in monitor: its index and trigger too; main has none of it
SELECT type, name FROM monitor.sqlite_schema WHERE name NOT LIKE 'sqlite%'
  AND name NOT IN ('alembic_version', 'mig_revision', 'mig_log') ORDER BY 1, 2;
SELECT name FROM main.sqlite_schema WHERE name LIKE 'transfer%';
SELECT revision, is_applied, database FROM mig_history;
SELECT revision, direction FROM monitor.mig_log ORDER BY id;
SELECT revision, direction FROM main.mig_log ORDER BY id;

-- a failure in one database undoes the call in both
SELECT mig_register('-- mig:revision c2
-- mig:down_revision c1
-- mig:upgrade
ALTER TABLE holding ADD COLUMN note TEXT;
-- mig:downgrade
ALTER TABLE holding DROP COLUMN note;') AS c2;
SELECT mig_register('-- mig:revision m3
-- mig:down_revision m2
-- mig:database monitor
-- mig:upgrade
INSERT INTO transfer (id, holding_id, state) VALUES (3, 1, NULL);
UPDATE transfer SET state = NULL WHERE id = 3;
-- mig:downgrade
DELETE FROM transfer WHERE id = 3;') AS m3;
SELECT mig_upgrade('heads');
SELECT mig_current();
SELECT group_concat(name) AS holding_columns FROM pragma_table_info('holding');
SELECT count(*) AS transfers FROM monitor.transfer;

-- one database at a time, by its branch label
SELECT mig_upgrade('catalog@head');
SELECT mig_downgrade('monitor@base');
SELECT mig_current();
SELECT count(*) AS monitor_tables FROM monitor.sqlite_schema WHERE name = 'transfer';

-- detached: its revisions are out of sight (so migrate with every
-- database attached: mig cannot see what a detached one depends on)
SELECT mig_upgrade('m2');
DETACH monitor;
SELECT mig_current();
SELECT mig_heads();

-- an attached database whose table is only named like mig's is not one of
-- mig's databases: its rows are nobody's revisions
ATTACH ':memory:' AS lookalike;
CREATE TABLE lookalike.mig_revision (id INTEGER, note TEXT);
INSERT INTO lookalike.mig_revision VALUES (1, 'not a revision');
SELECT mig_heads();
SELECT count(*) AS lookalike_in_history FROM mig_history WHERE database = 'lookalike';
DETACH lookalike;
