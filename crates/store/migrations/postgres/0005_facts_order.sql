-- Facts pages (analytics) read the child rows of a range of right ids in byte order, the
-- order of `rights_facts` (COLLATE "C", whatever the database's locale). The primary keys of
-- the child tables follow the database's collation, so they could not give that range in
-- that order: PostgreSQL sorted every page's children (a page is 20,000 rights) and was
-- handed the page's ids as an array to match. These covering indexes, keyed in byte order,
-- answer `right_id COLLATE "C" BETWEEN first AND last` as an ordered index-only scan.
CREATE INDEX right_classes_facts ON right_classes (right_id COLLATE "C", scheme COLLATE "C", symbol COLLATE "C")
    INCLUDE (main);
CREATE INDEX right_parties_facts ON right_parties (right_id COLLATE "C", seq)
    INCLUDE (role, name, country, province, city, city_zh);
CREATE INDEX right_citations_facts ON right_citations (right_id COLLATE "C", cited COLLATE "C");
