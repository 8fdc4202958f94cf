-- mig:revision 9e1a3c5d7f84
-- mig:down_revision 6c8e0a2b4d51, 8d0f2b4c6e73
-- mig:database monitor
-- mig:message merge the warnings and failure-reason branches

-- A merge revision (mig_merge wrote its header): alembic_version of the
-- monitor database goes from two rows to one.  It indexes failures by
-- code, which needs the reason_code of one branch.

-- mig:upgrade
CREATE INDEX failed_file_reason_code ON failed_file (reason_code);

-- mig:downgrade
DROP INDEX failed_file_reason_code;
