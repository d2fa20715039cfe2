#!/usr/bin/python3
"""The engines newsgraph is compared with, indexing and querying the same corpus and queries.

  engines.py sqlite --corpus FILE --db PATH --queries FILE
  engines.py xapian --corpus FILE --db DIR --queries FILE

Prints one JSON object: documents, seconds, docs_per_s, mb_per_s, bytes_on_disk, and for the
queries (each run once, in file order, one at a time, top 10 with a snippet as newsgraph
returns them, after the first 10 once
unmeasured as warm-up): count, empty, p50_ms, p95_ms, p99_ms, max_ms. Exit status 1 when indexing fails or
no query finds anything; Xapian without python3-xapian prints {"skipped": "..."} and exits 0.

- SQLite FTS5 (Python's sqlite3 module, Debian's libsqlite3): an fts5 table over title and text
  with the tokenizer `unicode61 remove_diacritics 2`, filled in one transaction; queries are the
  words ANDed (each quoted), ordered by bm25 with snippet().
- Xapian (python3-xapian): title (weight 2) and text through a TermGenerator without stemming,
  the raw title and text stored as document data, one commit at the end; queries through a
  QueryParser with AND as the default operator, BM25 (Xapian's default weighting), snippets from
  MSet.snippet().
Corpus parsing happens before the clock starts, as for newsgraph-load.
"""

import argparse
import json
import math
import os
import sys
import time


def read_corpus(path):
    articles = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                article = json.loads(line)
                articles.append((article.get("title", ""), article["text"]))
    return articles


def read_queries(path):
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


def disk_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total


def percentile(sorted_ms, p):
    """Nearest rank, as newsgraph-load computes it."""
    if not sorted_ms:
        return 0.0
    rank = min(max(math.ceil(p / 100.0 * len(sorted_ms)), 1), len(sorted_ms))
    return sorted_ms[rank - 1]


WARMUP = 10


def run_queries(queries, search):
    # The first queries once unmeasured, as newsgraph-load --warmup does for newsgraph.
    for query in queries[:WARMUP]:
        search(query)
    latencies, empty = [], 0
    for query in queries:
        start = time.perf_counter()
        hits = search(query)
        latencies.append((time.perf_counter() - start) * 1000.0)
        empty += hits == 0
    latencies.sort()
    return {"count": len(latencies), "empty": empty,
            "p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95),
            "p99_ms": percentile(latencies, 99), "max_ms": latencies[-1] if latencies else 0.0}


def index_report(articles, seconds, path):
    content = sum(len(t.encode("utf-8")) + len(x.encode("utf-8")) for t, x in articles)
    return {"documents": len(articles), "seconds": seconds,
            "docs_per_s": len(articles) / seconds if seconds else 0.0,
            "mb_per_s": content / 1e6 / seconds if seconds else 0.0,
            "bytes_on_disk": disk_bytes(path)}


def run_sqlite(args, articles, queries):
    import sqlite3
    if os.path.exists(args.db):
        os.remove(args.db)
    db = sqlite3.connect(args.db)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, text, "
               "tokenize='unicode61 remove_diacritics 2')")
    start = time.perf_counter()
    with db:
        db.executemany("INSERT INTO docs(title, text) VALUES (?, ?)", articles)
    seconds = time.perf_counter() - start
    report = {"engine": "sqlite-fts5", "version": sqlite3.sqlite_version}

    def search(query):
        match = " ".join('"' + word.replace('"', '""') + '"' for word in query.split())
        rows = db.execute("SELECT rowid, snippet(docs, 1, '<mark>', '</mark>', '…', 24) "
                          "FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10",
                          (match,)).fetchall()
        return len(rows)

    report["queries"] = run_queries(queries, search)
    db.close()
    report.update(index_report(articles, seconds, args.db))
    return report


def run_xapian(args, articles, queries):
    try:
        import xapian
    except ImportError:
        return {"engine": "xapian", "skipped": "python3-xapian is not installed"}
    db = xapian.WritableDatabase(args.db, xapian.DB_CREATE_OR_OVERWRITE)
    generator = xapian.TermGenerator()
    start = time.perf_counter()
    for title, text in articles:
        document = xapian.Document()
        generator.set_document(document)
        generator.index_text(title, 2)
        generator.increase_termpos()
        generator.index_text(text)
        document.set_data(title + "\n" + text)
        db.add_document(document)
    db.commit()
    seconds = time.perf_counter() - start
    db.close()
    report = {"engine": "xapian", "version": xapian.version_string()}
    reader = xapian.Database(args.db)
    parser = xapian.QueryParser()
    parser.set_database(reader)
    parser.set_default_op(xapian.Query.OP_AND)

    def search(query):
        enquire = xapian.Enquire(reader)
        enquire.set_query(parser.parse_query(query))
        mset = enquire.get_mset(0, 10)
        for match in mset:
            mset.snippet(match.document.get_data().decode("utf-8"), 200)
        return mset.size()

    report["queries"] = run_queries(queries, search)
    report.update(index_report(articles, seconds, args.db))
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("engine", choices=["sqlite", "xapian"])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--queries", required=True)
    args = parser.parse_args()
    articles = read_corpus(args.corpus)
    queries = read_queries(args.queries)
    report = (run_sqlite if args.engine == "sqlite" else run_xapian)(args, articles, queries)
    print(json.dumps(report, sort_keys=True))
    if report.get("skipped"):
        return 0
    if report["documents"] == 0 or report["queries"]["count"] == report["queries"]["empty"]:
        print(f"engines.py: {args.engine} indexed nothing or found nothing", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
