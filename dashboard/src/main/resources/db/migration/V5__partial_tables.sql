-- A restore into a new table that failed or was cancelled deletes the table it created; where it
-- could not (or was asked to keep it), the table left behind is named here so it is never taken
-- for a restored one.
ALTER TABLE rehearsal_restore ADD COLUMN partial_table VARCHAR(255);
