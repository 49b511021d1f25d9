-- The registry: one row per right (the document as JSON plus columns for lookup and
-- statistics), child rows for classifications and parties, every text language in `langs`, events joined to
-- rights by id, publication key or application key, and reference tables.
-- Tables holding JSON documents are rowid tables: WITHOUT ROWID would give every
-- kilobyte-sized row its own overflow page and quadruple the file.
CREATE TABLE rights (
    id            TEXT PRIMARY KEY,
    pub_key       TEXT,
    app_key       TEXT,
    kind          TEXT NOT NULL,
    office        TEXT NOT NULL,
    lang          TEXT,
    langs         TEXT,
    status        TEXT,
    year          INTEGER,
    title         TEXT,
    stub          INTEGER NOT NULL,
    synthetic     INTEGER NOT NULL,
    source_format TEXT NOT NULL,
    input_hash    TEXT NOT NULL,
    doc           TEXT NOT NULL
);
CREATE INDEX rights_pub_key ON rights(pub_key);
CREATE INDEX rights_app_key ON rights(app_key);
CREATE INDEX rights_stub ON rights(stub) WHERE stub = 1;

CREATE TABLE right_classes (
    right_id TEXT NOT NULL,
    scheme   TEXT NOT NULL,
    symbol   TEXT NOT NULL,
    main     INTEGER NOT NULL,
    PRIMARY KEY (right_id, scheme, symbol)
) WITHOUT ROWID;

CREATE TABLE right_parties (
    right_id TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    role     TEXT NOT NULL,
    name     TEXT NOT NULL,
    country  TEXT,
    province TEXT,
    city     TEXT,
    PRIMARY KEY (right_id, seq)
) WITHOUT ROWID;


CREATE TABLE events (
    key      TEXT PRIMARY KEY,
    right_id TEXT,
    pub_key  TEXT,
    app_key  TEXT,
    date     TEXT,
    kind     TEXT NOT NULL,
    doc      TEXT NOT NULL
);
CREATE INDEX events_right_id ON events(right_id);
CREATE INDEX events_pub_key ON events(pub_key);
CREATE INDEX events_app_key ON events(app_key);

CREATE TABLE reference (
    tbl  TEXT NOT NULL,
    key  TEXT NOT NULL,
    lang TEXT NOT NULL,
    doc  TEXT NOT NULL,
    PRIMARY KEY (tbl, key, lang)
);
