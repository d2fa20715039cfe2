#!/usr/bin/python3
"""Prints the comparison table of one compare.sh corpus directory as Markdown.

  report.py --dir DIR [--label TEXT]

Reads newsgraph-{index,full}-{ingest,text}.json, newsgraph-*-size, newsgraph-full-mix*.json,
sqlite.json and xapian.json (written by compare.sh, newsgraph-load and engines.py).
"""

import argparse
import json
import os


def load(directory, name):
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        text = f.read().strip()
    return json.loads(text) if name.endswith(".json") else text


def mib(size):
    return f"{size / 2**20:,.1f} MiB"


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "–"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    rows = []
    for name, title in (("newsgraph-index", "newsgraph, extraction off"),
                        ("newsgraph-full", "newsgraph, with extraction")):
        ingest, text = load(args.dir, f"{name}-ingest.json"), load(args.dir, f"{name}-text.json")
        if not ingest or not text:
            continue
        search = text["all"]
        outcomes = ingest.get("outcomes", {})
        rows.append({"name": title, "docs": ingest["documents"],
                     "note": f" ({outcomes['duplicate']:,} near dup.)"
                             if outcomes.get("duplicate") else "",
                     "docs_per_s": ingest["docs_per_s"], "mb_per_s": ingest["mb_per_s"],
                     "bytes": int(load(args.dir, f"{name}-size") or 0),
                     "p50": search["p50_ms"], "p99": search["p99_ms"],
                     "queries": search["count"] + search["errors"], "empty": search["empty"]})
    others = []
    for name in ("sqlite.json", "xapian.json"):
        report = load(args.dir, name)
        if not report:
            continue
        if report.get("skipped"):
            print(f"{report['engine']}: skipped ({report['skipped']})\n")
            continue
        q = report["queries"]
        row = {"name": f"{report['engine']} {report['version']}", "docs": report["documents"],
               "note": "",
               "docs_per_s": report["docs_per_s"], "mb_per_s": report["mb_per_s"],
               "bytes": report["bytes_on_disk"], "p50": q["p50_ms"], "p99": q["p99_ms"],
               "queries": q["count"], "empty": q["empty"]}
        rows.append(row)
        others.append(row)

    if args.label:
        print(f"### {args.label}\n")
    print("| engine | docs | index docs/s | MB/s | on disk | text query p50 | p99 | no hits |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['name']} | {r['docs']:,}{r['note']} | {r['docs_per_s']:,.0f} | {r['mb_per_s']:.2f} | "
              f"{mib(r['bytes'])} | {r['p50']:.2f} ms | {r['p99']:.2f} ms | "
              f"{r['empty']}/{r['queries']} |")
    newsgraph = [r for r in rows if r["name"].startswith("newsgraph")]
    if others and newsgraph:
        print("\nnewsgraph / other (docs/s: higher is better for newsgraph; size and latency: "
              "lower is better):\n")
        print("| newsgraph run | vs | docs/s | on disk | p50 | p99 |")
        print("|---|---|---:|---:|---:|---:|")
        for n in newsgraph:
            for o in others:
                print(f"| {n['name']} | {o['name']} | {ratio(n['docs_per_s'], o['docs_per_s'])} | "
                      f"{ratio(n['bytes'], o['bytes'])} | {ratio(n['p50'], o['p50'])} | "
                      f"{ratio(n['p99'], o['p99'])} |")
    for name, title in (("newsgraph-full-mix.json", "one call at a time"),
                        ("newsgraph-full-mix-c4.json", "4 calls in flight")):
        mix = load(args.dir, name)
        if not mix:
            continue
        print(f"\nnewsgraph query mix, {title}: {mix['requests']:,} calls, {mix['qps']:,.0f} "
              f"QPS, entity calls over the {mix['entities']} most mentioned entities\n")
        print("| kind | calls | errors | no result | p50 | p95 | p99 | max |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for kind, k in list(mix["kinds"].items()) + [("all", mix["all"])]:
            print(f"| {kind} | {k['count'] + k['errors']:,} | {k['errors']} | {k['empty']} | "
                  f"{k['p50_ms']:.2f} ms | {k['p95_ms']:.2f} ms | {k['p99_ms']:.2f} ms | "
                  f"{k['max_ms']:.2f} ms |")
    print()


if __name__ == "__main__":
    main()
