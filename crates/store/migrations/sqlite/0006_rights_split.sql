-- Bulk ingest wrote every right into nine B-trees: the rowid table, the autoindex of its
-- TEXT primary key, `rights_facts` (a covering copy of the fact columns, for landscapes),
-- the publication- and application-key indexes, and a row per classification and per party
-- in `right_classes` and `right_parties` (five or six child rows for a CNIPA record). Here
-- the facts become the table itself, keyed by id (WITHOUT ROWID, ordered as landscapes read
-- them), with the classifications and parties packed in the row as JSON (`RightRow::
-- packed_classes`, `packed_parties`) and the first owner's province (what indicators count
-- deals by) as a column; the documents move to `right_docs`, a rowid table that only ever
-- appends. Four B-trees, each fact stored once, and the largest table's pages written once
-- in any input order. `doc_id` is assigned by the writer (one writer at a time). The
-- unused `title` column is gone (titles are in the documents and the search index).
CREATE TABLE right_docs (
    doc_id     INTEGER PRIMARY KEY,
    input_hash TEXT NOT NULL,
    doc        TEXT NOT NULL
);
INSERT INTO right_docs (doc_id, input_hash, doc) SELECT rowid, input_hash, doc FROM rights;

-- Columns in the order `facts::FACT_COLUMNS` reads them, so a facts page decodes a prefix
-- of each record.
CREATE TABLE rights_new (
    id             TEXT PRIMARY KEY,
    pub_key        TEXT,
    app_key        TEXT,
    kind           TEXT NOT NULL,
    office         TEXT NOT NULL,
    status         TEXT,
    year           INTEGER,
    filing_date    TEXT,
    pub_date       TEXT,
    grant_date     TEXT,
    stub           INTEGER NOT NULL,
    synthetic      INTEGER NOT NULL,
    source_format  TEXT NOT NULL,
    classes        TEXT,
    parties        TEXT,
    lang           TEXT,
    langs          TEXT,
    owner_province TEXT,
    doc_id         INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO rights_new
    SELECT r.id, r.pub_key, r.app_key, r.kind, r.office, r.status, r.year, r.filing_date, r.pub_date,
           r.grant_date, r.stub, r.synthetic, r.source_format,
           (SELECT json_group_array(json_array(c.scheme, c.symbol, c.main) ORDER BY c.scheme, c.symbol)
            FROM right_classes c WHERE c.right_id = r.id HAVING COUNT(*) > 0),
           (SELECT json_group_array(json_array(p.role, p.name, p.country, p.province, p.city, p.city_zh) ORDER BY p.seq)
            FROM right_parties p WHERE p.right_id = r.id HAVING COUNT(*) > 0),
           r.lang, r.langs,
           (SELECT p.province FROM right_parties p WHERE p.right_id = r.id
            AND p.role IN ('assignee', 'applicant', 'holder')
            ORDER BY CASE p.role WHEN 'assignee' THEN 0 WHEN 'applicant' THEN 1 ELSE 2 END, p.seq LIMIT 1),
           r.rowid
    FROM rights r;
DROP TABLE rights;
DROP TABLE right_classes;
DROP TABLE right_parties;
ALTER TABLE rights_new RENAME TO rights;
CREATE INDEX rights_pub_key ON rights(pub_key);
CREATE INDEX rights_app_key ON rights(app_key);
CREATE INDEX rights_stub ON rights(stub) WHERE stub = 1;

-- The outbox's rows are a few dozen bytes: keyed by their primary key, one B-tree fewer.
CREATE TABLE ledger_outbox_new (
    subject TEXT NOT NULL,
    key     TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (subject, key)
) WITHOUT ROWID;
INSERT INTO ledger_outbox_new SELECT subject, key, seq FROM ledger_outbox;
DROP TABLE ledger_outbox;
ALTER TABLE ledger_outbox_new RENAME TO ledger_outbox;
CREATE INDEX ledger_outbox_seq ON ledger_outbox(seq);
