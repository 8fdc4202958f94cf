-- engines: both
-- from
CREATE TABLE dept (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE emp (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    dept_id INTEGER REFERENCES dept (id)
);
CREATE INDEX ix_emp_dept ON emp (dept_id);
INSERT INTO dept (id, name) VALUES (1, 'ops');
INSERT INTO emp (id, name, dept_id) VALUES (1, 'ann', 1), (2, 'bob', NULL);
-- to
CREATE TABLE emp (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
