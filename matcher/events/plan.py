"""From an event and what the store knows of its participants to a schedule with its reasons.

A meeting's value ranks, from the highest: both sides must meet (100), one must and
the other would like to (70), one side must (50), both would like to (40), one side
would like to (20); the affinity from the ranking's scorer, in [0, 1] for the
event's best pair, adds up to 10, so it orders meetings within a level and never
outweighs a wish. A "no thanks" from either side, an exclusion, or (when the event
says so) a documented collaboration means the pair is not given a meeting.
"""

import dataclasses
import time
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from ..errors import InvalidInputError
from ..records.events import Event
from ..records.schedule import Changes, Meeting, Schedule, Unscheduled
from .solver import Problem, solve

WISH_VALUES = {("must", "must"): 100.0, ("must", "like"): 70.0, ("must", None): 50.0, ("like", "like"): 40.0,
               ("like", None): 20.0, (None, None): 0.0}
AFFINITY_WEIGHT = 10.0
_RANK = {"must": 0, "like": 1, None: 2}


@dataclasses.dataclass(frozen=True)
class Roster:
    """What the store says about an event's participants.

    ``affinity[c, l]`` is the ranking's text score between company ``c``'s profile and
    needs and lab ``l``, scaled so that the event's best pair has 1. ``partners`` maps a
    ``frozenset({company, lab})`` to the title of a collaboration they share.
    """

    companies: tuple[str, ...]
    labs: tuple[str, ...]
    names: dict[str, str]
    affinity: np.ndarray
    partners: dict[frozenset[str], str]


def wish_value(first: str | None, second: str | None) -> float:
    """The value of a pair's wishes, whichever side made which.

    >>> wish_value("like", "must"), wish_value(None, "like"), wish_value(None, None)
    (70.0, 20.0, 0.0)
    """
    return WISH_VALUES[tuple(sorted((first, second), key=_RANK.get))]


class Plan:
    """The event in the scheduler's indices, with why each pair may or may not meet."""

    def __init__(self, event: Event, roster: Roster):
        self.event, self.roster = event, roster
        self.index = {pid: i for i, pid in enumerate(roster.companies + roster.labs)}
        self.company = {pid: i for i, pid in enumerate(roster.companies)}
        self.lab = {pid: i for i, pid in enumerate(roster.labs)}
        self.levels = {}  # (by, to) -> level
        for wish in event.wishes:
            self._one_of_each("wishes", wish.by, wish.to)
            self.levels[wish.by, wish.to] = wish.level
        self.blocked = self._blocked()
        self.problem = self._problem()

    def _blocked(self) -> dict[tuple[int, int], dict[str, str]]:
        """``(company, lab) -> {"fr", "en"}``: why the pair is not given a meeting."""
        blocked = {}
        for exclusion in self.event.exclusions:
            a, b = exclusion.between
            self._one_of_each("exclusions", a, b)
            note = f" ({exclusion.note})" if exclusion.note else ""
            words = {"partners": ("déjà partenaires", "already partners"),
                     "competitors": ("concurrents", "competitors"),
                     "conflict": ("conflit d'intérêts", "conflict of interest")}[exclusion.reason]
            blocked[self.pair(a, b)] = {"fr": f"exclus : {words[0]}{note}", "en": f"excluded: {words[1]}{note}"}
        for (by, to), level in self.levels.items():
            if level == "no":
                name = self.roster.names[by]
                blocked.setdefault(self.pair(by, to), {"fr": f"{name} a répondu « non merci »",
                                                         "en": f"{name} said no thanks"})
        if self.event.exclude_partners:
            for pair, title in self.roster.partners.items():
                a, b = tuple(pair)
                if self.pair(a, b) is not None:
                    blocked.setdefault(self.pair(a, b), {"fr": f"déjà partenaires : {title}",
                                                          "en": f"already partners: {title}"})
        return blocked

    def _one_of_each(self, field: str, a: str, b: str) -> None:
        if (a in self.company) == (b in self.company):
            side = "companies" if a in self.company else "labs"
            raise InvalidInputError(f"{field}: {a!r} and {b!r} are both {side}: meetings are between a company "
                                    "and a lab")

    def pair(self, a: str, b: str) -> tuple[int, int] | None:
        """``(company, lab)`` indices of two participants in either order; None for two of the same kind."""
        if a in self.company and b in self.lab:
            return self.company[a], self.lab[b]
        if b in self.company and a in self.lab:
            return self.company[b], self.lab[a]
        return None

    def levels_of(self, c: int, j: int) -> tuple[str | None, str | None]:
        """The wish of company ``c`` for lab ``j``, and the lab's for the company (None: no wish)."""
        company, lab = self.roster.companies[c], self.roster.labs[j]
        return self.levels.get((company, lab)), self.levels.get((lab, company))

    def _problem(self) -> Problem:
        event, roster = self.event, self.roster
        count = event.slot_count()
        values = AFFINITY_WEIGHT * np.clip(roster.affinity, 0.0, 1.0)
        for by, to in self.levels:
            c, j = self.pair(by, to)
            if (c, j) not in self.blocked:
                values[c, j] = wish_value(*self.levels_of(c, j)) + AFFINITY_WEIGHT * roster.affinity[c, j]
        for c, j in self.blocked:
            values[c, j] = np.nan
        people = roster.companies + roster.labs
        available = np.ones((len(people), count), dtype=bool)
        maximum = np.full(len(people), count)
        minimum = np.full(len(people), event.min_meetings)
        for p in event.participants:
            i = self.index[p.id]
            if p.available is not None:
                available[i] = False
                available[i, [n - 1 for n in p.available]] = True
            if p.max_meetings is not None:
                maximum[i] = p.max_meetings
            if p.min_meetings is not None:
                minimum[i] = p.min_meetings
        return Problem(count, event.tables, available, maximum, minimum, values)

    def why(self, c: int, j: int) -> tuple[dict[str, str], ...]:
        """Why the pair meets, as {"fr", "en"} phrases."""
        names = self.roster.names
        company, lab = self.roster.companies[c], self.roster.labs[j]
        phrases = []
        for who, level in zip((company, lab), self.levels_of(c, j)):
            if level == "must":
                phrases.append({"fr": f"{names[who]} tient à ce rendez-vous", "en": f"{names[who]} must meet"})
            elif level == "like":
                phrases.append({"fr": f"{names[who]} souhaite ce rendez-vous",
                                "en": f"{names[who]} would like to meet"})
        score = float(self.roster.affinity[c, j])
        phrases.append({"fr": f"affinité {score:.2f}".replace(".", ","), "en": f"affinity {score:.2f}"})
        return tuple(phrases)


def schedule_event(event: Event, roster: Roster, published: Schedule | None = None,
                   progress: Callable[[int, int], None] | None = None) -> Schedule:
    """The best schedule of ``event`` (a :class:`~matcher.records.schedule.Schedule`).

    With ``published`` (the schedule participants already have), its meetings that
    can still take place are kept where they are (or at another table of the same slot
    when the tables are fewer), and new meetings fill around them.
    """
    started = time.perf_counter()
    if not roster.companies or not roster.labs:
        raise InvalidInputError("the event needs at least one company and one lab to schedule meetings; "
                                "register participants of both kinds")
    most = min(len(roster.companies), len(roster.labs))
    if event.tables > most:
        raise InvalidInputError(
            f"tables: {event.tables}, but at most {most} meetings can take place at once "
            f"({len(roster.companies)} companies, {len(roster.labs)} labs); use at most {most} tables")
    plan = Plan(event, roster)
    kept, moved, cancelled = _keep(plan, published.meetings) if published else ([], [], [])
    problem = dataclasses.replace(plan.problem, fixed=tuple(kept))
    solution = solve(problem, progress)
    meetings = tuple(sorted(
        (Meeting(roster.companies[c], roster.labs[j], s + 1, t + 1, float(problem.values[c, j]), plan.why(c, j))
         for c, j, s, t in solution.meetings), key=lambda m: (m.slot, m.table)))
    degrees = np.zeros(len(plan.index), dtype=int)
    for m in meetings:
        degrees[plan.index[m.company]] += 1
        degrees[plan.index[m.lab]] += 1
    people = roster.companies + roster.labs
    changes = _changes(published, meetings, moved, cancelled) if published else None
    return Schedule(
        event_id=event.id, meetings=meetings, value=solution.value, bound=solution.bound, gap=solution.gap,
        unscheduled=tuple(_unscheduled(plan, meetings, degrees)),
        without_meeting=tuple(p for p, d in zip(people, degrees) if d == 0),
        below_minimum=tuple(p for p, d, m in zip(people, degrees, problem.min_meetings) if d < m),
        names=dict(roster.names), seconds=time.perf_counter() - started, changes=changes)


def _keep(plan: Plan, published: Iterable[Meeting]):
    """Published meetings that can stay: ``(fixed, moved, cancelled)`` where ``fixed`` is in the
    scheduler's indices and ``moved`` lists meetings that only change table."""
    problem = plan.problem
    fixed, moved, cancelled = [], [], []
    degrees, tables = {}, {}
    # Meetings at a table that still exists keep it before others look for one; then by value.
    for m in sorted(published, key=lambda m: (m.table > problem.tables, -m.value)):
        pair = plan.pair(m.company, m.lab)
        slot = m.slot - 1
        ok = (pair is not None and pair not in plan.blocked and slot < problem.slots
              and problem.available[plan.index[m.company], slot] and problem.available[plan.index[m.lab], slot]
              and all(degrees.get(p, 0) < problem.max_meetings[plan.index[p]] for p in m.pair))
        if not ok:
            cancelled.append(m)
            continue
        table = m.table - 1
        if table >= problem.tables or (slot, table) in tables:
            table = next((t for t in range(problem.tables) if (slot, t) not in tables), None)
            if table is None:
                cancelled.append(m)
                continue
            moved.append((m, table))
        tables[slot, table] = m
        for p in m.pair:
            degrees[p] = degrees.get(p, 0) + 1
        fixed.append((pair[0], pair[1], slot, table))
    return fixed, moved, cancelled


def _changes(published: Schedule, meetings: Sequence[Meeting], moved: list[tuple[Meeting, int]],
             cancelled: list[Meeting]) -> Changes:
    """What the new schedule changes for participants: a cancelled pair that meets again at
    another time counts as moved."""
    new = {m.pair: m for m in meetings}
    moved = [(old, new[old.pair]) for old, _ in moved] + [(old, new[old.pair]) for old in cancelled if old.pair in new]
    cancelled = [old for old in cancelled if old.pair not in new]
    before = {m.pair for m in published.meetings}
    return Changes(kept=len(published.meetings) - len(cancelled) - len(moved), cancelled=tuple(cancelled),
                   moved=tuple(moved), added=tuple(m for m in meetings if m.pair not in before))


def _unscheduled(plan: Plan, meetings: Sequence[Meeting], degrees: np.ndarray) -> list[Unscheduled]:
    """Every must or like wish that no meeting answers, with the reason."""
    met = {m.pair for m in meetings}
    problem = plan.problem
    busy = {(p, m.slot - 1) for m in meetings for p in m.pair}
    used = np.bincount([m.slot - 1 for m in meetings], minlength=problem.slots)
    found = []
    for (by, to), level in plan.levels.items():
        if level == "no":
            continue
        c, j = plan.pair(by, to)
        company, lab = plan.roster.companies[c], plan.roster.labs[j]
        if (company, lab) in met:
            continue
        found.append(Unscheduled(by, to, level, _reason(plan, (c, j), company, lab, degrees, busy, used)))
    return found


def _reason(plan: Plan, pair: tuple[int, int], company: str, lab: str, degrees: np.ndarray,
            busy: set[tuple[str, int]], used: np.ndarray) -> dict[str, str]:
    problem, names = plan.problem, plan.roster.names
    if pair in plan.blocked:
        return plan.blocked[pair]
    i, j = plan.index[company], plan.index[lab]
    both = problem.available[i] & problem.available[j]
    if not both.any():
        return {"fr": "aucun créneau où les deux sont disponibles", "en": "no slot when both are available"}
    for who, k in ((company, i), (lab, j)):
        if degrees[k] >= problem.max_meetings[k]:
            return {"fr": f"l'agenda de {names[who]} est complet ({problem.max_meetings[k]} rendez-vous, son maximum)",
                    "en": f"{names[who]}'s agenda is full ({problem.max_meetings[k]} meetings, its maximum)"}
    free = [s for s in np.flatnonzero(both) if (company, s) not in busy and (lab, s) not in busy]
    if not free:
        return {"fr": "aucun créneau libre pour les deux : leurs créneaux communs sont pris par d'autres rendez-vous "
                      "(de plus grande valeur, ou qui donnent à quelqu'un son minimum)",
                "en": "no slot free for both: the slots they share hold other meetings (worth more, or giving "
                      "someone their minimum)"}
    if all(used[s] >= problem.tables for s in free):
        return {"fr": "toutes les tables sont prises aux créneaux libres pour les deux",
                "en": "every table is taken in the slots free for both"}
    return {"fr": "un meilleur programme n'a pas pu l'inclure", "en": "the best schedule found could not include it"}
