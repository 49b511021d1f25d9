-- Version 7 changes only the SQLite layout (`rights` as a rowid table keyed by `doc_id`, so
-- bulk inserts append). PostgreSQL's `rights` is a heap with its indexes already, where rows
-- append in any id order; nothing to do here but keep the versions of both backends aligned.
SELECT 1;
