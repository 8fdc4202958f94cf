-- mig:revision 9793c41fcfbe
-- mig:down_revision 0153d3209108
-- mig:message rename location to storage_location, path to object_name

-- Plain renames: both engines do them natively and keep the rows, the
-- index and the foreign key to file.

-- mig:upgrade
ALTER TABLE location RENAME TO storage_location;
ALTER TABLE storage_location RENAME COLUMN path TO object_name;

-- mig:downgrade
ALTER TABLE storage_location RENAME COLUMN object_name TO path;
ALTER TABLE storage_location RENAME TO location;
