-- Target forms on a graph with a branch: ambiguous prefixes, head vs
-- heads, <label>@head, <label>@base, <rev>@head.
CREATE EXTENSION mig;

SELECT mig_register($s$-- mig:revision f00001
-- mig:message base
-- mig:upgrade
CREATE TABLE t_base (id integer);
-- mig:downgrade
DROP TABLE t_base;
$s$);
SELECT mig_register($s$-- mig:revision f00002
-- mig:down_revision f00001
-- mig:message trunk
-- mig:upgrade
CREATE TABLE t_trunk (id integer);
-- mig:downgrade
DROP TABLE t_trunk;
$s$);
SELECT mig_register($s$-- mig:revision e10001
-- mig:down_revision f00001
-- mig:branch_labels extra
-- mig:message extra branch
-- mig:upgrade
CREATE TABLE t_extra1 (id integer);
-- mig:downgrade
DROP TABLE t_extra1;
$s$);
SELECT mig_register($s$-- mig:revision e10002
-- mig:down_revision e10001
-- mig:message more extra
-- mig:upgrade
CREATE TABLE t_extra2 (id integer);
-- mig:downgrade
DROP TABLE t_extra2;
$s$);

SELECT mig_heads();

-- an ambiguous prefix lists the candidates
SELECT mig_upgrade('f0000');
SELECT mig_upgrade('e1');
-- head is ambiguous with two heads
SELECT mig_upgrade('head');
SELECT mig_current();

-- a branch by its label
SELECT mig_upgrade('extra@head');
SELECT mig_current();
SELECT * FROM alembic_version ORDER BY 1;
SELECT mig_downgrade('extra@base');
SELECT mig_current();
SELECT mig_downgrade('base');

-- <rev>@head
SELECT mig_upgrade('f00002@head');
SELECT mig_current();
SELECT mig_upgrade('nolabel@head');

-- heads: every branch
SELECT mig_upgrade('heads');
SELECT mig_current();
SELECT * FROM alembic_version ORDER BY 1;
SELECT revision, is_head, is_applied FROM mig_history();

-- -1 with two applied heads
SELECT mig_downgrade('-1');
SELECT mig_current();

SELECT mig_downgrade('base');
SELECT mig_current();
SELECT to_regclass('t_base'), to_regclass('t_trunk'), to_regclass('t_extra1'), to_regclass('t_extra2');

DROP EXTENSION mig;
DROP TABLE alembic_version;
