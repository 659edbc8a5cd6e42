"""External quality: the expertise-matching gold standard (Stelmakh et al., TMLR 2025).

Each researcher's profile (their recent papers, title + abstract) is scored against the
papers they rated, through ``matcher.score_profiles`` only; the loss counts the rated
pairs the scores order the wrong way, weighted by the rating gap (0 is perfect, 0.5 is a
constant score). The data is read from ../shared; it never enters the repository.

    python benchmarks/goldstandard.py [KEY=VALUE ...]     one variant (score_profiles options)
    python benchmarks/goldstandard.py --variants          the variants of benchmarks/README.md,
                                                          saved to benchmarks/results/goldstandard.json

Researchers are also split in two halves by their order in the file (even: development,
odd: test); choices between variants were made on the development half.
"""

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

from matcher import score_profiles
from matcher.errors import MatcherError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "goldstandard"
VERSIONS = range(1, 11)
RESULTS = ROOT / "benchmarks" / "results" / "goldstandard.json"

# Variants measured for benchmarks/README.md: name -> score_profiles options.
VARIANTS = {
    "default (pairs within 2 words, triples, softmax T = 0.2)": {},
    "foundation default (consecutive pairs only)": {"pair_window": 1, "trigrams": False},
    "no pairs, no triples": {"pair_window": 0, "trigrams": False},
    "pairs within 3 words, triples": {"pair_window": 3},
    "consecutive pairs, triples": {"pair_window": 1},
    "raw term frequency (no sublinear tf)": {"sublinear_tf": False},
    "features seen in 2 texts or more": {"min_df": 2},
    "character 3-5-grams, 20 % of the cosine": {"char_weight": 0.2},
    "best document (max)": {"aggregate": "max"},
    "mean of all documents": {"aggregate": "mean"},
    "mean of the 3 best documents": {"aggregate": "topk", "k": 3},
    "softmax T = 0.05": {"temperature": 0.05},
}

PUBLISHED = [
    ("ELMo (OpenReview)", 0.345),
    ("ACL reviewer matcher", 0.296),
    ("TPMS (TF-IDF)", 0.281),
    ("SPECTER", 0.269),
    ("SPECTER + MFR", 0.238),
    ("SciNCL, SPECTER2", 0.22),
    ("SPECTER2 + SciNCL ensemble (best known)", 0.21),
]


def text_of(paper):
    content = paper["content"]
    return " ".join(part for part in (content.get("title"), content.get("abstract")) if part)


def read_ratings(data):
    """[(researcher id, {paper id: rating})] in file order."""
    rows = []
    with (data / "data" / "evaluations.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            ratings = {row[f"Paper{i}"]: float(row[f"Expertise{i}"])
                       for i in range(1, 11) if row.get(f"Expertise{i}")}
            rows.append((row["ParticipantID"], ratings))
    return rows


def read_version(data, version, researchers):
    folder = data / "evaluation_datasets" / f"d_20_{version}"
    papers = json.loads((folder / "submissions.json").read_text(encoding="utf-8"))
    profiles = []
    for researcher in researchers:
        lines = (folder / "archives" / f"~{researcher}.jsonl").read_text(encoding="utf-8").splitlines()
        profiles.append([text_of(json.loads(line)) for line in lines if line.strip()])
    return {pid: text_of(paper) for pid, paper in papers.items()}, profiles


def pair_costs(scores, ratings):
    """Per researcher: (cost, weight, easy right, easy total, hard right, hard total)."""
    ids = list(ratings)
    r = np.array([ratings[i] for i in ids])
    s = np.array([scores[i] for i in ids])
    upper = np.triu(np.ones((len(ids), len(ids)), dtype=bool), 1)
    differ = upper & (r[:, None] != r[None, :])
    weight = np.abs(r[:, None] - r[None, :])
    # The score difference in the direction of the rating difference: < 0 is a wrong order.
    agree = np.sign(r[:, None] - r[None, :]) * (s[:, None] - s[None, :])
    cost = np.where(agree < 0, weight, np.where(agree == 0, weight / 2, 0.0))
    high = r >= 4
    easy = upper & ((high[:, None] & (r[None, :] <= 2)) | ((r[:, None] <= 2) & high[None, :]))
    hard = differ & high[:, None] & high[None, :]
    right = agree > 0
    return (cost[differ].sum(), weight[differ].sum(), (right & easy).sum(), easy.sum(),
            (right & hard).sum(), hard.sum())


def evaluate(data=DEFAULT_DATA, resamples=1000, seed=0, **options):
    """Loss (mean over the ten profile versions) with a 95 % interval by resampling researchers."""
    data = Path(data)
    rated = read_ratings(data)
    researchers = [r for r, _ in rated]
    ids = sorted({pid for _, ratings in rated for pid in ratings})
    per_version = []  # array (researchers, 6) per version
    for version in VERSIONS:
        papers, profiles = read_version(data, version, researchers)
        scores = score_profiles([papers[pid] for pid in ids], profiles, **options)
        column = dict(zip(ids, scores))
        per_version.append(np.array([
            pair_costs({pid: column[pid][n] for pid in ratings}, ratings) for n, (_, ratings) in enumerate(rated)
        ]))
    table = np.stack(per_version)  # (versions, researchers, 6)

    def losses(sample):
        totals = table[:, sample].sum(axis=1)
        return totals[:, 0] / totals[:, 1]

    all_researchers = np.arange(len(researchers))
    by_version = losses(all_researchers)
    halves = {"development": losses(all_researchers[0::2]).mean(), "test": losses(all_researchers[1::2]).mean()}
    rng = np.random.default_rng(seed)
    boot = [losses(rng.integers(0, len(researchers), len(researchers))).mean() for _ in range(resamples)]
    totals = table.sum(axis=1)
    return {
        "loss": float(by_version.mean()),
        "interval": [float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))],
        "loss_by_version": [round(float(x), 4) for x in by_version],
        "loss_by_half": {name: float(value) for name, value in halves.items()},
        "easy_accuracy": float((totals[:, 2] / totals[:, 3]).mean()),
        "hard_accuracy": float((totals[:, 4] / totals[:, 5]).mean()),
        "researchers": len(researchers),
        "options": {k: v for k, v in options.items() if k != "cache_dir"},
    }


def parse_options(pairs):
    """``key=value`` strings -> score_profiles options, values read as JSON when they parse."""
    options = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        try:
            options[key] = json.loads(value)
        except json.JSONDecodeError:
            options[key] = value
    return options


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("options", nargs="*", metavar="KEY=VALUE",
                        help="score_profiles options, e.g. aggregate=topk k=3 (values read as JSON)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the gold standard's folder")
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--variants", action="store_true", help=f"run every variant, save to {RESULTS.name}")
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args()
    if not (args.data / "data" / "evaluations.csv").exists():
        sys.exit(f"gold standard not found in {args.data}: give its folder with --data")
    try:
        run(args)
    except MatcherError as error:
        sys.exit(f"error: {error}")


def run(args):
    if args.variants:
        results = {name: evaluate(args.data, args.resamples, **options) for name, options in VARIANTS.items()}
        for name, result in results.items():
            print(f"{name:<60} {summary(result)}")
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        return
    result = evaluate(args.data, args.resamples, **parse_options(args.options))
    print(f"{summary(result)}  options {result['options']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def summary(result):
    low, high = result["interval"]
    halves = result["loss_by_half"]
    return (f"loss {result['loss']:.3f} [{low:.3f}, {high:.3f}]  development half {halves['development']:.3f}  "
            f"test half {halves['test']:.3f}  easy {result['easy_accuracy']:.3f}  hard {result['hard_accuracy']:.3f}")


if __name__ == "__main__":
    main()
