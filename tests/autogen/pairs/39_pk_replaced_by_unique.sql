-- engines: both
-- from
CREATE TABLE tag_map (
    tag_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    PRIMARY KEY (tag_id, item_id)
);
INSERT INTO tag_map (tag_id, item_id) VALUES (1, 1), (1, 2), (2, 1);
-- to
CREATE TABLE tag_map (
    tag_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    weight INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT uq_tag_map UNIQUE (tag_id, item_id)
);
