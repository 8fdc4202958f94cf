-- mig:revision af2b4d6e8091
-- mig:down_revision 9e1a3c5d7f84
-- mig:database monitor
-- mig:message view: failures and warnings per transaction

-- mig:upgrade
CREATE VIEW failure_summary AS
SELECT t.transaction_id,
       count(DISTINCT s.id) AS failed_sub_records,
       count(DISTINCT f.id) AS failed_files,
       count(DISTINCT w.id) AS warnings
  FROM transaction_monitor t
  JOIN sub_record s ON s.transaction_monitor_id = t.id AND s.state = 'FAILED'
  LEFT JOIN failed_file f ON f.sub_record_id = s.id
  LEFT JOIN warning w ON w.transaction_monitor_id = t.id
 GROUP BY t.transaction_id;

-- mig:downgrade
DROP VIEW failure_summary;
