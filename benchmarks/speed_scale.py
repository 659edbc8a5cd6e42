"""Speed at scale: Tandem against rank_bm25 and brute-force scikit-learn, 1k to 100k profiles.

Synthetic profiles, drawn from the real catalogue (data/): each one copies the shape
of a real lab profile taken at random (its number of documents, and for each document
its kind, language and number of sentences) and fills it with sentences taken at random
from real documents of the same kind (detailed profile or RNSR directory entry; running
text or list of themes and keywords) and language. Sentences, not words, are recombined,
so that the stem pairs and triples Tandem counts stay real; the vocabulary is the
catalogue's, so every need's words hit long postings lists (a pessimistic case for a
sparse index). The mix of the real catalogue is kept: about 7 % of the profiles are
detailed (6 to 9 documents), the rest one-document directory entries, so 100,000 profiles
hold about 145,000 documents. Everything is seeded (--seed).

The stream of needs: the texts of data/needs.yaml and data/eval/needs.yaml, answered
one at a time as a user would send them. Per size and per system, in a forked process:

- build: Tandem's ``ProfileIndex.fit`` (no disk cache), ``BM25Okapi`` on Tandem's own
  analysis (its features of stems; queries expanded with the glossary, as Tandem's), or
  ``TfidfVectorizer`` (its default analysis) on the same documents;
- per need: analysis of the need + scores of every document + one score per profile
  (Tandem: its aggregation; baselines: the best document) + selection of the 10 best,
  with ``matcher.matching.ranking.top_indices`` for all three;
- peak memory: the peak resident set size (VmHWM) of the forked process during build
  and queries, minus its resident size when it started (the corpus, already in memory).

BM25Okapi scores in pure Python over every document, so beyond 10,000 profiles only a
seeded sample of the needs (--bm25-needs) is timed for it; ratios always compare the
same needs.

    python benchmarks/speed_scale.py [--sizes 1000 10000 100000] [--needs N] [--json FILE] [--plot FILE]
    python benchmarks/speed_scale.py --json benchmarks/results/speed_scale.json   # for notebooks/02_evaluation
"""

import argparse
import json
import multiprocessing
import os
import platform
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import yaml

from matcher.catalogue.reader import load_catalog
from matcher.matching.embedders import get_embedder
from matcher.matching.ranking import top_indices
from matcher.matching.scoring import ProfileIndex
from matcher.matching.text import guess_language, words

ROOT = Path(__file__).resolve().parent.parent
TOP = 10
SYSTEMS = ("tandem", "bm25", "sklearn")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")


# --- corpus and needs --------------------------------------------------------------------

def real_needs():
    """Texts of the shipped needs, then of the graded evaluation needs."""
    texts = []
    for path in (ROOT / "data" / "needs.yaml", ROOT / "data" / "eval" / "needs.yaml"):
        texts += [need["text"] for need in yaml.safe_load(path.read_text(encoding="utf-8"))]
    return texts


def _shapes_and_pools(catalog):
    """Shapes of the real profiles ([(pool key, sentence count), ...]) and sentences per pool key."""
    shapes, pools = [], defaultdict(list)
    for lab in catalog.labs:
        documents = lab.profile()
        shape = []
        for number, (_, text) in enumerate(documents):
            keywords = lab.detailed and number == len(documents) - 1 and len(documents) > len(lab.documents)
            key = (lab.detailed, keywords, guess_language(words(text)))
            sentences = [s for s in _SENTENCE.split(text) if s.strip()]
            pools[key] += sentences
            shape.append((key, len(sentences)))
        shapes.append(shape)
    return shapes, pools


def synthetic_profiles(catalog, n, seed=0):
    """``n`` profiles (lists of documents) shaped like real ones, made of real sentences."""
    shapes, pools = _shapes_and_pools(catalog)
    rng = random.Random(seed)
    return [[" ".join(rng.choices(pools[key], k=count)) for key, count in rng.choice(shapes)] for _ in range(n)]


# --- the three systems --------------------------------------------------------------------

class Tandem:
    name = "Tandem"

    def __init__(self, glossary):
        self.glossary = glossary

    def build(self, profiles):
        self.index = ProfileIndex(glossary=self.glossary, cache_dir=False).fit(profiles)

    def query(self, need):
        index = self.index
        scores = index.aggregate_scores(index.similarities(index.embed([need])))[0]
        return top_indices(scores, TOP)


class _PerDocument:
    """Baselines score documents; a profile gets its best document's score."""

    def _starts(self, profiles):
        self.starts = np.concatenate([[0], np.cumsum([len(p) for p in profiles])[:-1]])

    def _top(self, document_scores):
        return top_indices(np.maximum.reduceat(np.asarray(document_scores, dtype=np.float64), self.starts), TOP)


class Bm25(_PerDocument):
    name = "BM25Okapi"

    def __init__(self, glossary):
        self.glossary = glossary

    def build(self, profiles):
        from rank_bm25 import BM25Okapi

        self._starts(profiles)
        # Tandem's own analysis (stems, pairs of stems, glossary expansion of queries),
        # so that both rank the same features.
        self.analyser = ProfileIndex(glossary=self.glossary, cache_dir=False).fit([["analyser"]]).embedder_
        self.bm25 = BM25Okapi([self.analyser._features(d, expand=False) for p in profiles for d in p])

    def query(self, need):
        return self._top(self.bm25.get_scores(self.analyser._features(need, expand=True)))


class Sklearn(_PerDocument):
    name = "sklearn cosine"

    def __init__(self, glossary):
        pass

    def build(self, profiles):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self._starts(profiles)
        self.vectorizer = TfidfVectorizer(dtype=np.float32)
        self.documents = self.vectorizer.fit_transform([d for p in profiles for d in p])

    def query(self, need):
        from sklearn.metrics.pairwise import cosine_similarity

        return self._top(cosine_similarity(self.vectorizer.transform([need]), self.documents)[0])


CLASSES = {"tandem": Tandem, "bm25": Bm25, "sklearn": Sklearn}


# --- measuring ------------------------------------------------------------------------------

def _memory():
    """(resident, peak resident) of this process in bytes, from /proc/self/status."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, amount, _ = line.split()
                values[key] = int(amount) * 1024
    return values["VmRSS:"], values["VmHWM:"]


def _reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")  # resets VmHWM to the current resident size (Linux >= 4.0)
    except OSError:
        pass  # after a fork, the peak starts at the resident size inherited anyway


def _measure(system, glossary, profiles, needs, connection):
    _reset_peak()
    start_rss, _ = _memory()
    runner = CLASSES[system](glossary)
    start = time.perf_counter()
    runner.build(profiles)
    build = time.perf_counter() - start
    _, build_peak = _memory()
    runner.query(needs[0])  # one untimed need: imports and first-call costs
    latencies, tops = [], []
    for need in needs:
        start = time.perf_counter()
        top = runner.query(need)
        latencies.append(time.perf_counter() - start)
        tops.append([int(j) for j in top])
    _, peak = _memory()
    connection.send({"build_s": build, "build_peak_mb": (build_peak - start_rss) / 2**20,
                     "peak_mb": (peak - start_rss) / 2**20, "latencies_s": latencies, "tops": tops})
    connection.close()


def measure(system, glossary, profiles, needs):
    """Build and query in a forked process, so that each measure starts from the same memory."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_measure, args=(system, glossary, profiles, needs, sender))
    process.start()
    sender.close()
    try:
        result = receiver.recv()
    except EOFError:
        process.join()
        raise SystemExit(f"{CLASSES[system].name} on {len(profiles):,} profiles: the measuring process "
                         f"died (exit code {process.exitcode}; out of memory?)") from None
    process.join()
    return result


def _ms(values, q):
    return 1000 * float(np.quantile(values, q)) if values else float("nan")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="numbers of profiles")
    parser.add_argument("--needs", type=int, default=None, help="use the first N needs (default: all)")
    parser.add_argument("--bm25-needs", type=int, default=20,
                        help="needs timed for BM25Okapi beyond 10,000 profiles (a seeded sample; default 20)")
    parser.add_argument("--systems", nargs="+", choices=SYSTEMS, default=list(SYSTEMS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="save every figure (and each need's latency) to this file")
    parser.add_argument("--plot", type=Path, help="save the growth curve (median latency vs size) to this PNG")
    args = parser.parse_args(argv)

    catalog = load_catalog(ROOT / "data")
    glossary = list(catalog.glossary)
    needs = real_needs()[: args.needs]
    embedder = {key: value for key, value in get_embedder("tfidf").cache_params().items() if key != "glossary"}
    print(f"{len(needs)} needs; machine: {os.cpu_count()} cores, {platform.machine()}, "
          f"Python {platform.python_version()}; Tandem's tfidf parameters: {embedder}")
    results = []
    for size in args.sizes:
        profiles = synthetic_profiles(catalog, size, seed=args.seed)
        n_documents = sum(map(len, profiles))
        row = {"profiles": size, "documents": n_documents, "needs": len(needs)}
        for system in args.systems:
            subset = list(range(len(needs)))
            if system == "bm25" and size > 10_000 and args.bm25_needs < len(needs):
                subset = sorted(random.Random(args.seed).sample(subset, args.bm25_needs))
            result = measure(system, glossary, profiles, [needs[i] for i in subset])
            result["need_indices"] = subset
            row[system] = result
            print(f"  {size:>7,} profiles ({n_documents:,} documents) {CLASSES[system].name:<15} "
                  f"build {result['build_s']:7.2f} s  median {_ms(result['latencies_s'], 0.5):8.2f} ms  "
                  f"p95 {_ms(result['latencies_s'], 0.95):8.2f} ms  peak {result['peak_mb']:7.0f} MB  "
                  f"({len(subset)} needs)", flush=True)
        results.append(row)
    print()
    print(table(results, args.systems))
    if args.json:
        machine = {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
        args.json.write_text(json.dumps({"machine": machine, "tfidf": embedder, "seed": args.seed, "top": TOP,
                                         "results": results}, indent=1))
        print(f"saved {args.json}")
    if args.plot:
        plot(results, args.systems, args.plot)
        print(f"saved {args.plot}")


def _ratio(row, system):
    """Median latency of ``system`` over Tandem's, on the needs both timed."""
    if "tandem" not in row or system not in row:
        return float("nan")
    tandem = dict(zip(row["tandem"]["need_indices"], row["tandem"]["latencies_s"]))
    other = dict(zip(row[system]["need_indices"], row[system]["latencies_s"]))
    common = sorted(set(tandem) & set(other))
    return statistics.median(other[i] for i in common) / statistics.median(tandem[i] for i in common)


def table(results, systems):
    """Markdown table: one line per size and system, ratios against Tandem."""
    lines = ["| profiles | documents | system | needs timed | median ms | p95 ms | × Tandem (median) | build s "
             "| peak MB |", "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in results:
        for system in systems:
            r = row[system]
            ratio = "" if system == "tandem" else f"{_ratio(row, system):,.0f}×"
            lines.append(f"| {row['profiles']:,} | {row['documents']:,} | {CLASSES[system].name} | "
                         f"{len(r['latencies_s'])} | {_ms(r['latencies_s'], 0.5):.2f} | "
                         f"{_ms(r['latencies_s'], 0.95):.2f} | {ratio} | {r['build_s']:.2f} | {r['peak_mb']:,.0f} |")
    lines += ["", "growth of the median latency (ms) with the number of profiles:", ""]
    lines.append("| system | " + " | ".join(f"{row['profiles']:,}" for row in results) + " |")
    lines.append("| --- |" + " ---: |" * len(results))
    for system in systems:
        lines.append(f"| {CLASSES[system].name} | "
                     + " | ".join(f"{_ms(row[system]['latencies_s'], 0.5):.2f}" for row in results) + " |")
    return "\n".join(lines)


def plot(results, systems, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 4))
    sizes = [row["profiles"] for row in results]
    for system in systems:
        axes.plot(sizes, [_ms(row[system]["latencies_s"], 0.5) for row in results], marker="o",
                  label=CLASSES[system].name)
    axes.set(xscale="log", yscale="log", xlabel="profiles", ylabel="median latency per need (ms)")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


if __name__ == "__main__":
    sys.exit(main())
