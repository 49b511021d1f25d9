-- Analytics (patent navigation): the three dates as columns, the patent documents each
-- right cites, and covering indexes so a landscape over millions of rights reads facts
-- without touching the JSON documents. Existing rows are backfilled from their documents.
ALTER TABLE rights ADD COLUMN filing_date TEXT, ADD COLUMN pub_date TEXT, ADD COLUMN grant_date TEXT;
UPDATE rights SET
    filing_date = doc::jsonb #>> '{dates,filing}',
    pub_date = doc::jsonb #>> '{dates,publication}',
    grant_date = doc::jsonb #>> '{dates,grant}';

-- The Chinese name of a party's city (`兰州` beside `Lanzhou`), for reports in Chinese;
-- `seq` is the party's index in the document's `parties`.
ALTER TABLE right_parties ADD COLUMN city_zh TEXT;
UPDATE right_parties p SET city_zh = r.doc::jsonb #>> ARRAY['parties', p.seq::text, 'address', 'cn_region', 'city_zh']
FROM rights r WHERE r.id = p.right_id AND p.city IS NOT NULL;

-- `cited` is the cited document's publication key (`US8087209`): its canonical id without
-- the kind code (one letter and at most one digit at the end, ST.16), as `PubKey` makes it.
CREATE TABLE right_citations (
    right_id TEXT NOT NULL,
    cited    TEXT NOT NULL,
    PRIMARY KEY (right_id, cited)
);
CREATE INDEX right_citations_cited ON right_citations(cited);
INSERT INTO right_citations (right_id, cited)
SELECT DISTINCT r.id, regexp_replace(c #>> '{target,id}', '[A-Z][0-9]?$', '')
FROM rights r, jsonb_array_elements(COALESCE(r.doc::jsonb -> 'citations', '[]'::jsonb)) c
WHERE c #>> '{target,type}' = 'patent' AND c #>> '{target,id}' IS NOT NULL
ON CONFLICT DO NOTHING;

CREATE INDEX rights_facts ON rights(id COLLATE "C") INCLUDE (kind, office, status, year, filing_date, pub_date, grant_date,
                                                 pub_key, app_key, stub, synthetic, source_format);
-- Indicators count transfers, licences and pledges per year without scanning every fee.
CREATE INDEX events_kind_date ON events(kind, date);
