-- mig_revision and mig_merge write new script templates.
.headers on
-- the first line holds a fresh random id: 12 hex digits
SELECT substr(t, 1, 16) AS line1, length(substr(t, 17, 12)) AS id_len,
       substr(t, 17, 12) GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]' AS hex,
       substr(t, 30) AS rest
FROM (SELECT mig_revision('create things') AS t);
SELECT mig_revision('a') <> mig_revision('a') AS fresh_ids;
-- a template registers as is, and the next one follows it
SELECT mig_register('-- mig:revision p1
-- mig:upgrade') AS r;
SELECT substr(mig_revision('next
line'), 30) AS follows_head;
SELECT mig_register(mig_revision('generated')) IS NOT NULL AS template_registers;
DELETE FROM mig_revision WHERE revision <> 'p1';
SELECT mig_register('-- mig:revision p2
-- mig:upgrade') AS r;
-- two heads now: mig_revision refuses, mig_merge joins them
SELECT mig_revision('after');
SELECT substr(mig_merge('join'), 30) AS merge_tmpl;
SELECT substr(mig_merge(NULL, 'p2, p1'), 30) AS named;
SELECT mig_merge(NULL, 'p2');
SELECT mig_merge(NULL, 'p2,zzz');
SELECT mig_register(mig_merge('join')) IS NOT NULL AS registered;
SELECT count(*) AS heads FROM mig_history WHERE is_head;
SELECT mig_merge();
SELECT mig_upgrade('head') IS NOT NULL AS applied;
