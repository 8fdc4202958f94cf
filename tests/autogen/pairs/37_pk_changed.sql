-- engines: both
-- from
CREATE TABLE enrollment (
    student_id INTEGER NOT NULL,
    course_id INTEGER NOT NULL,
    grade TEXT,
    PRIMARY KEY (student_id)
);
INSERT INTO enrollment (student_id, course_id, grade) VALUES (1, 10, 'A'), (2, 10, NULL), (3, 20, 'B');
-- to
CREATE TABLE enrollment (
    student_id INTEGER NOT NULL,
    course_id INTEGER NOT NULL,
    grade TEXT,
    PRIMARY KEY (student_id, course_id)
);
