-- mig:revision 8d0f2b4c6e73
-- mig:down_revision 5b7d9f1a3c42
-- mig:database monitor
-- mig:message split failed_file.reason into reason_code and reason_text (the other branch)

-- Data migration: schema, data (in a section per engine), schema.  'E_PERM: permission denied' becomes
-- reason_code 'E_PERM' and reason_text 'permission denied'; a reason
-- without a code gets 'E_UNKNOWN'.  reason_code is then made NOT NULL,
-- which SQLite can only do by rebuilding the table: mig rebuilds it inside
-- the monitor database, index and rows included.

-- mig:upgrade
ALTER TABLE failed_file ADD COLUMN reason_code TEXT;
ALTER TABLE failed_file ADD COLUMN reason_text TEXT;
-- the engines name "position of a substring" differently: instr / strpos
-- mig:upgrade sqlite
UPDATE failed_file SET
    reason_code = CASE WHEN reason LIKE 'E\_%: %' ESCAPE '\'
                       THEN substr(reason, 1, instr(reason, ': ') - 1)
                       ELSE 'E_UNKNOWN' END,
    reason_text = CASE WHEN reason LIKE 'E\_%: %' ESCAPE '\'
                       THEN substr(reason, instr(reason, ': ') + 2)
                       ELSE reason END;
-- mig:upgrade postgresql
UPDATE failed_file SET
    reason_code = CASE WHEN reason LIKE 'E\_%: %' ESCAPE '\'
                       THEN substr(reason, 1, strpos(reason, ': ') - 1)
                       ELSE 'E_UNKNOWN' END,
    reason_text = CASE WHEN reason LIKE 'E\_%: %' ESCAPE '\'
                       THEN substr(reason, strpos(reason, ': ') + 2)
                       ELSE reason END;
-- mig:upgrade
ALTER TABLE failed_file ALTER COLUMN reason_code SET NOT NULL;
ALTER TABLE failed_file DROP COLUMN reason;

-- mig:downgrade
ALTER TABLE failed_file ADD COLUMN reason TEXT;
UPDATE failed_file SET reason = CASE WHEN reason_code = 'E_UNKNOWN' THEN reason_text
                                     ELSE reason_code || ': ' || reason_text END;
ALTER TABLE failed_file ALTER COLUMN reason SET NOT NULL;
ALTER TABLE failed_file DROP COLUMN reason_text;
ALTER TABLE failed_file DROP COLUMN reason_code;
