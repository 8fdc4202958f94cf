-- engines: both
-- from
CREATE TABLE member (
    id INTEGER PRIMARY KEY,
    email TEXT,
    nick VARCHAR(20)
);
INSERT INTO member (id, email, nick) VALUES (1, 'a@x.org', 'a'), (2, 'b@x.org', 'b');
-- to
CREATE TABLE member (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    nick VARCHAR(20) NOT NULL
);
