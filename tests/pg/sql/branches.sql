-- Branch points and merges: alembic_version holds one row per applied
-- head, exactly as Alembic keeps it.
CREATE EXTENSION mig;

--          +-- b2 -- b3 --+
--   a1 ----+              +-- m5 -- z6
--          +-- c2 --------+
SELECT mig_register($s$-- mig:revision a1
-- mig:upgrade
CREATE TABLE a (id integer);
-- mig:downgrade
DROP TABLE a;
$s$);
SELECT mig_register($s$-- mig:revision b2
-- mig:down_revision a1
-- mig:branch_labels left
-- mig:upgrade
CREATE TABLE b (id integer);
-- mig:downgrade
DROP TABLE b;
$s$);
SELECT mig_register($s$-- mig:revision b3
-- mig:down_revision b2
-- mig:upgrade
ALTER TABLE b ADD COLUMN note text;
-- mig:downgrade
ALTER TABLE b DROP COLUMN note;
$s$);
SELECT mig_register($s$-- mig:revision c2
-- mig:down_revision a1
-- mig:branch_labels right
-- mig:upgrade
CREATE TABLE c (id integer);
-- mig:downgrade
DROP TABLE c;
$s$);

SELECT mig_heads();
SELECT revision, down_revision, branch_labels, is_head, is_applied FROM mig_history();

-- the branch point: one row, then two rows
SELECT mig_upgrade('a1');
SELECT * FROM alembic_version ORDER BY 1;
SELECT mig_upgrade('c2');
SELECT * FROM alembic_version ORDER BY 1;
SELECT mig_upgrade('b2');
SELECT * FROM alembic_version ORDER BY 1;
SELECT mig_current();
SELECT mig_upgrade('heads');
SELECT * FROM alembic_version ORDER BY 1;

-- a merge template over all heads
SELECT regexp_replace(mig_merge('merge left and right'),
                      'mig:revision [0-9a-f]{12}', 'mig:revision <random>');

-- the merge revision
SELECT mig_register($s$-- mig:revision m5
-- mig:down_revision b3, c2
-- mig:message merge left and right
-- mig:upgrade
CREATE TABLE m (id integer);
-- mig:downgrade
DROP TABLE m;
$s$);
SELECT mig_register($s$-- mig:revision z6
-- mig:down_revision m5
-- mig:depends_on c2
-- mig:upgrade
CREATE TABLE z (id integer);
-- mig:downgrade
DROP TABLE z;
$s$);
SELECT mig_heads();
SELECT revision, down_revision, branch_labels, is_head, is_applied FROM mig_history();

-- applying the merge collapses two rows into one
SELECT mig_upgrade('m5');
SELECT * FROM alembic_version ORDER BY 1;
SELECT mig_upgrade('head');
SELECT * FROM alembic_version ORDER BY 1;
SELECT mig_current();

-- downgrading below the merge gives two rows again
SELECT mig_downgrade('b3');
SELECT * FROM alembic_version ORDER BY 1;
SELECT mig_current();
SELECT mig_upgrade('heads');
SELECT * FROM alembic_version ORDER BY 1;
-- a relative step down through a merge point is ambiguous
SELECT mig_downgrade('-2');
SELECT mig_current();

-- one branch down to its base label: the other branch stays
SELECT mig_downgrade('left@base');
SELECT * FROM alembic_version ORDER BY 1;
SELECT to_regclass('b'), to_regclass('c');

SELECT mig_upgrade('left@head');
SELECT * FROM alembic_version ORDER BY 1;
SELECT mig_downgrade('base');
SELECT count(*) FROM alembic_version;

-- the merge of explicitly named revisions, and of unknown ones
SELECT regexp_replace(mig_merge(NULL, 'b3,c2'),
                      'mig:revision [0-9a-f]{12}', 'mig:revision <random>');
SELECT mig_merge('x', 'b3,nosuch');

DROP EXTENSION mig;
DROP TABLE alembic_version;
