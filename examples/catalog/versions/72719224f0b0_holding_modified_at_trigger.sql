-- mig:revision 72719224f0b0
-- mig:down_revision 8c7be02af42f
-- mig:message keep holding.modified_at current with a trigger

-- The column and its back-fill are the same everywhere; the trigger is
-- not: SQLite has trigger bodies, PostgreSQL needs a trigger function.
-- Sections run in file order, so on the way down each engine drops its
-- trigger before the shared section drops the column the trigger uses.

-- mig:upgrade
ALTER TABLE holding ADD COLUMN modified_at TEXT;
UPDATE holding
   SET modified_at = (SELECT max(t.ingest_time)
                        FROM transaction_record t
                       WHERE t.holding_id = holding.id);

-- mig:upgrade sqlite
CREATE TRIGGER transaction_record_touch_holding
AFTER INSERT ON transaction_record
BEGIN
    UPDATE holding
       SET modified_at = CASE
               WHEN modified_at IS NULL OR modified_at < NEW.ingest_time
               THEN NEW.ingest_time
               ELSE modified_at
           END
     WHERE id = NEW.holding_id;
END;

-- mig:upgrade postgresql
CREATE FUNCTION transaction_record_touch_holding() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE holding
       SET modified_at = GREATEST(modified_at, NEW.ingest_time)
     WHERE id = NEW.holding_id;
    RETURN NEW;
END;
$$;
CREATE TRIGGER transaction_record_touch_holding
AFTER INSERT ON transaction_record
FOR EACH ROW EXECUTE FUNCTION transaction_record_touch_holding();

-- mig:downgrade sqlite
DROP TRIGGER transaction_record_touch_holding;

-- mig:downgrade postgresql
DROP TRIGGER transaction_record_touch_holding ON transaction_record;
DROP FUNCTION transaction_record_touch_holding();

-- mig:downgrade
ALTER TABLE holding DROP COLUMN modified_at;
