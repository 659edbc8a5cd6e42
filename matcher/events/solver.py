"""Meetings into slots and tables: the best schedule found, and a proof of how good it is.

The scheduler chooses company–lab meetings and gives each a slot and a table so that
nobody has two meetings at once, everyone is available at their meetings, no slot
uses more tables than there are, nobody exceeds their maximum, and excluded pairs
never meet. It maximises, first, how many participants reach their minimum number
of meetings (1 by default: nobody without a meeting when that can be avoided), then
the total value of the meetings.

It works in rounds, each in two steps:

1. **Which pairs meet.** Without slots, choosing pairs under degree limits is a
   bipartite b-matching, a min-cost flow: the linear programme below has a totally
   unimodular matrix, so its simplex vertex is integral. Its optimum is also an upper
   bound on any schedule (slots only add constraints), which certifies the gap. The
   programme starts from each participant's best pairs and adds any pair whose
   reduced cost says it could improve the optimum (column generation), so the bound
   holds for all pairs, not only the ones tried.
2. **When they meet.** A bipartite graph whose degrees do not exceed the number of
   slots can always be coloured with that many slots (König), and its colour classes
   can be balanced so that no slot needs more tables than there are (de Werra):
   colouring with alternating-path swaps, then balancing with the same swaps. When
   participants are not available in every slot, a swap must respect availability
   and may fail; the pairs left out go back to step 1 with what remains free.

Rounds stop when one adds no meeting. Without availability limits the first round
places every chosen pair, so the schedule reaches the bound (gap 0).
"""

import dataclasses
from collections.abc import Callable, Iterable

import numpy as np
import scipy.sparse as sp
from scipy.optimize import OptimizeResult, linprog

Index = int | np.integer  # participants, slots and tables are numbered by Python as well as by numpy (argmax...)

_TOLERANCE = 1e-9  # relative to the bonus, the largest cost: pairs whose gain is only rounding noise
_MAX_ROUNDS = 10
_SWAP_TRIES = 24  # pairs of slots tried to free a slot for a meeting


@dataclasses.dataclass(frozen=True)
class Problem:
    """A scheduling problem in indices; participants are the companies, then the labs.

    ``values[c, j]`` is what a meeting of company ``c`` and lab ``j`` is worth (> 0), NaN
    when they may not meet. ``fixed`` lists meetings kept as they are, as
    ``(company, lab, slot, table)`` indices from 0 (rescheduling).
    """

    slots: int
    tables: int
    available: np.ndarray  # (participants, slots) bool
    max_meetings: np.ndarray  # (participants,) int
    min_meetings: np.ndarray  # (participants,) int
    values: np.ndarray  # (companies, labs) float
    fixed: tuple[tuple[int, int, int, int], ...] = ()

    @property
    def companies(self) -> int:
        """How many companies: the first participants, and the rows of ``values``."""
        return self.values.shape[0]


@dataclasses.dataclass(frozen=True)
class Solution:
    """The schedule :func:`solve` found, its value, and the bound that says how good it is."""

    meetings: tuple[tuple[int, int, int, int], ...]  # (company, lab, slot, table) indices from 0, fixed ones first
    value: float
    bound: float  # no schedule keeping the fixed meetings and reaching as many minimums is worth more
    reached: int  # sum over participants of min(meetings, minimum)
    reached_bound: int  # the most that sum can be
    rounds: int

    @property
    def gap(self) -> float:
        """How far the value may be below the best schedule's, as a share of the bound (0: proven best)."""
        return 0.0 if self.bound <= 0 else max(0.0, (self.bound - self.value) / self.bound)


def solve(problem: Problem, progress: Callable[[int, int], None] | None = None) -> Solution:
    """The schedule of ``problem`` (a :class:`Solution`).

    ``progress(round, meetings)``, when given, is called after each round with the
    number of meetings placed so far.
    """
    state = _State(problem)
    bound = reached_bound = None
    rounds = 0
    while rounds < _MAX_ROUNDS:
        chosen, value, reached = state.select()
        if bound is None:
            bound, reached_bound = state.value() + value, reached
        placed = state.place(chosen) or state.cover()
        rounds += 1
        if progress:
            progress(rounds, len(state.meetings))
        if not placed:
            break
    meetings = state.meetings_with_tables()
    value, reached = state.value(), state.reached()
    if reached < reached_bound:
        # Fewer minimums reached than the relaxation's: bound the value on its own.
        bound = state.value_of_fixed() + _State(problem).select(bonus=0.0)[1]
    return Solution(tuple(meetings), value, max(bound, value), reached, reached_bound, rounds)


class _State:
    """Meetings placed so far and what remains free."""

    def __init__(self, problem: Problem):
        self.problem = problem
        companies, labs = problem.values.shape
        self.companies = companies
        self.busy = np.zeros((companies + labs, problem.slots), dtype=bool)
        self.used = np.zeros(problem.slots, dtype=int)  # tables in use per slot
        self.met = np.zeros((companies, labs), dtype=bool)
        self.meetings = {}  # number -> (company, lab, slot), in the order they were placed
        self.where = {}  # (participant, slot) -> number of its meeting
        self.tables = {}  # number -> table, for the fixed meetings
        self.numbers = iter(range(10**9))
        for company, lab, slot, table in problem.fixed:
            self.tables[len(self.meetings)] = table
            self._add(company, lab, slot)
        self.fixed = len(self.meetings)  # meetings numbered below this are fixed

    def _add(self, company: Index, lab: Index, slot: Index):
        number = next(self.numbers)
        self.busy[company, slot] = self.busy[self.companies + lab, slot] = True
        self.used[slot] += 1
        self.met[company, lab] = True
        self.meetings[number] = (company, lab, slot)
        self.where[company, slot] = self.where[self.companies + lab, slot] = number

    def _remove(self, number: int):
        company, lab, slot = self.meetings.pop(number)
        self.busy[company, slot] = self.busy[self.companies + lab, slot] = False
        self.used[slot] -= 1
        self.met[company, lab] = False
        del self.where[company, slot], self.where[self.companies + lab, slot]

    def degrees(self):
        return self.busy.sum(axis=1)

    def value(self):
        return float(sum(self.problem.values[c, j] for c, j, _ in self.meetings.values()))

    def value_of_fixed(self):
        return float(sum(self.problem.values[c, j] for n, (c, j, _) in self.meetings.items() if n < self.fixed))

    def reached(self):
        return int(np.minimum(self.degrees(), self.problem.min_meetings).sum())

    # Step 1 -----------------------------------------------------------------
    def select(self, bonus: float | None = None):
        """Pairs to meet next (a b-matching of the free capacity), their value and the minimums reached."""
        p = self.problem
        free = p.available & ~self.busy
        degrees = self.degrees()
        capacity = np.maximum(0, np.minimum(p.max_meetings - degrees, free.sum(axis=1)))
        wanted = np.minimum(np.maximum(p.min_meetings - degrees, 0), capacity)
        room = np.maximum(p.tables - self.used, 0)
        per_slot = np.minimum(room, np.minimum(free[: self.companies].sum(axis=0), free[self.companies :].sum(axis=0)))
        common = free[: self.companies].astype(np.int32) @ free[self.companies :].T.astype(np.int32)
        allowed = ~np.isnan(p.values) & ~self.met & (common > 0)
        allowed &= (capacity[: self.companies, None] > 0) & (capacity[None, self.companies :] > 0)
        values = np.where(allowed, np.nan_to_num(p.values), 0.0)
        if not allowed.any() or per_slot.sum() == 0:
            return [], 0.0, self.reached()
        if bonus is None:
            # Worth more than any value a rearrangement could lose: one more minimum reached comes first.
            bonus = (values.max() + 1.0) * (len(capacity) + 1)
        pairs = _b_matching(values, allowed, capacity, wanted, int(per_slot.sum()), bonus)
        reached = int(np.minimum(degrees + _degrees(pairs, len(capacity), self.companies), p.min_meetings).sum())
        return pairs, float(sum(values[c, j] for c, j in pairs)), reached

    # Step 2 -----------------------------------------------------------------
    def place(self, pairs: list[tuple[int, int]]):
        """Give slots to as many of ``pairs`` as can have one; the number placed."""
        p = self.problem
        free = p.available & ~self.busy
        lists = [free[c] & free[self.companies + j] for c, j in pairs]
        colouring = _Colouring(len(self.busy), p.slots, np.maximum(p.tables - self.used, 0))
        order = sorted(range(len(pairs)), key=lambda e: (lists[e].sum(), -p.values[pairs[e]]))
        for e in order:
            c, j = pairs[e]
            colouring.add(e, c, self.companies + j, lists[e])
        colouring.balance(lambda e: p.values[pairs[e]])
        for e, slot in colouring.slots.items():
            self._add(*pairs[e], slot)
        return len(colouring.slots)

    def cover(self):
        """Give a meeting to participants below their minimum by re-pairing the meetings of one slot
        along an alternating path (as in bipartite matching); the number of participants helped."""
        degrees = self.degrees()
        p = self.problem
        most = np.minimum(p.max_meetings, p.available.sum(axis=1))
        short = np.flatnonzero(degrees < np.minimum(p.min_meetings, most))
        return sum(self._augment(int(u)) for u in short)

    def _augment(self, u: int):
        p = self.problem
        degrees = self.degrees()
        if degrees[u] >= min(p.min_meetings[u], p.max_meetings[u]):  # helped on another's path meanwhile
            return 0
        for slot in np.flatnonzero(p.available[u] & ~self.busy[u]):
            step = {u: None}  # participant -> (the participant it takes over from, that one's meeting)
            queue = [u]
            while queue:
                x = queue.pop(0)
                for y in self._counterparts(x, slot):
                    number = self.where.get((y, slot))
                    if number is None:  # y is free: one more meeting in the slot
                        if self.used[slot] >= p.tables:
                            continue
                        spare = None if degrees[y] < p.max_meetings[y] else self._spare(y, degrees)
                        if degrees[y] < p.max_meetings[y] or spare is not None:
                            if spare is not None:  # y is at its maximum: it gives up a meeting it can spare
                                self._remove(spare)
                            self._repair(x, y, slot, step)
                            return 1
                        continue
                    z = next(e for e in self._ends(number) if e != y)
                    if number < self.fixed or z in step:
                        continue
                    step[z] = (x, y, number)
                    if degrees[z] > p.min_meetings[z]:  # z can give its meeting up
                        self._repair(None, None, slot, step, end=z)
                        return 1
                    queue.append(z)
        return 0

    def _spare(self, y: Index, degrees: np.ndarray):
        """One of ``y``'s meetings (not fixed) whose other participant stays above its minimum without it."""
        p = self.problem
        for number, (company, lab, _) in self.meetings.items():
            other = company if self.companies + lab == y else self.companies + lab if company == y else None
            if other is not None and number >= self.fixed and degrees[other] > p.min_meetings[other]:
                return number
        return None

    def _counterparts(self, x: Index, slot: Index):
        """Who ``x`` may meet in ``slot``: allowed, available then, not met yet (free or not)."""
        p, companies = self.problem, self.companies
        if x < companies:
            ok = ~np.isnan(p.values[x]) & ~self.met[x] & p.available[companies:, slot]
            return (companies + np.flatnonzero(ok)).tolist()
        ok = ~np.isnan(p.values[:, x - companies]) & ~self.met[:, x - companies] & p.available[:companies, slot]
        return np.flatnonzero(ok).tolist()

    def _repair(self, x: Index | None, y: Index | None, slot: Index,
                step: dict[Index, tuple[Index, Index, int] | None], end: Index | None = None):
        """Apply an alternating path: each participant on it takes over the meeting of the next."""
        pairs = [] if x is None else [(x, y)]
        node = end if x is None else x
        while step[node] is not None:
            previous, taken, number = step[node]
            self._remove(number)
            pairs.append((previous, taken))
            node = previous
        for a, b in pairs:
            company, lab = (a, b) if a < self.companies else (b, a)
            self._add(company, lab - self.companies, slot)

    def _ends(self, number: int):
        company, lab, _ = self.meetings[number]
        return company, self.companies + lab

    def meetings_with_tables(self):
        """``(company, lab, slot, table)``: fixed meetings keep theirs; a lab keeps one table when it can."""
        taken = [set() for _ in range(self.problem.slots)]
        for number, table in self.tables.items():
            taken[self.meetings[number][2]].add(table)
        counts = np.bincount([lab for _, lab, _ in self.meetings.values()], minlength=self.problem.values.shape[1])
        busiest = sorted(np.flatnonzero(counts), key=lambda lab: -counts[lab])
        home = {lab: t for t, lab in enumerate(busiest[: self.problem.tables])}
        result = []
        waiting = []
        for index, (number, (company, lab, slot)) in enumerate(self.meetings.items()):
            table = self.tables.get(number)
            if table is None and home.get(lab) is not None and home[lab] not in taken[slot]:
                table = home[lab]
                taken[slot].add(table)
            if table is None:
                waiting.append(index)
            result.append([company, lab, slot, table])
        for index in waiting:
            slot = result[index][2]
            table = next(t for t in range(self.problem.tables) if t not in taken[slot])
            taken[slot].add(table)
            result[index][3] = table
        return [tuple(int(x) for x in meeting) for meeting in result]


def _degrees(pairs: Iterable[tuple[int, int]], participants: int, companies: int):
    degrees = np.zeros(participants, dtype=int)
    for c, j in pairs:
        degrees[c] += 1
        degrees[companies + j] += 1
    return degrees


def _b_matching(values: np.ndarray, allowed: np.ndarray, capacity: np.ndarray, wanted: np.ndarray, total: int,
                bonus: float):
    """The pairs of an optimal b-matching: at most ``capacity`` pairs per participant and ``total``
    in all, maximising ``bonus`` for each of the first ``wanted`` pairs of a participant plus the
    pairs' values. Column generation over ``allowed`` pairs, starting from each one's best."""
    companies, labs = values.shape
    keep = np.zeros_like(allowed)
    ranked = np.where(allowed, values, -np.inf)
    width = max(1, int(2 * capacity.max()) + 2)
    rows = np.argsort(-ranked, axis=1)[:, :width]
    keep[np.arange(companies)[:, None], rows] = True
    columns = np.argsort(-ranked, axis=0)[:width, :]
    keep[columns, np.arange(labs)[None, :]] = True
    keep &= allowed
    while True:
        company, lab = np.nonzero(keep)
        result = _flow_programme(values[company, lab], company, companies + lab, capacity, wanted, total, bonus)
        duals, total_dual = result.eqlin.marginals, result.ineqlin.marginals[0]
        # A pair left out would raise the optimum if its reduced cost is negative.
        gain = values - duals[:companies, None] - duals[None, companies:] + total_dual
        better = allowed & ~keep & (gain > _TOLERANCE * max(1.0, bonus))
        if not better.any():
            break
        keep |= better
    chosen = result.x[: len(company)] > 0.5
    return list(zip(company[chosen].tolist(), lab[chosen].tolist()))


def _flow_programme(values: np.ndarray, tails: np.ndarray, heads: np.ndarray, capacity: np.ndarray,
                    wanted: np.ndarray, total: int, bonus: float) -> OptimizeResult:
    """The b-matching as a linear programme: each participant's meetings are split into the
    first ``wanted`` (each worth ``bonus``) and the rest; their sum equals the pairs it is in."""
    edges, people = len(values), len(capacity)
    incidence = sp.csr_matrix(
        (np.concatenate([-np.ones(edges), -np.ones(edges)]),
         (np.concatenate([tails, heads]), np.concatenate([np.arange(edges), np.arange(edges)]))),
        shape=(people, edges))
    identity = sp.identity(people, format="csr")
    equalities = sp.hstack([incidence, identity, identity], format="csr")
    limit = sp.hstack([sp.csr_matrix(np.ones((1, edges))), sp.csr_matrix((1, 2 * people))], format="csr")
    cost = np.concatenate([-values, np.full(people, -bonus), np.zeros(people)])
    bounds = np.concatenate([
        np.column_stack([np.zeros(edges), np.ones(edges)]),
        np.column_stack([np.zeros(people), wanted]),
        np.column_stack([np.zeros(people), capacity - wanted]),
    ])
    result = linprog(cost, A_ub=limit, b_ub=[total], A_eq=equalities, b_eq=np.zeros(people), bounds=bounds,
                     method="highs-ds")
    if result.status != 0:  # the programme is always feasible (nothing met) and bounded
        raise RuntimeError(f"the meeting selection could not be solved: {result.message}")
    return result


class _Colouring:
    """Meetings (edges between participants) given slots (colours) from each one's list,
    with at most ``room[s]`` meetings in slot ``s``."""

    def __init__(self, participants: int, slots: int, room: np.ndarray):
        self.at = np.full((participants, slots), -1, dtype=np.int64)  # the meeting a participant has in a slot
        self.ends = {}
        self.lists = {}
        self.slots = {}  # meeting -> slot
        self.count = np.zeros(slots, dtype=int)
        self.room = room

    def add(self, e: int, u: Index, v: Index, allowed: np.ndarray) -> bool:
        """Give meeting ``e`` (between ``u`` and ``v``) a slot among ``allowed``; False when none can be freed."""
        self.ends[e], self.lists[e] = (u, v), allowed
        both = allowed & (self.at[u] < 0) & (self.at[v] < 0)
        if both.any():
            # The slot with the most tables left keeps the classes balanced.
            self._set(e, int(np.argmax(np.where(both, self.room - self.count, -10**9))))
            return True
        return self._swap_in(e, u, v, allowed)

    def _set(self, e: int, slot: Index):
        u, v = self.ends[e]
        self.at[u, slot] = self.at[v, slot] = e
        self.slots[e] = slot
        self.count[slot] += 1

    def _unset(self, e: int):
        slot = self.slots.pop(e)
        u, v = self.ends[e]
        self.at[u, slot] = self.at[v, slot] = -1
        self.count[slot] -= 1

    def _path(self, start: Index, first: Index, second: Index):
        """Meetings on the path from ``start`` alternating slots ``first`` and ``second``."""
        path, node, slot = [], start, first
        while (e := self.at[node, slot]) >= 0:
            path.append(int(e))
            u, v = self.ends[e]
            node = v if node == u else u
            slot = second if slot == first else first
        return path

    def _flip(self, path: list[int], first: Index, second: Index):
        """Swap ``first`` and ``second`` on ``path`` if every meeting on it can take its new slot."""
        new = {e: second if self.slots[e] == first else first for e in path}
        if not all(self.lists[e][slot] for e, slot in new.items()):
            return False
        for e in path:
            self._unset(e)
        for e, slot in new.items():
            self._set(e, slot)
        return True

    def _swap_in(self, e: int, u: Index, v: Index, allowed: np.ndarray):
        """Free a slot for ``e`` by swapping two slots along an alternating path (Kempe chain)."""
        free_u = np.flatnonzero(allowed & (self.at[u] < 0))
        free_v = np.flatnonzero(allowed & (self.at[v] < 0))
        tries = 0
        for alpha in free_u:
            for beta in free_v:
                if tries == _SWAP_TRIES:
                    return False
                tries += 1
                # The path never reaches u, which has no meeting in alpha; tables are balanced later.
                if self._flip(self._path(v, alpha, beta), alpha, beta):
                    self._set(e, int(alpha))
                    return True
        return False

    def balance(self, value: Callable[[int], float]) -> None:
        """Move meetings out of slots with more meetings than tables (swapping along paths that start
        and end in the full slot); a meeting that cannot move is dropped, the least valuable first."""
        while (over := np.flatnonzero(self.count > self.room)).size:
            full = int(over[0])
            if not self._move_one(full):
                self._unset(min((e for e, s in self.slots.items() if s == full), key=value))

    def _move_one(self, full: int):
        for other in np.argsort(self.count - self.room):
            if self.count[other] >= self.room[other]:
                break
            ends = np.flatnonzero((self.at[:, full] >= 0) & (self.at[:, other] < 0))
            for start in ends:
                path = self._path(start, full, other)
                if len(path) % 2 == 1 and self._flip(path, full, other):
                    return True
        return False
