-- engines: both
-- from
CREATE TABLE profile (
    id INTEGER PRIMARY KEY,
    nick TEXT,
    bio TEXT
);
INSERT INTO profile (id, nick, bio) VALUES (1, 'annie', 'hi'), (2, NULL, NULL);
-- to
CREATE TABLE profile (
    id INTEGER PRIMARY KEY,
    handle TEXT,
    bio TEXT
);
