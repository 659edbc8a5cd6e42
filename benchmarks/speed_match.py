"""Speed of `matcher match` with ten needs at once, fitting included.

Runs the real command in a fresh process against a store holding the shipped
catalogue: once with an empty model cache (the TF-IDF model is fitted), then
with the cache warm. In the same process, a baseline: scikit-learn's plain
TfidfVectorizer fitted on the same lab documents and brute-force cosine, timed
in-process for the same ten needs; the ratio says what Tandem's extra work
(stemming, glossary expansion, explanations) costs.

    python benchmarks/speed_match.py [--json benchmarks/results/speed_match.json]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.catalogue.reader import load_catalog
from matcher.matching.ranking import LabRanker

sys.path.insert(0, str(Path(__file__).parent))
import record  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def ten_needs():
    needs = yaml.safe_load((ROOT / "data" / "needs.yaml").read_text(encoding="utf-8"))
    return [n["text"] for n in needs[:10]]


def timed(command, env):
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, help="also write the timings to this file")
    args = parser.parse_args(argv)
    needs = ten_needs()
    matcher = str(Path(sys.executable).with_name("matcher"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TANDEM_DATABASE_URL": f"sqlite:///{tmp}/store.sqlite3",
               "TANDEM_CACHE_DIR": f"{tmp}/cache"}
        subprocess.run([matcher, "import"], env=env, check=True, stdout=subprocess.DEVNULL)
        cold = timed([matcher, "match", *needs, "--json"], env)
        warm = min(timed([matcher, "match", *needs, "--json"], env) for _ in range(3))

    catalog = load_catalog(ROOT / "data")
    documents = [text for lab in catalog.labs for _, text in lab.profile()]
    start = time.perf_counter()
    vectorizer = TfidfVectorizer().fit(documents)
    (vectorizer.transform(needs) @ vectorizer.transform(documents).T).toarray()
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    LabRanker(catalog.labs, glossary=list(catalog.glossary), cache_dir=False).rank(needs)
    tandem = time.perf_counter() - start

    print(f"catalogue: {len(catalog.labs)} labs, {len(documents)} documents; 10 needs")
    print(f"`matcher match` x10, fresh process, model fitted (cold cache): {cold:6.2f} s")
    print(f"`matcher match` x10, fresh process, model from cache (warm):   {warm:6.2f} s")
    print(f"in-process fit+rank+explain, Tandem: {tandem:6.2f} s; plain sklearn TF-IDF baseline: {baseline:6.2f} s; "
          f"ratio {tandem / baseline:4.1f}x")
    if args.json:
        seconds = {"command_cold": cold, "command_warm": warm, "tandem_in_process": tandem,
                   "sklearn_baseline": baseline}
        record.write(args.json, record.measured_on(ROOT / "data", catalog, needs), seconds)


if __name__ == "__main__":
    main()
