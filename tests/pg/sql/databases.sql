-- Several databases as schemas of one database: a script that says
-- "-- mig:database monitor" runs with schema monitor first in search_path,
-- and is kept in monitor's own alembic_version, mig_revision and mig_log;
-- the same scripts as on SQLite, where monitor is an attached database.
CREATE EXTENSION mig;
-- no such schema yet: a clear error, nothing stored
SELECT mig_register('-- mig:revision m1
-- mig:database monitor
-- mig:upgrade
CREATE TABLE transfer (id integer PRIMARY KEY);');
CREATE SCHEMA monitor;
SELECT mig_register('-- mig:revision c1
-- mig:branch_labels catalog
-- mig:message holdings
-- mig:upgrade
CREATE TABLE holding (id integer PRIMARY KEY, label text NOT NULL);
INSERT INTO holding VALUES (1, ''h1''), (2, ''h2'');
-- mig:downgrade
DROP TABLE holding;') AS c1;
SELECT mig_register('-- mig:revision m1
-- mig:database monitor
-- mig:branch_labels monitor
-- mig:message transfers
-- mig:upgrade
CREATE TABLE transfer (id integer PRIMARY KEY, holding_id integer NOT NULL, state text);
CREATE INDEX transfer_state ON transfer (state);
INSERT INTO transfer (id, holding_id, state) VALUES (1, 1, ''new''), (2, 2, ''new'');
-- mig:downgrade
DROP TABLE transfer;') AS m1;
SELECT mig_register('-- mig:revision m2
-- mig:down_revision m1
-- mig:depends_on c1
-- mig:database monitor
-- mig:message state NOT NULL, holding label copied
-- mig:upgrade
ALTER TABLE transfer ALTER COLUMN state SET NOT NULL;
ALTER TABLE transfer ADD COLUMN label text;
UPDATE transfer SET label = (SELECT label FROM public.holding h WHERE h.id = holding_id);
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
SELECT revision FROM public.mig_revision;
SELECT revision FROM monitor.mig_revision ORDER BY 1;
SELECT mig_heads();

-- offline: the statement that puts monitor first, and the one that puts
-- the caller's search_path back
SELECT mig_sql('upgrade', 'heads');

-- one call, one transaction, both schemas
SET client_min_messages = warning;
SELECT mig_upgrade('heads');
RESET client_min_messages;
SELECT current_setting('search_path');
SELECT mig_current();
SELECT 'public' AS db, version_num FROM public.alembic_version
UNION ALL SELECT 'monitor', version_num FROM monitor.alembic_version;
SELECT * FROM monitor.transfer ORDER BY id;
SELECT to_regclass('public.transfer') AS not_in_public;
SELECT revision, is_applied, database FROM mig_history();
SELECT revision, direction FROM monitor.mig_log ORDER BY id;

-- a failure in one schema undoes the call in both
SELECT mig_register('-- mig:revision c2
-- mig:down_revision c1
-- mig:upgrade
ALTER TABLE holding ADD COLUMN note text;
-- mig:downgrade
ALTER TABLE holding DROP COLUMN note;') AS c2;
SELECT mig_register('-- mig:revision m3
-- mig:down_revision m2
-- mig:database monitor
-- mig:upgrade
INSERT INTO transfer (id, holding_id, state) VALUES (3, 1, NULL);
-- mig:downgrade
DELETE FROM transfer WHERE id = 3;') AS m3;
SELECT mig_upgrade('heads');
SELECT mig_current();
SELECT string_agg(attname, ',' ORDER BY attnum) AS holding_columns
FROM pg_attribute WHERE attrelid = 'holding'::regclass AND attnum > 0;

-- one schema at a time, by its branch label
SELECT mig_upgrade('catalog@head');
SELECT mig_downgrade('monitor@base');
SELECT mig_current();
SELECT to_regclass('monitor.transfer') AS gone;

SELECT mig_downgrade('base');
-- monitor.mig_revision's trigger (it moves mig_generation) uses the
-- extension's function: DROP EXTENSION says so, and CASCADE takes only
-- that trigger
DROP EXTENSION mig;
DROP EXTENSION mig CASCADE;
SELECT count(*) AS monitor_tables FROM pg_tables WHERE schemaname = 'monitor';
DROP TABLE alembic_version;
DROP SCHEMA monitor CASCADE;
