-- mig:revision 8c7be02af42f
-- mig:down_revision 9793c41fcfbe
-- mig:message split storage_location.server into url_scheme and url_netloc

-- Schema change, data change, schema change in one revision: add the two
-- columns, fill them from server ('https://s3.example.org' -> 'https',
-- 's3.example.org'), then drop server.  Only functions both engines have
-- (CASE, LIKE, substr, length, ||) are used.

-- mig:upgrade
ALTER TABLE storage_location ADD COLUMN url_scheme TEXT;
ALTER TABLE storage_location ADD COLUMN url_netloc TEXT;

UPDATE storage_location
   SET url_scheme = CASE
           WHEN server LIKE 'https://%' THEN 'https'
           WHEN server LIKE 'http://%' THEN 'http'
           WHEN server LIKE 'root://%' THEN 'root'
           WHEN server LIKE 's3://%' THEN 's3'
       END
 WHERE server IS NOT NULL;
-- the netloc starts after '<scheme>://'
UPDATE storage_location
   SET url_netloc = substr(server, length(url_scheme) + 4)
 WHERE url_scheme IS NOT NULL;

ALTER TABLE storage_location DROP COLUMN server;

-- mig:downgrade
ALTER TABLE storage_location ADD COLUMN server TEXT;
UPDATE storage_location
   SET server = url_scheme || '://' || url_netloc
 WHERE url_scheme IS NOT NULL AND url_netloc IS NOT NULL;
ALTER TABLE storage_location DROP COLUMN url_netloc;
ALTER TABLE storage_location DROP COLUMN url_scheme;
