-- mig:revision 498a4c3da745
-- mig:down_revision 4c159e47ac54
-- mig:message add the holding_summary view

-- mig:upgrade
CREATE VIEW holding_summary AS
SELECT h.id AS holding_id,
       h.label,
       h.user_name,
       count(DISTINCT t.id) AS transactions,
       count(f.id) AS files,
       coalesce(sum(f.size), 0) AS total_size,
       h.modified_at
  FROM holding h
  LEFT JOIN transaction_record t ON t.holding_id = h.id
  LEFT JOIN file f ON f.transaction_record_id = t.id
 GROUP BY h.id, h.label, h.user_name, h.modified_at;

-- mig:downgrade
DROP VIEW holding_summary;
