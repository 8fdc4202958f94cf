-- mig:revision a6
-- mig:down_revision a5
-- mig:message binary data: one spelling of types on both engines
-- mig:upgrade
CREATE TABLE attachment (id SERIAL PRIMARY KEY, purchase_id INTEGER REFERENCES purchase (id), data BYTEA, name TEXT);
INSERT INTO attachment (purchase_id, name) VALUES (1, 'receipt'), (2, 'photo');
ALTER TABLE attachment ADD COLUMN thumb BLOB, ALTER COLUMN name SET NOT NULL;
-- mig:downgrade
DROP TABLE attachment;
