-- engines: both
-- from
CREATE TABLE login (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    realm TEXT NOT NULL,
    token TEXT
);
INSERT INTO login (id, username, realm, token) VALUES (1, 'ann', 'corp', 't1'), (2, 'ann', 'home', NULL), (3, 'bob', 'corp', NULL);
-- to
CREATE TABLE login (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    realm TEXT NOT NULL,
    token TEXT
);
CREATE UNIQUE INDEX ux_login_realm_username ON login (realm, username);
CREATE UNIQUE INDEX ux_login_token ON login (token);
