-- engines: both
-- from
CREATE TABLE employee (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    badge INTEGER,
    dept TEXT NOT NULL,
    seat TEXT NOT NULL
);
INSERT INTO employee (id, email, badge, dept, seat) VALUES (1, 'a@x.org', 10, 'ops', 'A1'), (2, 'b@x.org', NULL, 'ops', 'A2'), (3, 'c@x.org', NULL, 'dev', 'A1');
-- to
CREATE TABLE employee (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    badge INTEGER,
    dept TEXT NOT NULL,
    seat TEXT NOT NULL,
    CONSTRAINT uq_employee_badge UNIQUE (badge),
    UNIQUE (dept, seat)
);
