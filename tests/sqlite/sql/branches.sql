-- The revision graph and Alembic's targets: branch points, merges, labels,
-- depends_on, relative targets, and alembic_version row for row.
--
--   b0 (core) - b1 -+- x1 (xbranch) - x2 -+- m
--                   +- y1 (ybranch) ------+
--   z0 (zroot) - z1  (z1 depends_on x1)
.headers on
.mode list
CREATE TABLE reg (script TEXT);
INSERT INTO reg VALUES
('-- mig:revision b0
-- mig:branch_labels core
-- mig:message base
-- mig:upgrade
CREATE TABLE t_b0 (x INTEGER);
-- mig:downgrade
DROP TABLE t_b0;'),
('-- mig:revision b1
-- mig:down_revision b0
-- mig:upgrade
CREATE TABLE t_b1 (x INTEGER);
-- mig:downgrade
DROP TABLE t_b1;'),
('-- mig:revision x1
-- mig:down_revision b1
-- mig:branch_labels xbranch
-- mig:upgrade
CREATE TABLE t_x1 (x INTEGER);
-- mig:downgrade
DROP TABLE t_x1;'),
('-- mig:revision x2
-- mig:down_revision x1
-- mig:upgrade
CREATE TABLE t_x2 (x INTEGER);
-- mig:downgrade
DROP TABLE t_x2;'),
('-- mig:revision y1
-- mig:down_revision b1
-- mig:branch_labels ybranch
-- mig:upgrade
CREATE TABLE t_y1 (x INTEGER);
-- mig:downgrade
DROP TABLE t_y1;'),
('-- mig:revision m
-- mig:down_revision x2, y1
-- mig:message merge x and y
-- mig:upgrade
-- mig:downgrade'),
('-- mig:revision z0
-- mig:branch_labels zroot
-- mig:upgrade
CREATE TABLE t_z0 (x INTEGER);
-- mig:downgrade
DROP TABLE t_z0;'),
('-- mig:revision z1
-- mig:down_revision z0
-- mig:depends_on x1
-- mig:upgrade
CREATE TABLE t_z1 (x INTEGER);
-- mig:downgrade
DROP TABLE t_z1;');
-- registering in any order is fine: links are checked when planning
SELECT count(r) AS registered FROM (SELECT mig_register(script) AS r FROM (SELECT script FROM reg ORDER BY random()));
SELECT mig_heads() AS heads;
SELECT revision, down_revision, branch_labels, is_head FROM mig_history;
-- errors that change nothing
SELECT mig_upgrade('head');
SELECT mig_upgrade('b');
SELECT mig_upgrade('nope');
SELECT mig_upgrade('+1');
SELECT mig_upgrade('b0+2');
SELECT mig_upgrade('xbranch@tail');
SELECT mig_upgrade('-1');
SELECT mig_downgrade('+1');
SELECT mig_upgrade('x1+abc');
SELECT count(*) AS version_rows, (SELECT count(*) FROM sqlite_schema WHERE name LIKE 't\_%' ESCAPE '\') AS tables FROM alembic_version;
-- one branch first
SELECT mig_upgrade('x2') AS up;
SELECT * FROM alembic_version ORDER BY 1;
-- the second branch of a branch point: a second row (INSERT)
SELECT mig_upgrade('y1') AS up;
SELECT * FROM alembic_version ORDER BY 1;
-- the merge: both rows become one (DELETE + UPDATE)
SELECT mig_upgrade('m') AS up;
SELECT * FROM alembic_version ORDER BY 1;
-- a dependency on another branch that is already applied
SELECT mig_upgrade('zroot@head') AS up;
SELECT mig_current() AS current;
SELECT revision, is_applied FROM mig_history;
-- relative downgrade with two heads is ambiguous
SELECT mig_downgrade('-1');
-- downgrade to x1: takes away what came after x1 on its branch (x2, the
-- merge); z1 only depends on x1, which stays, so z1 stays
SELECT mig_downgrade('x1') AS down;
SELECT mig_current() AS current;
SELECT revision, is_applied FROM mig_history;
-- a dependency cannot go while its dependant stays applied: downgrading
-- to b1 takes x1 and therefore z1 along
SELECT mig_downgrade('b1') AS down;
SELECT mig_current() AS current;
SELECT mig_upgrade('heads') AS up;
SELECT mig_current() AS current;
-- a whole branch, by its base
SELECT mig_downgrade('zroot@base') AS down;
SELECT mig_current() AS current;
SELECT mig_downgrade('m-1');
SELECT mig_downgrade('x2') AS down;
SELECT mig_current() AS current;
-- label@head follows the branch to its head, through the merge
SELECT mig_upgrade('xbranch@head') AS up;
SELECT mig_current() AS current;
-- downgrade target that is not applied
SELECT mig_downgrade('z1');
-- stamp moves the version without running anything
SELECT mig_downgrade('base') AS down;
SELECT count(*) AS tables_left FROM sqlite_schema WHERE name LIKE 't\_%' ESCAPE '\';
SELECT mig_stamp('heads') AS stamp;
SELECT * FROM alembic_version ORDER BY 1;
SELECT count(*) AS tables_left FROM sqlite_schema WHERE name LIKE 't\_%' ESCAPE '\';
SELECT mig_stamp('y1') AS stamp;
SELECT * FROM alembic_version ORDER BY 1;
SELECT mig_stamp('base') AS stamp;
SELECT count(*) AS rows FROM alembic_version;
SELECT revision, direction FROM mig_log WHERE direction LIKE '%stamp' ORDER BY id;
-- a graph problem is reported when planning, naming the revisions
SELECT mig_register('-- mig:revision q1
-- mig:down_revision missing0
-- mig:upgrade') AS r;
SELECT mig_upgrade('heads') AS up;
SELECT mig_register('-- mig:revision q1
-- mig:down_revision q2
-- mig:upgrade') AS r;
SELECT mig_register('-- mig:revision q2
-- mig:down_revision q1
-- mig:upgrade') AS r;
SELECT mig_upgrade('heads') AS up;
SELECT mig_heads();
DELETE FROM mig_revision WHERE revision IN ('q1', 'q2');
SELECT mig_register('-- mig:revision q3
-- mig:down_revision m
-- mig:branch_labels xbranch
-- mig:upgrade') AS r;
SELECT mig_upgrade('heads') AS up;
