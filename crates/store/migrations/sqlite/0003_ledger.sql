-- The transparency log's bookkeeping in the registry (docs/ledger.md).
--
-- ledger_outbox: subjects (an event by key, a right by id) changed since the ledger last
-- logged them. `apply` writes a row in the same transaction as the change, so a change and
-- its intent to be logged commit together; `silkport ledger sync` drains the rows in `seq`
-- order and deletes a row only if its `seq` is still the one it read.
CREATE TABLE ledger_outbox (
    subject TEXT NOT NULL,
    key     TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (subject, key)
);
CREATE INDEX ledger_outbox_seq ON ledger_outbox(seq);

-- ledger_entries: the latest log entry of each reference (an event key, `grant:<id>`…):
-- its index in the log and its RFC 9162 leaf hash in hex.
CREATE TABLE ledger_entries (
    ref       TEXT PRIMARY KEY,
    log_index INTEGER NOT NULL,
    leaf      TEXT NOT NULL
);
CREATE INDEX ledger_entries_index ON ledger_entries(log_index);

-- Everything already in the registry is queued once: events in legal-date order, then
-- full rights, so the first sync logs history oldest first.
INSERT INTO ledger_outbox (subject, key, seq)
    SELECT 'event', key, ROW_NUMBER() OVER (ORDER BY date, key) FROM events;
INSERT INTO ledger_outbox (subject, key, seq)
    SELECT 'right', id, (SELECT COUNT(*) FROM events) + ROW_NUMBER() OVER (ORDER BY id) FROM rights WHERE stub = 0;
