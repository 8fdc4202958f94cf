-- The revision lifecycle: register, upgrade, history, downgrade, again.
.headers on
SELECT mig_current() IS NULL AS at_base, mig_heads() IS NULL AS no_heads;
SELECT count(*) AS tables_before FROM sqlite_schema;
SELECT mig_register('-- mig:revision 1a2b3c4d5e6f
-- mig:message create holding

-- mig:upgrade
CREATE TABLE holding (id INTEGER PRIMARY KEY, label TEXT NOT NULL, user TEXT);
INSERT INTO holding (label, user) VALUES (''first; not a split'', ''alice''), (''second'', ''bob'');

-- mig:downgrade
DROP TABLE holding;
') AS registered;
SELECT mig_register('-- mig:revision 2b3c4d5e6f70
-- mig:down_revision 1a2b3c4d5e6f
-- mig:message add holding tag

-- mig:upgrade
ALTER TABLE holding ADD COLUMN tag TEXT;
UPDATE holding SET tag = upper(user);

-- mig:downgrade
ALTER TABLE holding DROP COLUMN tag;
') AS registered;
SELECT mig_register('-- mig:revision 3c4d5e6f7081
-- mig:down_revision 2b3c4d5e6f70
-- mig:message file table

-- mig:upgrade
CREATE TABLE file (id INTEGER PRIMARY KEY, holding_id INTEGER REFERENCES holding(id), path TEXT);
CREATE INDEX file_path ON file (path);

-- mig:downgrade
DROP TABLE file;
') AS registered;
SELECT mig_heads() AS heads, mig_current() AS current;
-- registration alone creates mig's tables and nothing else
SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name;
SELECT mig_upgrade('head') AS upgrade;
SELECT mig_current() AS current;
SELECT * FROM alembic_version;
SELECT * FROM holding;
SELECT revision, down_revision, branch_labels, message, is_head, is_applied,
       applied_at IS NOT NULL AS has_time FROM mig_history;
SELECT id, revision, direction, length(checksum) AS cs, logged_at IS NOT NULL AS t,
       duration_ms >= 0 AS d, role FROM mig_log ORDER BY id;
-- nothing pending: a no-op that says so
SELECT mig_upgrade('head') AS again;
-- a target already passed is an error, as in Alembic
SELECT mig_upgrade('1a2b');
SELECT mig_upgrade('base');
SELECT mig_downgrade('-1') AS down1;
SELECT mig_current() AS current;
SELECT name FROM sqlite_schema WHERE name = 'file';
SELECT mig_downgrade('base') AS down_all;
SELECT mig_current() IS NULL AS at_base, count(*) AS version_rows FROM alembic_version;
SELECT name FROM sqlite_schema WHERE name IN ('holding', 'file');
SELECT mig_upgrade('+2') AS plus2;
SELECT mig_current() AS current, (SELECT group_concat(tag) FROM holding) AS tags;
SELECT mig_upgrade('heads') AS rest;
SELECT revision, direction FROM mig_log ORDER BY id;
-- the stored script comes back verbatim, by full id or unique prefix
SELECT mig_show('3c4d') = mig_show('3c4d5e6f7081') AS same, substr(mig_show('3c'), 1, 26) AS head;
PRAGMA integrity_check;
