-- mig_register_dir: every *.sql of a directory, all or nothing.
.headers on
SELECT mig_register_dir('tests/sqlite/fixtures/good') AS n;
SELECT revision, down_revision, message FROM mig_history;
SELECT mig_upgrade('head') AS up;
-- again: identical texts are no-ops
SELECT mig_register_dir('tests/sqlite/fixtures/good') AS n;
SELECT count(*) AS revisions FROM mig_revision;
-- a directory whose graph is broken changes nothing
SELECT mig_register_dir('tests/sqlite/fixtures/missing_parent');
SELECT mig_register_dir('tests/sqlite/fixtures/duplicate');
SELECT mig_register_dir('tests/sqlite/fixtures/malformed');
SELECT mig_register_dir('tests/sqlite/fixtures/no_such_dir');
SELECT mig_register_dir(NULL);
SELECT count(*) AS revisions FROM mig_revision;
