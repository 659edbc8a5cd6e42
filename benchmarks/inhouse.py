"""In-house quality: rank the shipped catalogue for data/eval/needs.yaml, report per split and language.

    python benchmarks/inhouse.py [--aggregate topk] [--char-weight 0.0] [--no-glossary] [--detailed-only]
                                 [--json benchmarks/results/inhouse.json]
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

import yaml

from matcher.catalogue.reader import load_catalog
from matcher.errors import MatcherError
from matcher.matching.ranking import LabRanker

sys.path.insert(0, str(Path(__file__).parent))
from metrics import summarise  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def evaluate(catalog, needs, detailed_only=False, **options):
    labs = catalog.detailed_labs if detailed_only else catalog.labs
    ranker = LabRanker(labs, **options)
    rankings = [[m.lab_id for m in ms] for ms in ranker.rank([n["text"] for n in needs], top=20)]
    groups = {}
    for split in ("dev", "test"):
        for lang in ("fr", "en", None):
            chosen = [(r, n) for r, n in zip(rankings, needs) if n["split"] == split and lang in (None, n["lang"])]
            groups[(split, lang or "all")] = summarise([r for r, _ in chosen], [n for _, n in chosen])
    return groups


def main():
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
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    options = {name: getattr(args, name) for name in
               ("aggregate", "k", "temperature", "evidence", "char_weight", "pair_window", "trigrams")
               if getattr(args, name) is not None}
    catalog = load_catalog(ROOT / "data")
    needs = yaml.safe_load((ROOT / "data" / "eval" / "needs.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as cache:
        try:
            groups = evaluate(catalog, needs, glossary=None if args.no_glossary else list(catalog.glossary) or None,
                              detailed_only=args.detailed_only, cache_dir=cache, **options)
        except MatcherError as error:
            sys.exit(f"error: {error}")
    print(f"{'split':<6}{'lang':<5}{'n':>4} {'nDCG@5':>7} {'nDCG@10':>8} {'recall@10':>10} {'MRR':>6} {'hit@5':>6}")
    for (split, lang), m in groups.items():
        print(f"{split:<6}{lang:<5}{m['n']:>4} {m['nDCG@5']:>7.3f} {m['nDCG@10']:>8.3f} {m['recall@10']:>10.3f} "
              f"{m['MRR']:>6.3f} {m['hit@5']:>6.3f}")
    if args.json:
        rows = [{"split": split, "lang": lang, **m} for (split, lang), m in groups.items()]
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
