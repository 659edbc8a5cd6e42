"""The mutation score of the last `make mutation`, from mutmut's summary (mutants/mutmut-cicd-stats.json).

    python benchmarks/mutation_score.py [--stats mutants/mutmut-cicd-stats.json]

A mutant is caught when a test fails (killed) or runs past its time limit (timeout: the bug
made the code loop). Mutants that no selected test reaches count as missed, like survivors;
mutants not run (a run limited to some names: `mutmut run "matcher.eligibility.*"`) do not count.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def score(stats):
    """Caught mutants over the mutants run, with the counts that make it up."""
    caught = stats["killed"] + stats["timeout"]
    run = caught + sum(stats[key] for key in ("survived", "no_tests", "suspicious", "segfault"))
    return {"caught": caught, "run": run, "total": stats["total"], "survived": stats["survived"],
            "no_tests": stats["no_tests"], "score": caught / run if run else 0.0}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stats", type=Path, default=ROOT / "mutants" / "mutmut-cicd-stats.json")
    args = parser.parse_args(argv)
    try:
        stats = json.loads(args.stats.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        sys.exit(f"error: {args.stats}: {error} (run `make mutation` first)")
    s = score(stats)
    print(f"mutation score: {s['score']:.1%} ({s['caught']} of {s['run']} mutants caught; {s['survived']} survived, "
          f"{s['no_tests']} reached by no test; {s['total'] - s['run']} of {s['total']} not run)")


if __name__ == "__main__":
    main()
