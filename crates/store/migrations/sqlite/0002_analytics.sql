-- Analytics (patent navigation): the three dates as columns, the patent documents each
-- right cites, and covering indexes so a landscape over millions of rights reads facts
-- without touching the JSON documents. Existing rows are backfilled from their documents.
ALTER TABLE rights ADD COLUMN filing_date TEXT;
ALTER TABLE rights ADD COLUMN pub_date TEXT;
ALTER TABLE rights ADD COLUMN grant_date TEXT;
UPDATE rights SET
    filing_date = json_extract(doc, '$.dates.filing'),
    pub_date = json_extract(doc, '$.dates.publication'),
    grant_date = json_extract(doc, '$.dates.grant');

-- The Chinese name of a party's city (`兰州` beside `Lanzhou`), for reports in Chinese;
-- `seq` is the party's index in the document's `parties`.
ALTER TABLE right_parties ADD COLUMN city_zh TEXT;
UPDATE right_parties SET city_zh = (
    SELECT json_extract(r.doc, '$.parties[' || right_parties.seq || '].address.cn_region.city_zh')
    FROM rights r WHERE r.id = right_parties.right_id)
WHERE city IS NOT NULL;

-- `cited` is the cited document's publication key (`US8087209`): its canonical id without
-- the kind code (one letter and at most one digit at the end, ST.16), as `PubKey` makes it.
CREATE TABLE right_citations (
    right_id TEXT NOT NULL,
    cited    TEXT NOT NULL,
    PRIMARY KEY (right_id, cited)
) WITHOUT ROWID;
CREATE INDEX right_citations_cited ON right_citations(cited);
INSERT OR IGNORE INTO right_citations (right_id, cited)
SELECT id,
       CASE WHEN substr(x, -1) GLOB '[A-Z]' THEN substr(x, 1, length(x) - 1)
            WHEN substr(x, -1) GLOB '[0-9]' AND substr(x, -2, 1) GLOB '[A-Z]' THEN substr(x, 1, length(x) - 2)
            ELSE x END
FROM (SELECT r.id AS id, json_extract(c.value, '$.target.id') AS x
      FROM rights r, json_each(r.doc, '$.citations') c
      WHERE json_extract(c.value, '$.target.type') = 'patent')
WHERE x IS NOT NULL;

CREATE INDEX rights_facts ON rights(id, kind, office, status, year, filing_date, pub_date, grant_date,
                                    pub_key, app_key, stub, synthetic, source_format);
-- Indicators count transfers, licences and pledges per year without scanning every fee.
CREATE INDEX events_kind_date ON events(kind, date);
