-- mig_autogenerate and mig_check: the wanted schema is built in a private
-- in-memory database, read back, and compared with this one.
CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT, legacy_code TEXT);
INSERT INTO customer VALUES (1, 'Ada', 'A1'), (2, 'Grace', 'G2');
CREATE TABLE tag (id INTEGER PRIMARY KEY, label TEXT);
CREATE TEMP TABLE scratch_of_mine (x);
.headers on
-- bad input: a clear error naming the statement, and nothing changes
SELECT mig_check(NULL);
SELECT mig_autogenerate('m', 'CREATE TABLE a (x INT); DROP TABLE customer;');
SELECT mig_autogenerate('m', 'INSERT INTO customer VALUES (3, ''x'', NULL)');
SELECT mig_autogenerate('m', 'ATTACH ''/tmp/mig-autogen-attack.db'' AS evil');
SELECT mig_autogenerate('m', 'CREATE TEMP TABLE a (x INT)');
SELECT mig_autogenerate('m', 'CREATE TABLE main.a (x INT)');
SELECT mig_autogenerate('m', 'CREATE TABLE a (x INT);
CREATE TABLE b (y INT,);');
SELECT mig_autogenerate('m', 'CREATE TABLE a (x TEXT DEFAULT ''oops)');
SELECT mig_autogenerate('m', 'CREATE INDEX i ON missing (x)');
SELECT mig_autogenerate('m');
SELECT count(*) AS objects, (SELECT group_concat(name) FROM customer) AS names
  FROM sqlite_schema;
SELECT count(*) AS temp_objects FROM temp.sqlite_schema;

-- an empty target is an empty database: the script drops everything, and
-- says so at the top
SELECT mig_check('-- nothing');
SELECT substr(mig_autogenerate('empty', ''), 29);

-- the wanted schema, as a file
.headers off
.mode list
SELECT writefile('/tmp/mig-autogen-target.sql', '
CREATE TABLE customer (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL DEFAULT ''?'',
    email VARCHAR(200) UNIQUE,
    country_code TEXT,
    CHECK (length(name) > 0)
);
CREATE INDEX customer_email_lower ON customer (lower(email)) WHERE email IS NOT NULL;
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    total NUMERIC(10,2) NOT NULL DEFAULT 0
);
CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;
') > 0;

-- what differs, for a CI pipeline; NULL would mean "matches"
SELECT mig_check(readfile('/tmp/mig-autogen-target.sql'));

-- the script: a fresh id, the head as down_revision, an upgrade and a
-- downgrade in portable ALTER TABLE, with REVIEW notes for a human
SELECT substr(s, 1, 15), substr(s, 29) FROM (SELECT mig_autogenerate('customers and orders',
    readfile('/tmp/mig-autogen-target.sql')) AS s);
-- it registers and runs as it is; then the database matches
-- (registered under a fixed id, for this file's expected output)
SELECT mig_register(replace(s, substr(s, 17, 12), 'ag1')) FROM (SELECT mig_autogenerate(
    'customers and orders', readfile('/tmp/mig-autogen-target.sql')) AS s);
SELECT mig_upgrade('head') LIKE 'Running upgrade%';
SELECT coalesce(mig_check(readfile('/tmp/mig-autogen-target.sql')), 'matches');
SELECT id, name, email FROM customer ORDER BY id;
-- nothing left to do
SELECT substr(mig_autogenerate('again', readfile('/tmp/mig-autogen-target.sql')), 29);
-- the downgrade gives the first schema back (the values of a dropped
-- column are gone: the rows are kept)
SELECT mig_downgrade('base') LIKE 'Running downgrade%';
SELECT mig_check('CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT, legacy_code TEXT);
CREATE TABLE tag (id INTEGER PRIMARY KEY, label TEXT);');
SELECT id, name, legacy_code FROM customer ORDER BY id;
-- a pending revision: autogenerate refuses, check lists it
SELECT mig_autogenerate('more', readfile('/tmp/mig-autogen-target.sql'));
SELECT mig_upgrade('head') LIKE 'Running upgrade%';

-- two heads: merge first
SELECT mig_register('-- mig:revision side
-- mig:down_revision none
-- mig:upgrade
-- mig:downgrade') IS NOT NULL;
SELECT mig_upgrade('heads') LIKE 'Running upgrade%';
SELECT mig_autogenerate('m', readfile('/tmp/mig-autogen-target.sql'));

-- SQLite's own things: views, triggers, AUTOINCREMENT, COLLATE; and a
-- drop plus an add that may be a rename
SELECT mig_register(replace(s, substr(s, 17, 12), 'ag2')) FROM (SELECT mig_merge('join') AS s);
SELECT mig_upgrade('head') LIKE 'Running upgrade%';
SELECT substr(mig_autogenerate('sqlite things', '
CREATE TABLE customer (
    id INTEGER PRIMARY KEY,
    name TEXT COLLATE NOCASE NOT NULL DEFAULT ''?'',
    email VARCHAR(200) UNIQUE,
    country TEXT,
    CHECK (length(name) > 0)
);
CREATE INDEX customer_email_lower ON customer (lower(email)) WHERE email IS NOT NULL;
CREATE TABLE orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    total NUMERIC(10,2) NOT NULL DEFAULT 0
);
CREATE TABLE audit (what TEXT);
CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 1000;
CREATE TRIGGER orders_audit AFTER INSERT ON orders BEGIN
    INSERT INTO audit VALUES (''order '' || new.id);
END;
'), 29);

-- identifiers with quotes, semicolons and mixed case survive the trip
SELECT writefile('/tmp/mig-autogen-hostile.sql', '
CREATE TABLE customer (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL DEFAULT ''?'',
    email VARCHAR(200) UNIQUE,
    country_code TEXT,
    CHECK (length(name) > 0)
);
CREATE INDEX customer_email_lower ON customer (lower(email)) WHERE email IS NOT NULL;
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    total NUMERIC(10,2) NOT NULL DEFAULT 0,
    "Odd ""col""; name" TEXT DEFAULT ''a;b''
);
CREATE TABLE "select" ("from" INTEGER PRIMARY KEY, "Mixed Case" TEXT);
CREATE INDEX "idx; DROP TABLE customer" ON "select" ("Mixed Case");
CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;
') > 0;
SELECT mig_register(replace(s, substr(s, 17, 12), 'ag3')) FROM (SELECT mig_autogenerate(
    'hostile', readfile('/tmp/mig-autogen-hostile.sql')) AS s);
SELECT mig_upgrade('head') LIKE 'Running upgrade%';
SELECT coalesce(mig_check(readfile('/tmp/mig-autogen-hostile.sql')), 'matches');
SELECT mig_downgrade('-1') LIKE 'Running downgrade%';
SELECT coalesce(mig_check(readfile('/tmp/mig-autogen-target.sql')), 'matches');
-- a read function: it works inside the caller's transaction and leaves it open
BEGIN;
SELECT mig_check(readfile('/tmp/mig-autogen-target.sql')) LIKE 'pending revision%';
COMMIT;
SELECT count(*) FROM temp.sqlite_schema;
