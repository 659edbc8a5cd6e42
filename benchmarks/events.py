"""Event scheduling: Tandem's scheduler against the greedy round-robin of common event tools.

A brokerage event ("rendez-vous d'affaires") is generated, seeded, as the product would
present it to ``matcher.events.solver.solve``:

- 45 % companies, 55 % labs; 16 slots; a company accepts 6 to 16 meetings, a lab one per
  slot; everyone should have at least one meeting (minimum 1);
- affinity from a low-rank model: each participant mixes 8 topics (sparse, Gamma-distributed
  weights), affinity = cosine of the mixtures, clipped to [0, 1]. Non-negative weights, like
  the TF-IDF vectors whose cosine the product uses, keep every value > 0 as ``Problem`` asks;
- wishes: each company "must meet" ~2 labs and "would like to meet" ~4 (Poisson counts),
  each lab ~1 and ~2 companies. Whom one wishes to meet is drawn in proportion to
  popularity (Zipf: the r-th most popular participant weighs 1/r) × affinity, so a few labs
  are asked by far more companies than they have slots: what makes a schedule hard;
- the product's values: 100 for a mutual must, 70 must + like, 50 a one-sided must, 40 a
  mutual like, 20 a one-sided like, plus 10 × affinity; 1 % of pairs may not meet (NaN:
  competitors, already partners);
- with availability limits: 50 % all day, 20 % morning only (first half of the slots),
  20 % afternoon only, 10 % arrive late or leave early at a random slot; each one also has,
  with probability 0.2, one more of their slots blocked.

The baseline is what common event tools do: slot after slot, companies in turn (the first
one rotates each slot) each take their most valuable counterpart still free in that slot,
available, not met yet, under their maximum, while tables remain.

Every schedule, the scheduler's and the baseline's, goes through ``check`` (nobody twice in
a slot, tables, availability, maxima, excluded pairs, no pair twice). The scheduler's bound
is the optimum of the relaxation without slots (a b-matching that reaches as many minimums
as possible), so value / bound certifies how far from optimal any schedule is.

    python benchmarks/events.py [--sizes 100 500 1000:200] [--repeat 1] [--json benchmarks/results/events.json]
"""

import argparse
import dataclasses
import json
import os
import platform
import time
from pathlib import Path

import numpy as np
import scipy

from matcher.events.plan import AFFINITY_WEIGHT, wish_value
from matcher.events.solver import Problem, solve

TABLES = {100: 40, 500: 100, 1000: 200}  # the default sizes and their tables
TOPICS = 8
LEVELS = (None, "like", "must")
POINTS = np.array([[wish_value(a, b) for b in LEVELS] for a in LEVELS])  # [company's wish, lab's wish]
GOAL_PARTICIPANTS, GOAL_SECONDS, GOAL_GAP = 1000, 10.0, 0.01


def _wishes(weights, musts, likes, rng):
    """Wish levels (0 none, 1 like, 2 must) of each row: ``musts[i] + likes[i]`` distinct columns drawn
    without replacement in proportion to ``weights`` (Gumbel top-k), the first ``musts[i]`` as musts."""
    keys = np.log(weights) + rng.gumbel(size=weights.shape)
    order = np.argsort(-keys, axis=1)
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(weights.shape[1])[None, :], axis=1)
    return np.where(rank < musts[:, None], 2, np.where(rank < (musts + likes)[:, None], 1, 0))


def _availability(participants, slots, rng):
    """Who is there when: half-days and late arrivals are what break the scheduler's colouring."""
    available = np.ones((participants, slots), dtype=bool)
    kind = rng.choice(4, participants, p=[0.5, 0.2, 0.2, 0.1])  # all day, morning, afternoon, partial
    half = slots // 2
    available[kind == 1, half:] = False
    available[kind == 2, :half] = False
    for i in np.flatnonzero(kind == 3):
        cut = rng.integers(1, slots)
        if rng.random() < 0.5:
            available[i, cut:] = False  # leaves early
        else:
            available[i, :cut] = False  # arrives late
    for i in np.flatnonzero(rng.random(participants) < 0.2):
        free = np.flatnonzero(available[i])
        if len(free) > 1:
            available[i, rng.choice(free)] = False
    return available


def generate(participants, tables, slots=16, availability=False, seed=0):
    """A seeded brokerage event (see the module's docstring) as a scheduling problem."""
    rng = np.random.default_rng(seed)
    companies = min(max(1, round(0.45 * participants)), participants - 1)
    labs = participants - companies
    topics = rng.gamma(0.5, size=(participants, TOPICS)) + 1e-12
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    affinity = np.clip(topics[:companies] @ topics[companies:].T, 0.0, 1.0)
    # Zipf weights in random order, so that popularity owes nothing to the round-robin's order.
    popularity = [1.0 / rng.permutation(np.arange(1, n + 1)) for n in (companies, labs)]
    company_wish = _wishes(popularity[1][None, :] * affinity + 1e-12, np.minimum(rng.poisson(2, companies), labs),
                           rng.poisson(4, companies), rng)
    lab_wish = _wishes(popularity[0][None, :] * affinity.T + 1e-12, np.minimum(rng.poisson(1, labs), companies),
                       rng.poisson(2, labs), rng).T
    values = POINTS[company_wish, lab_wish] + AFFINITY_WEIGHT * affinity
    values[rng.random(values.shape) < 0.01] = np.nan
    max_meetings = np.concatenate([rng.integers(6, 17, companies), np.full(labs, slots)])
    available = _availability(participants, slots, rng) if availability else np.ones((participants, slots), bool)
    return Problem(slots, tables, available, max_meetings, np.ones(participants, dtype=int), values)


@dataclasses.dataclass(frozen=True)
class Baseline:
    """The greedy schedule, with the fields of ``Solution`` the comparison needs."""

    meetings: tuple  # (company, lab, slot, table)
    value: float
    without_meeting: int


def greedy(problem):
    """The round-robin schedule of common event tools (see the module's docstring)."""
    companies, labs = problem.values.shape
    ranking = np.argsort(-np.nan_to_num(problem.values, nan=-np.inf), axis=1)  # each company's labs, best first
    allowed = ~np.isnan(problem.values)
    degree = np.zeros(companies + labs, dtype=int)
    meetings = []
    for slot in range(problem.slots):
        lab_free = problem.available[companies:, slot].copy()
        table = 0
        for company in np.roll(np.arange(companies), -slot):
            if table == problem.tables:
                break
            if not problem.available[company, slot] or degree[company] >= problem.max_meetings[company]:
                continue
            under_maximum = degree[companies:] < problem.max_meetings[companies:]
            ok = (allowed[company] & lab_free & under_maximum)[ranking[company]]
            if not ok.any():
                continue
            lab = int(ranking[company, np.argmax(ok)])
            allowed[company, lab] = False  # met: not again
            lab_free[lab] = False
            degree[company] += 1
            degree[companies + lab] += 1
            meetings.append((int(company), lab, slot, table))
            table += 1
    value = float(sum(problem.values[company, lab] for company, lab, _, _ in meetings))
    return Baseline(tuple(meetings), value, int((degree == 0).sum()))


def check(problem, meetings, value):
    """Raise AssertionError naming the first rule ``meetings`` break; the participants' degrees."""
    companies, labs = problem.values.shape
    m = np.array(meetings, dtype=int).reshape(-1, 4)
    company, lab, slot, table = m.T

    def fail(what, rows):
        if rows.any():
            first = tuple(int(x) for x in m[np.argmax(rows)])
            raise AssertionError(f"{what}: meeting (company, lab, slot, table) = {first}")

    def repeated(*columns):
        _, first, counts = np.unique(np.column_stack(columns), axis=0, return_index=True, return_counts=True)
        rows = np.ones(len(m), dtype=bool)
        rows[first[counts == 1]] = False
        return rows

    fail("index out of range", (company < 0) | (company >= companies) | (lab < 0) | (lab >= labs)
         | (slot < 0) | (slot >= problem.slots))
    fail(f"table index not below {problem.tables}", (table < 0) | (table >= problem.tables))
    fail("excluded pair (NaN) meets", np.isnan(problem.values[company, lab]))
    fail("company not available", ~problem.available[company, slot])
    fail("lab not available", ~problem.available[companies + lab, slot])
    fail("company in two meetings in one slot", repeated(company, slot))
    fail("lab in two meetings in one slot", repeated(lab, slot))
    fail("table used twice in one slot", repeated(slot, table))
    fail("pair meets twice", repeated(company, lab))
    degree = np.bincount(np.concatenate([company, companies + lab]), minlength=companies + labs)
    if (over := np.flatnonzero(degree > problem.max_meetings)).size:
        raise AssertionError(f"participant {over[0]} has {degree[over[0]]} meetings, above its maximum")
    if not np.isclose(problem.values[company, lab].sum(), value):
        raise AssertionError(f"reported value {value} is not the meetings' {problem.values[company, lab].sum()}")
    return degree


def _timed(function, problem, repeat):
    """Best of ``repeat`` runs: the other runs measure the machine's noise, not the method."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(problem)
        best = min(best, time.perf_counter() - start)
    return best, result


def run(participants, tables, availability, repeat, seed):
    """One event: both schedules, checked, and their figures; ``goal`` only at 1,000 participants.
    "Nobody at zero when feasible" is read as every minimum the relaxation can reach being reached."""
    problem = generate(participants, tables, availability=availability, seed=seed)
    seconds, solution = _timed(solve, problem, repeat)
    degree = check(problem, solution.meetings, solution.value)
    greedy_seconds, baseline = _timed(greedy, problem, repeat)
    check(problem, baseline.meetings, baseline.value)
    row = {"participants": participants, "companies": problem.companies, "tables": tables, "slots": problem.slots,
           "availability": availability, "seconds": seconds, "meetings": len(solution.meetings),
           "value": solution.value, "bound": solution.bound, "gap": solution.gap, "rounds": solution.rounds,
           "without_meeting": int((degree == 0).sum()), "reached": solution.reached,
           "reached_bound": solution.reached_bound,
           "greedy": {"seconds": greedy_seconds, "meetings": len(baseline.meetings), "value": baseline.value,
                      "gap": (solution.bound - baseline.value) / solution.bound if solution.bound else 0.0,
                      "without_meeting": baseline.without_meeting},
           "ratio": solution.value / baseline.value if baseline.value else float("nan")}
    if participants == GOAL_PARTICIPANTS:
        row["goal"] = bool(seconds <= GOAL_SECONDS and solution.reached == solution.reached_bound
                           and solution.gap <= (GOAL_GAP if availability else 1e-9))
    return row


def table(rows):
    lines = ["| participants | tables | availability | scheduler s | value | bound | gap | at zero | minimums / bound "
             "| greedy s | greedy value | greedy gap | greedy at zero | scheduler / greedy | goal |",
             "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in rows:
        g = r["greedy"]
        goal = {True: "PASS", False: "FAIL"}.get(r.get("goal"), "")
        lines.append(f"| {r['participants']:,} | {r['tables']} | {'limited' if r['availability'] else 'all day'} | "
                     f"{r['seconds']:.2f} | {r['value']:,.0f} | {r['bound']:,.0f} | {100 * r['gap']:.3f} % | "
                     f"{r['without_meeting']} | {r['reached']} / {r['reached_bound']} | {g['seconds']:.2f} | "
                     f"{g['value']:,.0f} | {100 * g['gap']:.1f} % | {g['without_meeting']} | {r['ratio']:.3f} | "
                     f"{goal} |")
    return "\n".join(lines)


def _size(text):
    """``N`` (tables from TABLES, else N / 5) or ``N:TABLES``."""
    participants, _, tables = text.partition(":")
    participants = int(participants)
    return participants, int(tables) if tables else TABLES.get(participants, max(1, participants // 5))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_size, nargs="+", default=list(TABLES.items()),
                        help="participants, or participants:tables (default: 100:40 500:100 1000:200)")
    parser.add_argument("--repeat", type=int, default=1, help="best time of this many runs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args(argv)
    machine = {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version(),
               "numpy": np.__version__, "scipy": scipy.__version__}
    print(f"machine: {machine}")
    rows = []
    for participants, tables in args.sizes:
        for availability in (False, True):
            rows.append(run(participants, tables, availability, args.repeat, args.seed))
            r = rows[-1]
            print(f"  {participants:,} participants, {tables} tables, {'limited' if availability else 'all day'}: "
                  f"{r['seconds']:.2f} s, gap {100 * r['gap']:.3f} %, × greedy {r['ratio']:.3f}", flush=True)
    print()
    print(table(rows))
    print(f"\ngoal: ≤ {GOAL_SECONDS:.0f} s at {GOAL_PARTICIPANTS:,} participants, gap ≤ {100 * GOAL_GAP:.0f} % "
          "(0 % without availability limits), nobody at zero when feasible (minimums = their bound)")
    for r in rows:
        if "goal" in r:
            print(f"  {'limited' if r['availability'] else 'all day'}: {'PASS' if r['goal'] else 'FAIL'}")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "seed": args.seed, "repeat": args.repeat,
                                         "results": rows}, indent=1) + "\n")
        print(f"saved {args.json}")


if __name__ == "__main__":
    main()
