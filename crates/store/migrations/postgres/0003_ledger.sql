-- The transparency log's bookkeeping in the registry (docs/ledger.md).
--
-- ledger_outbox: subjects (an event by key, a right by id) changed since the ledger last
-- logged them. `apply` writes a row in the same transaction as the change, so a change and
-- its intent to be logged commit together; `silkport ledger sync` drains the rows in `seq`
-- order and deletes a row only if its `seq` is still the one it read.
CREATE SEQUENCE ledger_outbox_seq;
CREATE TABLE ledger_outbox (
    subject TEXT NOT NULL,
    key     TEXT NOT NULL,
    seq     BIGINT NOT NULL,
    PRIMARY KEY (subject, key)
);
CREATE INDEX ledger_outbox_seq_idx ON ledger_outbox(seq);

-- ledger_entries: the latest log entry of each reference (an event key, `grant:<id>`…):
-- its index in the log and its RFC 9162 leaf hash in hex.
CREATE TABLE ledger_entries (
    ref       TEXT PRIMARY KEY,
    log_index BIGINT NOT NULL,
    leaf      TEXT NOT NULL
);
CREATE INDEX ledger_entries_index ON ledger_entries(log_index);

-- Everything already in the registry is queued once: events in legal-date order, then
-- full rights, so the first sync logs history oldest first.
INSERT INTO ledger_outbox (subject, key, seq)
    SELECT 'event', key, nextval('ledger_outbox_seq') FROM (SELECT key FROM events ORDER BY date, key) e;
INSERT INTO ledger_outbox (subject, key, seq)
    SELECT 'right', id, nextval('ledger_outbox_seq') FROM (SELECT id FROM rights WHERE NOT stub ORDER BY id) r;
