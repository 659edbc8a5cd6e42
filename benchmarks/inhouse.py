"""In-house quality: rank the shipped catalogue for data/eval/needs.yaml (the original part) and
data/eval/longtail.yaml (the long-tail part), report per part, split and language.

    python benchmarks/inhouse.py [--aggregate topk] [--char-weight 0.0] [--no-glossary] [--detailed-only]
                                 [--data FOLDER] [--json benchmarks/results/inhouse.json]

The results file names the lab files the figures were measured on, so that a later run on
the same catalogue can be compared with it (tests/bench/test_benchmark_inhouse.py).
"""

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

from matcher.catalogue.reader import load_catalog
from matcher.errors import MatcherError
from matcher.matching.ranking import LabRanker

sys.path.insert(0, str(Path(__file__).parent))
import record  # noqa: E402
from metrics import summarise  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


PARTS = {"original": "needs.yaml", "longtail": "longtail.yaml"}  # eval/ files, reported apart


def read_needs(data):
    """The evaluation needs of ``data/eval``, each tagged with its part; a part without its file is left out."""
    needs = []
    for part, name in PARTS.items():
        path = Path(data) / "eval" / name
        if part == "original" or path.exists():
            needs += [{**need, "part": part} for need in yaml.safe_load(path.read_text(encoding="utf-8"))]
    return needs


def evaluate(catalog, needs, detailed_only=False, **options):
    labs = catalog.detailed_labs if detailed_only else catalog.labs
    ranker = LabRanker(labs, **options)
    rankings = [[m.lab_id for m in ms] for ms in ranker.rank([n["text"] for n in needs], top=20)]
    groups = {}
    for part in PARTS:
        for split in ("dev", "test"):
            for lang in ("fr", "en", None):
                chosen = [(r, n) for r, n in zip(rankings, needs)
                          if n["part"] == part and n["split"] == split and lang in (None, n["lang"])]
                if chosen:
                    groups[(part, split, lang or "all")] = summarise([r for r, _ in chosen], [n for _, n in chosen])
    return groups


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # Options left out keep the library's defaults, so the script never drifts from them.
    parser.add_argument("--aggregate", help="max, mean, topk or softmax")
    parser.add_argument("--k", type=int)
    parser.add_argument("--temperature", type=float)
    parser.add_argument("--evidence", type=int)
    parser.add_argument("--char-weight", type=float)
    parser.add_argument("--pair-window", type=int)
    parser.add_argument("--no-trigrams", dest="trigrams", action="store_const", const=False)
    parser.add_argument("--no-glossary", action="store_true")
    parser.add_argument("--detailed-only", action="store_true")
    parser.add_argument("--data", type=Path, default=ROOT / "data",
                        help="the catalogue folder, with its eval/needs.yaml (default: data/)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    options = {name: getattr(args, name) for name in
               ("aggregate", "k", "temperature", "evidence", "char_weight", "pair_window", "trigrams")
               if getattr(args, name) is not None}
    try:
        catalog = load_catalog(args.data)
        needs = read_needs(args.data)
    except (MatcherError, OSError) as error:
        sys.exit(f"error: {error}")
    with tempfile.TemporaryDirectory() as cache:
        try:
            groups = evaluate(catalog, needs, glossary=None if args.no_glossary else list(catalog.glossary) or None,
                              detailed_only=args.detailed_only, cache_dir=cache, **options)
        except MatcherError as error:
            sys.exit(f"error: {error}")
    print(f"{'part':<9}{'split':<6}{'lang':<5}{'n':>4} {'nDCG@5':>7} {'nDCG@10':>8} {'recall@10':>10} {'MRR':>6} "
          f"{'hit@5':>6} {'hit@10':>7}")
    for (part, split, lang), m in groups.items():
        print(f"{part:<9}{split:<6}{lang:<5}{m['n']:>4} {m['nDCG@5']:>7.3f} {m['nDCG@10']:>8.3f} "
              f"{m['recall@10']:>10.3f} {m['MRR']:>6.3f} {m['hit@5']:>6.3f} {m['hit@10']:>7.3f}")
    if args.json:
        rows = [{"part": part, "split": split, "lang": lang, **m} for (part, split, lang), m in groups.items()]
        record.write(args.json, record.measured_on(args.data, catalog, needs), rows)


if __name__ == "__main__":
    main()
