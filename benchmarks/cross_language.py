"""Cross-language matching: French needs against labs described only in English, and the reverse.

Each detailed lab is cut into two profiles: its French documents and French
keywords only, and its English documents and English keywords only. The
in-house needs (data/eval/needs.yaml) are scored against each, with and
without the bilingual glossary, through ``matcher.score_profiles``.

    python benchmarks/cross_language.py [--data FOLDER] [--json benchmarks/results/cross_language.json]
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

from matcher import score_profiles
from matcher.catalogue.reader import load_catalog

sys.path.insert(0, str(Path(__file__).parent))
import record  # noqa: E402
from metrics import summarise  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def profile(lab, lang):
    texts = [f"{d.title}. {d.text}" for d in lab.documents if d.lang == lang]
    terms = [*getattr(lab.themes, lang), *getattr(lab.keywords, lang)]
    return texts + ["; ".join(terms)]


def run(catalog, needs):
    labs = catalog.detailed_labs
    ids = [lab.id for lab in labs]
    rows = []
    for glossary in (None, list(catalog.glossary)):
        for need_lang in ("fr", "en"):
            chosen = [n for n in needs if n["lang"] == need_lang]
            for lab_lang in ("fr", "en"):
                scores = score_profiles([n["text"] for n in chosen], [profile(lab, lab_lang) for lab in labs],
                                        glossary=glossary, cache_dir=False)
                rankings = [[ids[j] for j in np.argsort(-row, kind="stable")[:20] if row[j] > 0] for row in scores]
                rows.append((glossary is not None, need_lang, lab_lang, summarise(rankings, chosen)))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "data",
                        help="the catalogue folder, with its eval/needs.yaml (default: data/)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    catalog = load_catalog(args.data)
    needs = yaml.safe_load((args.data / "eval" / "needs.yaml").read_text(encoding="utf-8"))
    print(f"{len(catalog.detailed_labs)} detailed labs, {len(needs)} needs (dev and test)")
    print(f"{'glossary':<9}{'needs':<6}{'labs':<5}{'n':>4} {'nDCG@5':>7} {'MRR':>6} {'hit@5':>6}")
    rows = run(catalog, needs)
    for glossary, need_lang, lab_lang, m in rows:
        print(f"{'yes' if glossary else 'no':<9}{need_lang:<6}{lab_lang:<5}{m['n']:>4} {m['nDCG@5']:>7.3f} "
              f"{m['MRR']:>6.3f} {m['hit@5']:>6.3f}")
    if args.json:
        figures = [{"glossary": glossary, "needs": need_lang, "labs": lab_lang, **m}
                   for glossary, need_lang, lab_lang, m in rows]
        record.write(args.json, record.measured_on(args.data, catalog, needs), figures)


if __name__ == "__main__":
    main()
