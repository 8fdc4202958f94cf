-- engines: sqlite
-- from
CREATE TABLE score (
    id INTEGER PRIMARY KEY,
    player TEXT NOT NULL,
    points INTEGER NOT NULL
);
CREATE VIEW v_score_total AS SELECT player, sum(points) AS total FROM score GROUP BY player;
CREATE VIEW v_score_top AS SELECT player, total FROM v_score_total WHERE total > 10;
INSERT INTO score (id, player, points) VALUES (1, 'ann', 7), (2, 'ann', 8), (3, 'bob', 3);
-- to
CREATE TABLE score (
    id INTEGER PRIMARY KEY,
    player TEXT NOT NULL,
    points INTEGER NOT NULL
);
