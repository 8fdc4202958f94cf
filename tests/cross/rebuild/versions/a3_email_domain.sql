-- mig:revision a3
-- mig:down_revision a2
-- mig:message data migration: split out the email domain, then tighten
-- mig:upgrade
ALTER TABLE customer ADD COLUMN email_domain TEXT;
-- mig:upgrade sqlite
UPDATE customer SET email_domain = substr(email, instr(email, '@') + 1) WHERE email IS NOT NULL;
-- mig:upgrade postgresql
UPDATE customer SET email_domain = substr(email, position('@' in email) + 1) WHERE email IS NOT NULL;
-- mig:upgrade
UPDATE customer SET email_domain = 'unknown' WHERE email_domain IS NULL;
ALTER TABLE customer ALTER COLUMN email_domain SET NOT NULL;
ALTER TABLE customer DROP COLUMN legacy;
ALTER TABLE customer ADD CONSTRAINT customer_email_key UNIQUE (email);
-- mig:downgrade
ALTER TABLE customer DROP CONSTRAINT customer_email_key;
ALTER TABLE customer ADD COLUMN legacy TEXT;
ALTER TABLE customer DROP COLUMN email_domain;
