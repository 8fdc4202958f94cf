-- mig_register: parse, validate, store; identical text is a no-op,
-- changed text replaces an unapplied revision and is refused for an
-- applied one.
CREATE EXTENSION mig;

SELECT mig_register($s$-- mig:revision aaa111
-- mig:down_revision none
-- mig:message create widget

-- mig:upgrade
CREATE TABLE widget (id integer PRIMARY KEY);

-- mig:downgrade
DROP TABLE widget;
$s$);

SELECT revision, down_revision, branch_labels, depends_on, message,
       checksum, registered_at IS NOT NULL AS has_time
FROM mig_revision;

-- the same text again: a no-op, the checksum and the time do not move
SELECT registered_at AS first_registered FROM mig_revision WHERE revision = 'aaa111' \gset
SELECT mig_register($s$-- mig:revision aaa111
-- mig:down_revision none
-- mig:message create widget

-- mig:upgrade
CREATE TABLE widget (id integer PRIMARY KEY);

-- mig:downgrade
DROP TABLE widget;
$s$);
SELECT count(*), bool_and(registered_at = :'first_registered') AS unchanged FROM mig_revision;

-- the same text with CRLF line endings has the same checksum
SELECT mig_register(replace($s$-- mig:revision aaa111
-- mig:down_revision none
-- mig:message create widget

-- mig:upgrade
CREATE TABLE widget (id integer PRIMARY KEY);

-- mig:downgrade
DROP TABLE widget;
$s$, E'\n', E'\r\n'));
SELECT revision, checksum FROM mig_revision;

-- mig_show gives the stored script back
SELECT mig_show('aaa111');
SELECT mig_show('nosuchrev');

-- changed text of an unapplied revision replaces it
SELECT mig_register($s$-- mig:revision aaa111
-- mig:message create widget, with a name

-- mig:upgrade
CREATE TABLE widget (id integer PRIMARY KEY, name text);

-- mig:downgrade
DROP TABLE widget;
$s$);
SELECT revision, down_revision, message, checksum FROM mig_revision;
SELECT mig_show('aaa111');

-- once applied, changed text is refused, naming both checksums
SELECT mig_upgrade('head');
SELECT mig_register($s$-- mig:revision aaa111
-- mig:message create widget, changed after it ran

-- mig:upgrade
CREATE TABLE widget (id bigint PRIMARY KEY, name text);

-- mig:downgrade
DROP TABLE widget;
$s$);
SELECT revision, message, checksum FROM mig_revision;

-- ... but the identical text is still a no-op
SELECT mig_register(mig_show('aaa111'));

-- a second revision with header options
SELECT mig_register($s$-- mig:revision bbb222
-- mig:down_revision aaa111
-- mig:message add gadget
-- mig:branch_labels tools, gadgets
-- mig:depends_on aaa111

-- mig:upgrade
CREATE TABLE gadget (id integer PRIMARY KEY);
$s$);
SELECT revision, down_revision, branch_labels, depends_on, message
FROM mig_revision ORDER BY revision;

-- a revision without a downgrade section registers; downgrading it fails
SELECT mig_upgrade('head');
SELECT mig_downgrade('aaa111');
SELECT mig_current();

-- the same error after another revision's downgrade already ran: that
-- work is undone too
SELECT mig_register($s$-- mig:revision ccc333
-- mig:down_revision bbb222
-- mig:upgrade
CREATE TABLE doohickey (id integer);
-- mig:downgrade
DROP TABLE doohickey;
$s$);
SELECT mig_upgrade('head');
SELECT mig_downgrade('base');
SELECT mig_current(), to_regclass('doohickey');

-- NULL is an error, not a NULL result
SELECT mig_register(NULL);

-- malformed scripts: each error names the line
SELECT mig_register('');
SELECT mig_register($s$-- mig:message no revision line
-- mig:upgrade
SELECT 1;
$s$);
SELECT mig_register($s$-- mig:revision ddd444
-- mig:down_revision ccc333
$s$);
SELECT mig_register($s$-- mig:revision ddd444
-- mig:down_revision ccc333
-- mig:colour blue
-- mig:upgrade
SELECT 1;
$s$);
SELECT mig_register($s$-- mig:revision ddd444
-- mig:message one
-- mig:message two
-- mig:upgrade
SELECT 1;
$s$);
SELECT mig_register($s$-- mig:revision this-is-not-an-id
-- mig:upgrade
SELECT 1;
$s$);
SELECT mig_register($s$-- mig:revision abcdefghijklmnopqrstuvwxyz0123456789
-- mig:upgrade
SELECT 1;
$s$);
SELECT mig_register($s$-- mig:revision head
-- mig:upgrade
SELECT 1;
$s$);
SELECT mig_register($s$-- mig:revision ddd444
-- mig:down_revision ddd444
-- mig:upgrade
SELECT 1;
$s$);
SELECT mig_register($s$-- mig:revision ddd444
-- mig:upgrade mysql
SELECT 1;
$s$);
SELECT mig_register($s$-- mig:revision ddd444
-- mig:upgrade
SELECT 1;
-- mig:message too late
$s$);
SELECT mig_register($s$-- mig:revision ddd444
CREATE TABLE before_any_section (id integer);
-- mig:upgrade
SELECT 1;
$s$);
SELECT mig_register($s$-- mig:revision ddd444
-- mig:upgrade
SELECT 'unterminated;
$s$);
SELECT mig_register($s$-- mig:revision ddd444
-- mig:upgrade
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1;
$s$);
SELECT mig_register($s$-- mig:revision ddd444
-- mig:upgrade
CREATE TABLE t (id integer);
COMMIT;
$s$);
SELECT mig_register($s$-- mig:revision ddd444
-- mig:upgrade
CREATE INDEX CONCURRENTLY widget_name ON widget (name);
$s$);
SELECT mig_register($s$-- mig:revision ddd444
-- mig:upgrade
VACUUM widget;
$s$);
SELECT mig_register($s$-- mig:revision ddd444
-- mig:down_revision ccc333, , aaa111
-- mig:upgrade
SELECT 1;
$s$);
-- nothing of the failed calls was stored
SELECT revision FROM mig_revision ORDER BY revision;

-- the psql idiom for a script file
\getenv fixtures MIG_PG_FIXTURES
\set script `cat :'fixtures'/versions/1a2b3c4d5e6f_create_author.sql`
SELECT mig_register(:'script');
SELECT revision, down_revision, message FROM mig_revision WHERE revision = '1a2b3c4d5e6f';

DROP TABLE doohickey, gadget, widget;
DROP EXTENSION mig;
DROP TABLE alembic_version;
