-- Linear history: upgrade, downgrade, stamp, current, heads, history,
-- mig_log, and every target form.
CREATE EXTENSION mig;

SELECT mig_register($s$-- mig:revision abc001
-- mig:message create item
-- mig:upgrade
CREATE TABLE item (id integer PRIMARY KEY, qty integer);
INSERT INTO item VALUES (1, 10), (2, 20);
-- mig:downgrade
DROP TABLE item;
$s$);
SELECT mig_register($s$-- mig:revision abc002
-- mig:down_revision abc001
-- mig:message add item name
-- mig:upgrade
ALTER TABLE item ADD COLUMN name text;
UPDATE item SET name = 'item ' || id;
ALTER TABLE item ALTER COLUMN name SET NOT NULL;
-- mig:downgrade
ALTER TABLE item DROP COLUMN name;
$s$);
SELECT mig_register($s$-- mig:revision abd003
-- mig:down_revision abc002
-- mig:message qty to bigint
-- mig:upgrade
ALTER TABLE item ALTER COLUMN qty TYPE bigint;
-- mig:downgrade
ALTER TABLE item ALTER COLUMN qty TYPE integer;
$s$);
SELECT mig_register($s$-- mig:revision bcd004
-- mig:down_revision abd003
-- mig:message rename qty
-- mig:upgrade
ALTER TABLE item RENAME COLUMN qty TO quantity;
-- mig:downgrade
ALTER TABLE item RENAME COLUMN quantity TO qty;
$s$);
SELECT mig_register($s$-- mig:revision cde005
-- mig:down_revision bcd004
-- mig:message add a log table
-- mig:upgrade
CREATE TABLE item_log (item_id integer REFERENCES item (id), note text);
-- mig:downgrade
DROP TABLE item_log;
$s$);

-- nothing applied yet; the registered graph has one head
SELECT mig_current();
SELECT mig_heads();
SELECT revision, down_revision, branch_labels, message, is_head, is_applied,
       applied_at IS NOT NULL AS has_applied_at
FROM mig_history();

-- +N from base
SELECT mig_upgrade('+2');
SELECT mig_current();
SELECT * FROM alembic_version;
SELECT * FROM item ORDER BY id;

-- the default target is head
SELECT mig_upgrade();
SELECT mig_current();
SELECT * FROM alembic_version;
SELECT revision, is_head, is_applied, applied_at IS NOT NULL AS has_applied_at
FROM mig_history();
-- applied_at is the time of the latest upgrade in mig_log, to the microsecond
SELECT h.revision, h.applied_at = l.logged_at AS same_time
FROM mig_history() h JOIN mig_log l USING (revision)
WHERE l.direction = 'upgrade' ORDER BY h.revision;
SELECT column_name, data_type FROM information_schema.columns
WHERE table_name = 'item' ORDER BY ordinal_position;

-- nothing left to do
SELECT mig_upgrade('head');

-- -N
SELECT mig_downgrade('-1');
SELECT mig_current();
SELECT to_regclass('item_log');

-- a unique prefix
SELECT mig_downgrade('abc');
SELECT mig_downgrade('abd');
SELECT mig_current();
SELECT column_name FROM information_schema.columns
WHERE table_name = 'item' ORDER BY ordinal_position;

-- unknown and malformed targets change nothing
SELECT mig_upgrade('zzz');
SELECT mig_upgrade('+9');
SELECT mig_downgrade('-9');
SELECT mig_upgrade('');
SELECT mig_upgrade(NULL);
SELECT mig_downgrade(NULL);
-- downgrade to a revision that is not below the current one
SELECT mig_downgrade('cde005');

-- base
SELECT mig_downgrade('base');
SELECT mig_current();
SELECT count(*) FROM alembic_version;
SELECT to_regclass('item');

-- <rev>+N counts from that revision
SELECT mig_upgrade('abc001+2');
SELECT mig_current();
SELECT mig_downgrade('base');

-- stamp: move the version without running anything
SELECT mig_stamp('bcd004');
SELECT mig_current();
SELECT to_regclass('item');
SELECT mig_stamp('base');
SELECT mig_current();
SELECT mig_stamp('nosuch');

-- mig_log: one row per revision applied, downgraded or stamped
SELECT id, revision, direction, checksum IS NOT NULL AS has_checksum,
       logged_at IS NOT NULL AS has_time, duration_ms >= 0 AS has_duration, role
FROM mig_log ORDER BY id;

-- full ids, and head / base as ids
SELECT mig_upgrade('cde005');
SELECT mig_downgrade('abc001');
SELECT mig_current();
SELECT mig_upgrade('heads');
SELECT mig_current();
SELECT mig_downgrade('base');

DROP EXTENSION mig;
-- the version table stays behind, as with Alembic
SELECT * FROM alembic_version;
DROP TABLE alembic_version;
