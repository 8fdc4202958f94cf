-- Taking over a database that Alembic managed: only alembic_version
-- exists (as Alembic creates it), with the current revision in it.
CREATE TABLE alembic_version (
    version_num varchar(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO alembic_version VALUES ('7b3e0c1d2a90');
-- what Alembic's revisions 1 and 2 had created
CREATE TABLE customer (id integer PRIMARY KEY, email text);

CREATE EXTENSION mig;
SELECT mig_current();

-- alembic_version names a revision mig does not know yet
SELECT mig_upgrade('head');
SELECT * FROM alembic_version;

SELECT mig_register($s$-- mig:revision 0a1b2c3d4e5f
-- mig:message create customer
-- mig:upgrade
CREATE TABLE customer (id integer PRIMARY KEY);
-- mig:downgrade
DROP TABLE customer;
$s$);
SELECT mig_register($s$-- mig:revision 7b3e0c1d2a90
-- mig:down_revision 0a1b2c3d4e5f
-- mig:message add customer email
-- mig:upgrade
ALTER TABLE customer ADD COLUMN email text;
-- mig:downgrade
ALTER TABLE customer DROP COLUMN email;
$s$);
SELECT mig_register($s$-- mig:revision c4d5e6f7a8b9
-- mig:down_revision 7b3e0c1d2a90
-- mig:message customer email not null
-- mig:upgrade
UPDATE customer SET email = 'unknown' WHERE email IS NULL;
ALTER TABLE customer ALTER COLUMN email SET NOT NULL;
-- mig:downgrade
ALTER TABLE customer ALTER COLUMN email DROP NOT NULL;
$s$);

-- the applied state comes from alembic_version
SELECT mig_current();
SELECT revision, is_head, is_applied FROM mig_history();

-- only the pending revision runs
SELECT mig_upgrade('head');
SELECT * FROM alembic_version;
SELECT column_name, is_nullable FROM information_schema.columns
WHERE table_name = 'customer' ORDER BY ordinal_position;

-- the table keeps Alembic's shape
SELECT conname FROM pg_constraint WHERE conrelid = 'alembic_version'::regclass;
SELECT format_type(atttypid, atttypmod), attnotnull FROM pg_attribute
WHERE attrelid = 'alembic_version'::regclass AND attname = 'version_num';

-- and back down past the taken-over revisions
SELECT mig_downgrade('0a1b2c3d4e5f');
SELECT * FROM alembic_version;
SELECT column_name FROM information_schema.columns
WHERE table_name = 'customer' ORDER BY ordinal_position;

DROP EXTENSION mig;
SELECT * FROM alembic_version;
DROP TABLE customer, alembic_version;

-- the table mig creates itself has the same shape as Alembic's
CREATE EXTENSION mig;
SELECT mig_register($s$-- mig:revision 0a1b2c3d4e5f
-- mig:upgrade
-- mig:downgrade
$s$);
SELECT mig_upgrade('head');
SELECT format_type(atttypid, atttypmod), attnotnull FROM pg_attribute
WHERE attrelid = 'alembic_version'::regclass AND attname = 'version_num';
SELECT contype, pg_get_constraintdef(oid) FROM pg_constraint
WHERE conrelid = 'alembic_version'::regclass;
SELECT * FROM alembic_version;
DROP EXTENSION mig;
DROP TABLE alembic_version;
