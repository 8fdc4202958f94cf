-- engines: both
-- from
CREATE TABLE message (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL DEFAULT 'it''s',
    footer TEXT
);
INSERT INTO message (id, body, footer) VALUES (1, 'hello; world', '-- bye'), (2, 'it''s', NULL);
-- to
CREATE TABLE message (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL DEFAULT '-- not a comment; really',
    footer TEXT DEFAULT '/* still; text */',
    sig TEXT NOT NULL DEFAULT 'a''b"c'
);
