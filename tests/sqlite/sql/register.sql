-- mig_register: no-op on identical text, replace while unapplied, refuse
-- when applied, checksums blind to line endings, and every malformed
-- script refused with the line named and nothing stored.
.headers on
CREATE TABLE snapshot AS SELECT 1 AS x;
SELECT mig_register('-- mig:revision r1
-- mig:message first

-- mig:upgrade
CREATE TABLE t1 (a INTEGER);
-- mig:downgrade
DROP TABLE t1;
') AS r;
SELECT checksum FROM mig_revision WHERE revision = 'r1';
-- identical text: no-op, same checksum, still one row
SELECT mig_register('-- mig:revision r1
-- mig:message first

-- mig:upgrade
CREATE TABLE t1 (a INTEGER);
-- mig:downgrade
DROP TABLE t1;
') AS again;
-- the same text with CRLF line endings has the same checksum: still a no-op
SELECT mig_register(replace('-- mig:revision r1
-- mig:message first

-- mig:upgrade
CREATE TABLE t1 (a INTEGER);
-- mig:downgrade
DROP TABLE t1;
', char(10), char(13) || char(10))) AS crlf;
SELECT count(*) AS n, instr(script, char(13)) AS has_cr FROM mig_revision;
-- changed text of an unapplied revision replaces it
SELECT mig_register('-- mig:revision r1
-- mig:message first, changed

-- mig:upgrade
CREATE TABLE t1 (a INTEGER, b TEXT);
-- mig:downgrade
DROP TABLE t1;
') AS replaced;
SELECT revision, message FROM mig_revision;
SELECT mig_upgrade('head') AS up;
-- changed text of an applied revision: error naming both checksums
SELECT mig_register('-- mig:revision r1
-- mig:message sneaky

-- mig:upgrade
CREATE TABLE t1 (a INTEGER, b TEXT, c TEXT);
') AS refused;
SELECT message FROM mig_revision;
-- malformed scripts: each refused, nothing stored
SELECT mig_register(NULL);
SELECT mig_register('');
SELECT mig_register('-- mig:message no id
-- mig:upgrade
SELECT 1;');
SELECT mig_register('-- mig:revision r2
-- mig:down_revision r1
-- mig:downgrade
SELECT 1;');
SELECT mig_register('-- mig:revision r2
-- mig:revision r3
-- mig:upgrade');
SELECT mig_register('-- mig:revision r2
-- mig:author someone
-- mig:upgrade');
SELECT mig_register('-- mig:revision r-2
-- mig:upgrade');
SELECT mig_register('-- mig:revision 0123456789012345678901234567890123
-- mig:upgrade');
SELECT mig_register('-- mig:revision head
-- mig:upgrade');
SELECT mig_register('-- mig:revision r2
-- mig:down_revision r1, r1
-- mig:upgrade');
SELECT mig_register('-- mig:revision r2
-- mig:down_revision r2
-- mig:upgrade');
SELECT mig_register('-- mig:revision r2
CREATE TABLE oops (a INTEGER);
-- mig:upgrade');
SELECT mig_register('-- mig:revision r2
-- mig:upgrade
SELECT 1;
-- mig:message too late');
SELECT mig_register('-- mig:revision r2
-- mig:upgrade oracle
SELECT 1;');
SELECT mig_register('-- mig:revision r2
-- mig:upgrade
CREATE TABLE t2 (a TEXT DEFAULT ''unterminated);
');
SELECT mig_register('-- mig:revision r2
-- mig:upgrade
CREATE TABLE t2 (a INTEGER);
COMMIT;
');
SELECT mig_register('-- mig:revision r2
-- mig:upgrade
CREATE TRIGGER tr AFTER INSERT ON t1 BEGIN
  SELECT 1;
');
SELECT mig_register('-- mig:revision r2
-- mig:branch_labels bad label
-- mig:upgrade');
SELECT revision, message FROM mig_revision;
SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name;
-- a script with an empty upgrade section is fine: it only moves the version
SELECT mig_register('-- mig:revision r2
-- mig:down_revision r1
-- mig:upgrade
-- mig:downgrade
') AS empty_ok;
SELECT mig_upgrade('head') AS up, mig_current() AS cur;
