-- mig_register_dir: every *.sql file of a directory, all or nothing, in
-- any order of file names (0f5c... sorts before its parent 1a2b...).
-- The fixtures' path comes from the environment (tests/pg/run.sh).
\getenv fixtures MIG_PG_FIXTURES
CREATE EXTENSION mig;

SELECT mig_register_dir(:'fixtures' || '/versions');
SELECT revision, down_revision, message FROM mig_revision ORDER BY revision;
SELECT mig_heads();

-- again: the same texts, nothing changes
SELECT mig_register_dir(:'fixtures' || '/versions/');
SELECT count(*) FROM mig_revision;

SELECT mig_upgrade('head');
SELECT * FROM book;
SELECT * FROM author ORDER BY id;

-- a directory with one bad script registers nothing; the error names
-- the file
SELECT mig_register_dir(:'fixtures' || '/broken');
SELECT count(*) FROM mig_revision WHERE revision LIKE 'b0000%';

-- the directory must make a whole graph with what is registered
SELECT mig_register_dir(:'fixtures' || '/orphan');
SELECT count(*) FROM mig_revision WHERE revision LIKE '0badc0ffee%';

-- an empty directory
SELECT mig_register_dir(:'fixtures' || '/empty');

-- a directory that does not exist, and NULL
SELECT mig_register_dir('no_such_directory');
SELECT mig_register_dir(NULL);

-- only roles that may read server files
CREATE ROLE regress_mig_reader;
GRANT EXECUTE ON FUNCTION mig_register_dir(text) TO regress_mig_reader;
SET ROLE regress_mig_reader;
SELECT mig_register_dir('no_such_directory');
RESET ROLE;
DROP OWNED BY regress_mig_reader;
DROP ROLE regress_mig_reader;

SELECT mig_downgrade('base');
DROP EXTENSION mig;
DROP TABLE alembic_version;
