-- One migrator at a time.  A second session (through dblink) and this one
-- take turns with the migration lock: a caller that cannot get it waits
-- (or gives up at lock_timeout), and once it has it re-reads the state and
-- applies only what is left.
CREATE EXTENSION dblink;
CREATE EXTENSION mig;

SELECT mig_register($s$-- mig:revision c1
-- mig:upgrade
CREATE TABLE c1_table (id integer);
-- mig:downgrade
DROP TABLE c1_table;
$s$);
SELECT mig_register($s$-- mig:revision c2
-- mig:down_revision c1
-- mig:upgrade
CREATE TABLE c2_table (id integer);
-- mig:downgrade
DROP TABLE c2_table;
$s$);
SELECT mig_register($s$-- mig:revision c3
-- mig:down_revision c2
-- mig:upgrade
CREATE TABLE c3_table (id integer);
-- mig:downgrade
DROP TABLE c3_table;
$s$);

SELECT dblink_connect('other',
    format('dbname=%s host=%s port=%s user=%s', current_database(),
           split_part(current_setting('unix_socket_directories'), ',', 1),
           current_setting('port'), current_user));

-- the other session migrates inside its transaction and holds the lock
SELECT dblink_exec('other', 'BEGIN');
SELECT * FROM dblink('other', $q$SELECT mig_upgrade('c1')$q$) AS t(report text);

-- this one gives up at lock_timeout, having done nothing
SET lock_timeout = '100ms';
SELECT mig_upgrade('c2');
SELECT mig_current();
RESET lock_timeout;

SELECT dblink_exec('other', 'COMMIT');

-- now this session holds the lock, and the other session's call waits
BEGIN;
SELECT mig_upgrade('c2');
SELECT dblink_send_query('other', $q$SELECT mig_upgrade('head')$q$);
DO $$
BEGIN
    FOR i IN 1..1000 LOOP
        EXIT WHEN EXISTS (SELECT 1 FROM pg_locks
                          WHERE locktype = 'advisory' AND NOT granted);
        PERFORM pg_sleep(0.01);
    END LOOP;
END
$$;
SELECT count(*) AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted;
COMMIT;

-- once it has the lock it sees c1 and c2 applied: only c3 runs there
SELECT * FROM dblink_get_result('other') AS t(report text);
SELECT dblink_disconnect('other');
SELECT mig_current();
SELECT revision, direction FROM mig_log ORDER BY id;

SELECT mig_downgrade('base');
DROP EXTENSION mig;
DROP EXTENSION dblink;
DROP TABLE alembic_version;
