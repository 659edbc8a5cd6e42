"""The meeting scheduler: hand-checked optima, the exact optimum on tiny instances, and the
rules every schedule keeps on bigger ones."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from matcher.events.solver import Problem, solve

NAN = np.nan


def make(values, slots, tables, available=None, max_meetings=None, min_meetings=1, fixed=()):
    """A problem where, unless told, everyone is available in every slot with no maximum but the
    number of slots, and wants ``min_meetings`` meetings."""
    values = np.array(values, dtype=float)
    people = sum(values.shape)
    return Problem(
        slots, tables,
        np.ones((people, slots), bool) if available is None else np.array(available, bool),
        np.full(people, slots) if max_meetings is None else np.array(max_meetings),
        np.full(people, min_meetings) if np.isscalar(min_meetings) else np.array(min_meetings),
        values, tuple(fixed))


def pairs(solution):
    return {(company, lab) for company, lab, _, _ in solution.meetings}


def assert_valid(problem, solution):
    """Check that the schedule keeps every rule and reports itself truly; return each participant's meetings."""
    companies = problem.companies
    degrees = np.zeros(len(problem.available), int)
    busy, tables, met = set(), set(), set()
    for company, lab, slot, table in solution.meetings:
        assert not np.isnan(problem.values[company, lab])
        assert (company, lab) not in met
        met.add((company, lab))
        assert 0 <= slot < problem.slots and 0 <= table < problem.tables
        assert (slot, table) not in tables
        tables.add((slot, table))
        for person in (company, companies + lab):
            assert (person, slot) not in busy and problem.available[person, slot]
            busy.add((person, slot))
            degrees[person] += 1
    assert (degrees <= problem.max_meetings).all()
    assert solution.meetings[: len(problem.fixed)] == tuple(problem.fixed)
    assert solution.value == pytest.approx(sum(problem.values[c, lab] for c, lab, _, _ in solution.meetings), abs=1e-9)
    assert solution.reached == np.minimum(degrees, problem.min_meetings).sum() <= solution.reached_bound
    assert solution.bound >= solution.value - 1e-9 and 0 <= solution.gap <= 1
    return degrees


def exact(problem):
    """``(reached, value)`` of the best schedule (no fixed meetings), by a time-indexed integer programme:
    ``x[c, lab, s]`` says whether company ``c`` meets lab ``lab`` in slot ``s``; ``y[i] <= min(meetings, minimum)``
    counts participant ``i``'s minimum. One more minimum is worth more than all the values together."""
    companies, labs = problem.values.shape
    people = companies + labs
    c, lab, s = (a.ravel() for a in np.meshgrid(range(companies), range(labs), range(problem.slots), indexing="ij"))
    possible = ~np.isnan(problem.values[c, lab]) & problem.available[c, s] & problem.available[companies + lab, s]
    c, lab, s = c[possible], lab[possible], s[possible]
    values = problem.values[c, lab]
    involves = (np.arange(people)[:, None] == c) | (np.arange(people)[:, None] == companies + lab)
    in_slot = np.arange(problem.slots)[:, None] == s
    at_once = (involves[:, None, :] & in_slot[None, :, :]).reshape(people * problem.slots, len(values))
    same_pair = np.arange(companies * labs)[:, None] == c * labs + lab
    rows, upper = zip(
        (at_once, np.ones(len(at_once))),  # one meeting at a time
        (involves, problem.max_meetings),
        (in_slot, np.full(problem.slots, problem.tables)),
        (same_pair, np.ones(len(same_pair))),  # a pair meets once
    )
    matrix = np.block([[np.vstack(rows), np.zeros((sum(map(len, rows)), people))],
                       [-involves.astype(float), np.eye(people)]])  # y <= meetings
    upper = np.concatenate(upper + (np.zeros(people),))
    weight = 1 + values.sum()
    result = milp(-np.concatenate([values, np.full(people, weight)]),
                  constraints=LinearConstraint(matrix, -np.inf, upper), integrality=1,
                  bounds=Bounds(0, np.concatenate([np.ones(len(values)), problem.min_meetings])),
                  options={"mip_rel_gap": 0})
    assert result.success
    return int(round(result.x[len(values):].sum())), float(values[result.x[: len(values)] > 0.5].sum())


# Hand-checked optima ----------------------------------------------------------------------------

def test_each_company_meets_its_favourite_lab_when_there_are_tables():
    """Pairing 0–0 and 1–1 is worth 20, the other pairing 2; both fit in the one slot."""
    solution = solve(make([[10, 1], [1, 10]], slots=1, tables=2))
    assert pairs(solution) == {(0, 0), (1, 1)}
    assert solution.value == 20 and solution.bound == 20 and solution.gap == 0


def test_one_table_holds_the_best_meeting_only():
    """One slot, one table: one meeting; 0–0 or 1–1 (10 each), each reaching two minimums."""
    solution = solve(make([[10, 1], [1, 10]], slots=1, tables=1))
    assert pairs(solution) in ({(0, 0)}, {(1, 1)})
    assert solution.value == 10 and solution.reached == solution.reached_bound == 2 and solution.gap == 0


def test_a_lab_everyone_wants_meets_its_best_company_and_the_others_get_their_next_choice():
    """Lab 0 is worth 100 to company 0 and 90 to company 1 but takes one meeting; lab 1 is worth 10 to both.
    Lab 0 with company 0 and lab 1 with both makes 120; giving lab 0 to company 1 would make 110."""
    solution = solve(make([[100, 10], [90, 10]], slots=2, tables=2, max_meetings=[2, 2, 1, 2], min_meetings=0))
    assert pairs(solution) == {(0, 0), (0, 1), (1, 1)}
    assert solution.value == 120 and solution.gap == 0


@pytest.mark.parametrize("minimum, expected, value", [(1, {(0, 0), (1, 1)}, 11), (0, {(0, 1)}, 100)])
def test_nobody_is_left_without_a_meeting_when_that_can_be_avoided(minimum, expected, value):
    """Company 1 may meet lab 1 only, which company 0 values most (100) in the one slot. The value alone
    says 0–1 (100), leaving company 1 and lab 0 with nothing; with a minimum of one meeting each,
    0–0 and 1–1 (11) give everyone a meeting."""
    solution = solve(make([[10, 100], [NAN, 1]], slots=1, tables=2, min_meetings=minimum))
    assert pairs(solution) == expected
    assert solution.value == value and solution.reached == solution.reached_bound == 4 * minimum


def test_two_meetings_possible_in_the_same_slot_only_share_its_one_table():
    """Both companies are there in slot 1 only, and that slot has one table: 1–1 (20) beats 0–0 (10)."""
    available = [[False, True], [False, True], [True, True], [True, True]]
    solution = solve(make([[10, NAN], [NAN, 20]], slots=2, tables=1, available=available))
    assert solution.meetings == ((1, 1, 1, 0),)
    assert solution.value == 20 and solution.gap == 0


def test_an_excluded_pair_never_meets():
    """Company 0 may not meet the only lab; the lab has room for both companies but meets company 1 only."""
    solution = solve(make([[NAN], [1]], slots=2, tables=1))
    assert pairs(solution) == {(1, 0)}
    assert solution.reached == solution.reached_bound == 2


def test_fixed_meetings_keep_their_slot_and_table_and_new_ones_fill_around_them():
    """0–1 is kept at table 1 although 0–0 and 1–1 are worth more; the slot's other table
    can only hold 1–0, the two participants left."""
    solution = solve(make([[10, 1], [1, 10]], slots=1, tables=2, fixed=[(0, 1, 0, 1)]))
    assert solution.meetings == ((0, 1, 0, 1), (1, 0, 0, 0))
    assert solution.value == solution.bound == 2


def test_who_cannot_meet_gets_no_meeting_and_the_others_still_do():
    """Company 0 takes no meeting, company 1 is available in no slot: the lab, worth 100 to
    both, meets company 2 (worth 1)."""
    available = [[True] * 3, [False] * 3, [True] * 3, [True] * 3]
    solution = solve(make([[100], [100], [1]], slots=3, tables=1, available=available, max_meetings=[0, 3, 3, 3]))
    assert pairs(solution) == {(2, 0)}
    assert solution.value == 1 and solution.reached == solution.reached_bound == 2


def test_a_valuable_meeting_does_not_take_the_only_slot_of_a_lab_with_no_other_meeting():
    """Company 0 and lab 0 (worth 10) have slot 0 only in common, as have company 0 and lab 1, and
    lab 1 may meet nobody else. Giving everyone a meeting takes 0–1 in slot 0 and 1–0 (value 2);
    0–0 would leave lab 1 without a meeting."""
    available = [[True, False, True], [True, True, False], [True, True, False], [True, False, False]]
    solution = solve(make([[10, 1], [1, NAN]], slots=3, tables=2, available=available))
    assert pairs(solution) == {(0, 1), (1, 0)}
    assert solution.reached == solution.reached_bound == 4 and solution.value == 2


def test_a_lab_that_reaches_its_minimum_takes_no_meeting_beyond_its_maximum():
    """Lab 1 takes one meeting; company 2 wants two, company 1 one, company 0 none. One table, and
    company 2 can meet lab 0 in slot 1 only: 2–0 in slot 1 and 2–1 in slot 0 reach three minimums
    (value 3); 1–1 would reach two. Lab 1 then has its one meeting: 0–1 may not be added."""
    available = [[False, False, True], [False, True, False], [True, True, False],
                 [False, True, False], [True, True, True]]
    problem = make([[NAN, 1], [NAN, 2], [2, 1]], slots=3, tables=1, available=available,
                   max_meetings=[1, 1, 2, 1, 1], min_meetings=[0, 1, 2, 0, 1])
    solution = solve(problem)
    assert_valid(problem, solution)
    assert pairs(solution) == {(2, 0), (2, 1)}
    assert solution.reached == 3 and solution.value == 3


def test_a_company_available_in_one_slot_is_not_left_out_by_a_lab_met_in_another():
    """Everyone is available in slot 0, which has a table for each company, so everyone can have a
    meeting. Companies 0, 2, 3 and 4 have slot 0 only; labs 0, 1, 2 can hold only one of them there,
    so the fourth needs lab 3 or lab 4, and company 1 (up to two meetings) meets only one of
    these two (worth 2 each, other pairs 1). Best: value 7, everyone met (e.g. 1–3 in slot 1, 1–0 in slot 2,
    and 0–1, 2–2, 3–0, 4–4 in slot 0). With availability limits the value is not proven optimal: the
    schedule must reach every minimum, and its bound must cover the optimum."""
    available = np.zeros((10, 3), bool)
    available[:, 0] = True
    available[1, 1:] = available[5, 2] = available[8, 1] = available[9, 2] = True
    values = np.ones((5, 5))
    values[1, 3:] = 2
    problem = make(values, slots=3, tables=5, available=available, max_meetings=[1, 2, 1, 1, 1, 2, 1, 1, 1, 1])
    solution = solve(problem)
    assert (assert_valid(problem, solution) >= 1).all()
    assert solution.reached == solution.reached_bound == 10 and solution.value <= 7 <= solution.bound


@pytest.mark.xfail(strict=True, reason="known limit: the repair re-pairs meetings within one slot; reaching lab 3 "
                                       "needs company 0's meeting moved to slot 1 and company 2 re-paired there "
                                       "(a chain across slots); the schedule reports reached 6 < reached_bound 7")
def test_a_lab_with_one_possible_partner_is_not_left_out_by_a_meeting_it_could_move():
    """Labs 0, 1 and 3 are there in slot 0 only, lab 2 in slot 1 only, company 1 in slot 0 only;
    company 0 takes two meetings, the others one. Lab 3 may meet company 0 only, lab 0 company 1
    only. Everyone meets with 1–0, 0–3 and 2–1 in slot 0 and 0–2 in slot 1; 0–1 in slot 0 would
    leave lab 3 out."""
    available = [[True, True], [True, False], [True, True], [True, False], [True, False], [False, True],
                 [True, False]]
    values = [[NAN, 1, 1, 1], [1, NAN, NAN, NAN], [NAN, 1, 1, NAN]]
    problem = make(values, slots=2, tables=3, available=available, max_meetings=[2, 1, 1, 1, 1, 1, 1])
    solution = solve(problem)
    assert (assert_valid(problem, solution) >= 1).all()
    assert pairs(solution) == {(1, 0), (0, 3), (2, 1), (0, 2)}


# The exact optimum on tiny instances ------------------------------------------------------------

# Values in tiers (0, 20, 50, 100) plus tenths; the seventh "tier" excludes the pair.
VALUE = st.builds(lambda tier, tenths: tier + tenths / 10, st.sampled_from([0, 0, 0, 20, 50, 100, NAN]),
                  st.integers(1, 99))


@st.composite
def tiny_problems(draw, limited_availability):
    companies, labs = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    slots, tables = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    people = companies + labs

    def array(elements, size):
        return np.array(draw(st.lists(elements, min_size=size, max_size=size)))

    values = array(VALUE, companies * labs).reshape(companies, labs)
    available = (array(st.booleans(), people * slots).reshape(people, slots) if limited_availability
                 else np.ones((people, slots), bool))
    return Problem(slots, tables, available, array(st.integers(0, slots), people), array(st.integers(0, 2), people),
                   values)


@settings(max_examples=150, deadline=None)
@given(tiny_problems(limited_availability=False))
def test_without_availability_limits_the_schedule_is_optimal(problem):
    """Everyone available in every slot: as many minimums and as much value as the best schedule, gap 0."""
    solution = solve(problem)
    assert_valid(problem, solution)
    reached, value = exact(problem)
    assert solution.reached == solution.reached_bound == reached
    assert solution.value == pytest.approx(value, abs=1e-6)
    assert solution.gap == pytest.approx(0, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(tiny_problems(limited_availability=True))
def test_with_availability_limits_the_bounds_hold_the_best_schedule(problem):
    """The reported bounds are never below the best schedule, and no schedule is claimed better than it."""
    solution = solve(problem)
    assert_valid(problem, solution)
    reached, value = exact(problem)
    assert solution.reached <= reached <= solution.reached_bound
    assert solution.bound >= value - 1e-6
    if solution.reached == reached:
        assert solution.value <= value + 1e-6


# Rules on bigger instances ----------------------------------------------------------------------

def random_values(rng, shape):
    """Tiers as in ``VALUE``, a tenth of the pairs excluded."""
    values = rng.choice([0, 0, 0, 20, 50, 100], shape) + rng.integers(1, 100, shape) / 10
    values[rng.random(shape) < 0.1] = NAN
    return values


def random_schedule(rng, values, available, max_meetings, tables, tries):
    """Meetings that some valid schedule holds, drawn at random: the fixed meetings of a rescheduling."""
    companies, labs = values.shape
    busy = np.zeros_like(available)
    taken = np.zeros((available.shape[1], tables), bool)
    degrees = np.zeros(len(available), int)
    meetings = []
    for _ in range(tries):
        company, lab, slot = rng.integers(companies), rng.integers(labs), rng.integers(available.shape[1])
        both = [company, companies + lab]
        if (np.isnan(values[company, lab]) or any(m[:2] == (company, lab) for m in meetings)
                or taken[slot].all() or not (available[both, slot] & ~busy[both, slot]).all()
                or (degrees[both] >= max_meetings[both]).any()):
            continue
        table = int(rng.choice(np.flatnonzero(~taken[slot])))
        busy[both, slot] = taken[slot, table] = True
        degrees[both] += 1
        meetings.append((int(company), int(lab), int(slot), table))
    return tuple(meetings)


@st.composite
def problems(draw):
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    companies, labs = draw(st.integers(1, 30)), draw(st.integers(1, 30))
    slots, tables = draw(st.integers(1, 8)), draw(st.integers(1, 10))
    people = companies + labs
    values = random_values(rng, (companies, labs))
    available = rng.random((people, slots)) < draw(st.sampled_from([0.3, 0.7, 1.0]))
    max_meetings = rng.integers(0, slots + 1, people)
    fixed = random_schedule(rng, values, available, max_meetings, tables, draw(st.sampled_from([0, 10, 100])))
    return Problem(slots, tables, available, max_meetings, rng.integers(0, 3, people), values, fixed)


@pytest.mark.slow  # 300 generated events, about 5 s
@settings(max_examples=300, deadline=None)
@given(problems())
def test_every_schedule_keeps_the_rules(problem):
    """Nobody in two places at once, one meeting per table and slot, availability, maxima, excluded
    pairs and fixed meetings respected, and the value, minimums and bound reported truly."""
    assert_valid(problem, solve(problem))


@st.composite
def problems_with_a_meeting_for_everyone(draw):
    """As many companies as labs, a permutation of pairs that may meet, all in slot 0, which has a table for each."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n, slots = draw(st.integers(1, 30)), draw(st.integers(1, 8))
    values = random_values(rng, (n, n))
    values[np.arange(n), rng.permutation(n)] = rng.integers(1, 100, n) / 10
    available = rng.random((2 * n, slots)) < draw(st.sampled_from([0.3, 0.7, 1.0]))
    available[:, 0] = True
    return Problem(slots, draw(st.integers(n, 30)), available, rng.integers(1, slots + 1, 2 * n),
                   np.ones(2 * n, int), values)


@settings(max_examples=100, deadline=None)
@given(problems_with_a_meeting_for_everyone())
def test_nobody_is_left_without_a_meeting_when_everyone_can_have_one(problem):
    """When some schedule gives everyone a meeting, the scheduler's does too."""
    solution = solve(problem)
    assert (assert_valid(problem, solution) >= 1).all()
    assert solution.reached == solution.reached_bound == len(problem.available)
