-- mig:revision 4c159e47ac54
-- mig:down_revision 72719224f0b0
-- mig:message move holding.project into a key/value tag table

-- Holdings get free-form tags.  The old project column becomes the tag
-- 'project' (data moved with INSERT ... SELECT) and is then dropped.  The
-- downgrade brings the column back and fills it from the tags.

-- mig:upgrade
CREATE TABLE tag (
    holding_id INTEGER NOT NULL REFERENCES holding (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (holding_id, key)
);
CREATE INDEX tag_key_value ON tag (key, value);

INSERT INTO tag (holding_id, key, value)
SELECT id, 'project', project FROM holding WHERE project IS NOT NULL;

ALTER TABLE holding DROP COLUMN project;

-- mig:downgrade
ALTER TABLE holding ADD COLUMN project TEXT;
UPDATE holding
   SET project = (SELECT tag.value FROM tag
                   WHERE tag.holding_id = holding.id AND tag.key = 'project');
DROP TABLE tag;
