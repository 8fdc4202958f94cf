-- engines: postgresql
-- from
CREATE TABLE emp (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    salary NUMERIC(10,2),
    dept TEXT
);
CREATE VIEW v_emp_public AS SELECT id, name FROM emp;
INSERT INTO emp (id, name, salary, dept) VALUES (1, 'ann', 100, 'ops'), (2, 'bob', 90, 'ops'), (3, 'cy', NULL, NULL);
-- to
CREATE TABLE emp (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    salary NUMERIC(10,2),
    dept TEXT
);
CREATE VIEW v_emp_public AS SELECT id, name, dept FROM emp;
CREATE VIEW v_dept_payroll AS
    SELECT dept, sum(salary) AS total, count(*) AS headcount
      FROM emp
     WHERE dept IS NOT NULL
     GROUP BY dept;
