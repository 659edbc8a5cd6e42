"""`matcher event schedule` end to end on a generated 1,000-participant event.

What an animator runs: the command reads EVENT.yaml, checks every participant against the
store, computes affinities with the ranking's scorer, schedules, and prints the meetings.
The benchmark builds that situation in a temporary folder:

- a store with the shipped catalogue (data/: its labs and companies), plus generated
  companies (ids ``gen-company-N``) whose descriptions are sentences taken from the labs'
  own documents, so the scorer finds real affinities;
- an event of ``--participants`` (45 % companies, 55 % labs of the store), 16 slots in two
  sessions, ``--tables`` tables; each company wishes to meet ~2 labs (must) and ~4 (like)
  and each lab ~1 and ~2 companies, drawn at random; with ``--availability``, 20 % of the
  participants come in the morning only and 20 % in the afternoon only.

It times the whole command (a new process: imports, store, ranking index, scheduling,
JSON output) and reads the gap and the participants without a meeting from its --json.

    python benchmarks/event_cli.py [--participants 1000] [--tables 200] [--availability] [--json PATH]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

from matcher.engine import Engine
from matcher.records.catalogue import Company
from matcher.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _companies(labs, count, rng):
    """Companies described with sentences of lab documents (two labs each), so that they share words with labs."""
    texts = [text for lab in labs for _, text in lab.profile() if len(text) > 80]
    for n in range(count):
        picked = rng.choice(len(texts), 2, replace=False)
        yield Company.from_dict({
            "id": f"gen-company-{n}", "name": f"Generated company {n}", "city": "Grenoble", "department": "38",
            "region": "Auvergne-Rhône-Alpes", "founded": 2015, "headcount": [10, 49], "size_class": "small",
            "sector": "deeptech", "sector_group": "industry",
            "description": " ".join(texts[i][:400] for i in picked),
            "sources": [{"title": "generated for the benchmark", "url": "https://example.org"}]})


def build(folder, participants, tables, availability, seed):
    """A store and an event file in ``folder``; returns the database URL and the event's path."""
    rng = np.random.default_rng(seed)
    url = f"sqlite:///{folder / 'store.sqlite3'}"
    engine = Engine(Settings(database_url=url, cache_dir=folder / "cache"))
    engine.import_catalog(ROOT / "data")
    labs = engine.store.labs()
    n_companies = int(0.45 * participants)
    n_labs = participants - n_companies
    if n_labs > len(labs):
        raise SystemExit(f"the catalogue has {len(labs)} labs: ask for at most {int(len(labs) / 0.55)} participants")
    for company in _companies([lab for lab in labs if lab.detailed], n_companies, rng):
        engine.store.add("companies", company)
    company_ids = [f"gen-company-{n}" for n in range(n_companies)]
    lab_ids = [labs[i].id for i in rng.choice(len(labs), n_labs, replace=False)]
    people = [{"id": pid} for pid in company_ids + lab_ids]
    if availability:
        for person in people:
            draw = rng.random()
            if draw < 0.2:
                person["available"] = "1-8"
            elif draw < 0.4:
                person["available"] = "9-16"
    wishes = []
    for by, others, musts, likes in ((company_ids, lab_ids, 2, 4), (lab_ids, company_ids, 1, 2)):
        for pid in by:
            count = min(rng.poisson(musts) + rng.poisson(likes), len(others))
            chosen = rng.choice(len(others), count, replace=False)
            for k, other in enumerate(chosen):
                wishes.append({"by": pid, "to": others[other], "level": "must" if k < musts else "like"})
    event = {"id": "generated", "name": f"Generated event of {participants}", "date": "2026-12-03",
             "tables": tables, "participants": people, "wishes": wishes, "exclude_partners": True,
             "sessions": [{"name": "Morning", "start": "09:00", "slot_minutes": 20, "slots": 8},
                          {"name": "Afternoon", "start": "14:00", "slot_minutes": 20, "slots": 8}]}
    path = folder / "event.yaml"
    path.write_text(yaml.safe_dump(event, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return url, path, engine


def run(url, path, cache):
    started = time.perf_counter()
    command = [str(Path(sys.executable).with_name("matcher")), "--db", url, "event", "schedule", str(path), "--json"]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "TANDEM_CACHE_DIR": str(cache)})
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(done.stderr)
    return seconds, json.loads(done.stdout)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--tables", type=int, default=200)
    parser.add_argument("--availability", action="store_true", help="half-day participants")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write the figures there")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url, path, engine = build(folder, args.participants, args.tables, args.availability, args.seed)
        for run_name in ("first run (ranking index fitted)", "second run (index cached)"):
            seconds, schedule = run(url, path, folder / "cache")
            zero = len(schedule["without_meeting"])
            results.append({"run": run_name, "seconds": round(seconds, 2), "meetings": len(schedule["meetings"]),
                            "value": schedule["value"], "bound": schedule["bound"], "gap": schedule["gap"],
                            "without_meeting": zero, "scheduler_seconds": schedule["seconds"],
                            "unscheduled_wishes": len(schedule["unscheduled"])})
    print("| run | command s | scheduling s | meetings | value | bound | gap | at zero | wishes not met |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(f"| {r['run']} | {r['seconds']:.2f} | {r['scheduler_seconds']:.2f} | {r['meetings']:,} | "
              f"{r['value']:,.1f} | {r['bound']:,.1f} | {100 * r['gap']:.3f} % | {r['without_meeting']} | "
              f"{r['unscheduled_wishes']:,} |")
    if args.json:
        args.json.write_text(json.dumps({"participants": args.participants, "tables": args.tables,
                                         "availability": args.availability, "runs": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
