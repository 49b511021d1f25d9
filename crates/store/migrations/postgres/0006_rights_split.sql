-- Nothing to do on PostgreSQL: SQLite's 0006 splits its rights table into facts (keyed by
-- id) and documents to cut the B-trees bulk ingest writes. A PostgreSQL heap is not ordered
-- by its key, so `rights` stays one table with its covering `rights_facts` index. This
-- version exists so both backends share one schema version.
SELECT 1;
