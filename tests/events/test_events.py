"""Brokerage events: the event model (matcher.records.events), wishes into values and a schedule with its
reasons (matcher.events.plan), rescheduling that keeps published meetings, and the events kept in
the store (matcher.events.service).

Schedules are computed on hand-made rosters small enough to check by hand: companies c1, c2…,
labs l1, l2…, names in capitals (C1, L1), affinities given explicitly.
"""

import dataclasses
import datetime
import json

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.errors import ConflictError, InvalidInputError, UnknownNameError
from matcher.events.plan import AFFINITY_WEIGHT, Plan, Roster, schedule_event, wish_value
from matcher.events.service import Events, Organisations, load_event_file, read_event
from matcher.records.events import Event, parse_slots
from matcher.store.events import EventRepository

DATE = "2026-03-02"


def event_data(participants=(), wishes=(), exclusions=(), tables=1, slots=2, sessions=None, **extra):
    """Plain event data: one morning session of ``slots`` 20-minute slots unless ``sessions`` is given.
    Participants are ids or dicts; wishes ``(by, to, level)``; exclusions ``(a, b, reason[, note])``."""
    return dict(
        id="test-event", name="Test event", date=DATE, tables=tables,
        sessions=sessions or [{"name": "Morning", "start": "09:00", "slot_minutes": 20, "slots": slots}],
        participants=[p if isinstance(p, dict) else {"id": p} for p in participants],
        wishes=[{"by": by, "to": to, "level": level} for by, to, level in wishes],
        exclusions=[{"between": [x[0], x[1]], "reason": x[2], **({"note": x[3]} if len(x) > 3 else {})}
                    for x in exclusions],
        **extra)


def make_event(*args, **kwargs):
    return read_event(event_data(*args, **kwargs))


def roster(companies, labs, affinity=None, partners=None):
    affinity = np.zeros((len(companies), len(labs))) if affinity is None else np.array(affinity, dtype=float)
    return Roster(tuple(companies), tuple(labs), {p: p.upper() for p in (*companies, *labs)}, affinity,
                  dict(partners or {}))


def problem_of(data):
    """The message of the InvalidInputError that reading ``data`` raises."""
    with pytest.raises(InvalidInputError) as caught:
        read_event(data)
    return str(caught.value)


def placed(schedule):
    return {(m.company, m.lab): (m.slot, m.table) for m in schedule.meetings}


# The event model --------------------------------------------------------------------------

def test_slots_are_numbered_across_sessions_in_time_order_with_breaks_shifting_times():
    # The afternoon is written first: numbering follows time, not the file's order.
    event = make_event(sessions=[
        {"name": "Afternoon", "start": "14:00", "slot_minutes": 30, "slots": 2},
        {"name": "Morning", "start": "09:00", "slot_minutes": 20, "slots": 4,
         "breaks": [{"after": 1, "minutes": 10}, {"after": 3, "minutes": 15}]},
    ])
    day = datetime.date(2026, 3, 2)

    def at(text):
        return datetime.datetime.combine(day, datetime.time.fromisoformat(text))

    assert [(s.number, s.session, s.start, s.end) for s in event.slots()] == [
        (1, "Morning", at("09:00"), at("09:20")),
        (2, "Morning", at("09:30"), at("09:50")),  # 10-minute break after slot 1
        (3, "Morning", at("09:50"), at("10:10")),
        (4, "Morning", at("10:25"), at("10:45")),  # 15-minute break after slot 3
        (5, "Afternoon", at("14:00"), at("14:30")),
        (6, "Afternoon", at("14:30"), at("15:00")),
    ]
    assert event.slot_count() == 6


def test_availability_written_as_text_is_read_as_slot_numbers():
    event = make_event(["a", {"id": "b", "available": "1-3, 7"}, {"id": "c", "available": [2, 4]}], slots=8)
    assert event.participant("b").available == (1, 2, 3, 7)
    assert event.participant("c").available == (2, 4)
    assert event.participant("a").available is None  # every slot
    assert parse_slots("4, 1-2; 2") == (1, 2, 4)
    assert parse_slots("  ") is None


def test_unquoted_no_in_yaml_means_no_thanks(tmp_path):
    text = """
id: salon
name: Salon
date: 2026-03-02
tables: 1
sessions: [{name: Morning, start: "09:00", slot_minutes: 20, slots: 2}]
participants: [{id: acme}, {id: lab-a}]
wishes:
  - {by: lab-a, to: acme, level: no}
"""
    assert yaml.safe_load(text)["wishes"][0]["level"] is False  # what YAML 1.1 makes of it
    path = tmp_path / "salon.yaml"
    path.write_text(text, encoding="utf-8")
    event = load_event_file(path)
    assert [(w.by, w.to, w.level) for w in event.wishes] == [("lab-a", "acme", "no")]


def test_an_event_reads_back_from_its_plain_data():
    event = make_event(["a", {"id": "b", "available": "2"}], wishes=[("a", "b", "like")], slots=3)
    assert Event.from_dict(event.to_dict()) == event


MORNING = {"name": "Morning", "start": "09:00", "slot_minutes": 20, "slots": 3}
AFTERNOON = {"name": "Afternoon", "start": "14:00", "slot_minutes": 20, "slots": 2}


@pytest.mark.parametrize("change, expected", [
    pytest.param(lambda d: d["sessions"][1].update(start="09:40"),
                 ["'Morning' (09:00–10:00) and 'Afternoon' (09:40–10:20) overlap",
                  "start a session after the previous one ends"], id="overlapping sessions"),
    pytest.param(lambda d: d["sessions"][0].update(breaks=[{"after": 3, "minutes": 10}]),
                 ["sessions[0]", "a break after slot 3 of 3", "slots 1 to 2"], id="break after the last slot"),
    pytest.param(lambda d: d["participants"][0].update(available="2, 6-7"),
                 ["'a' is available in slot(s) 6, 7", "slots 1 to 5"], id="slot the event does not have"),
    pytest.param(lambda d: d["participants"].append({"id": "a"}),
                 ["'a' is registered twice", "register each participant once"], id="registered twice"),
    pytest.param(lambda d: d["wishes"].append({"by": "a", "to": "ghost", "level": "like"}),
                 ["'ghost' is not a participant of the event", "register it first"], id="wish to an unregistered"),
    pytest.param(lambda d: d["wishes"].append({"by": "a", "to": "a", "level": "like"}),
                 ["'a' wishes to meet itself", "a wish is between two participants"], id="wish to oneself"),
    pytest.param(lambda d: d["wishes"].extend([{"by": "a", "to": "b", "level": "like"},
                                               {"by": "a", "to": "b", "level": "must"}]),
                 ["'a' → 'b' is both 'like' and 'must'", "keep one"], id="two levels for one wish"),
    pytest.param(lambda d: d["participants"][0].update(min_meetings=3, max_meetings=2),
                 ["'a' asks for at least 3 meetings but at most 2", "the minimum cannot exceed the maximum"],
                 id="min above max"),
    pytest.param(lambda d: d["wishes"].append({"by": "a", "to": "b", "level": "maybe"}),
                 ["wishes[0].level", "'must', 'like' or 'no'"], id="unknown level"),
    pytest.param(lambda d: d["exclusions"].append({"between": ["a", "b"], "reason": "rivals"}),
                 ["exclusions[0].reason", "'partners', 'competitors' or 'conflict'"], id="unknown exclusion reason"),
    pytest.param(lambda d: d["exclusions"].append({"between": ["a", "ghost"], "reason": "conflict"}),
                 ["'ghost' is not a participant of the event"], id="exclusion of an unregistered"),
    pytest.param(lambda d: d["participants"][0].update(available="3-1"),
                 ["'3-1'", "runs backwards", "write the smaller number first"], id="range backwards"),
    pytest.param(lambda d: d["participants"][0].update(available="morning"),
                 ["'morning'", "such as '1-4, 7'"], id="slots not numbers"),
])
def test_bad_input_gets_a_message_naming_the_problem_and_what_is_accepted(change, expected):
    data = event_data(["a", "b"], sessions=[dict(MORNING), dict(AFTERNOON)])
    read_event(data)  # valid before the change
    change(data)
    message = problem_of(data)
    assert message.startswith("the event has ")
    for fragment in expected:
        assert fragment in message


def test_one_problem_is_counted_as_one_and_stays_on_one_line():
    data = event_data(["a", "b"], sessions=[dict(MORNING), dict(AFTERNOON, start="09:40")])
    message = problem_of(data)
    assert message.splitlines() == [
        "the event has 1 problem:",
        "  sessions: 'Morning' (09:00–10:00) and 'Afternoon' (09:40–10:20) overlap; "
        "start a session after the previous one ends"]


def test_every_problem_is_named_at_once():
    data = event_data(["a", "b"], wishes=[("a", "ghost", "like"), ("b", "b", "must")],
                      exclusions=[("a", "b", "rivals")])
    data["sessions"][0]["breaks"] = [{"after": 2, "minutes": 5}]
    message = problem_of(data)
    assert "a break after slot 2 of 2" in message
    assert "'b' wishes to meet itself" in message
    assert "exclusions[0].reason" in message


# Values of wishes ---------------------------------------------------------------------------

LEVELS_IN_ORDER = [("must", "must"), ("must", "like"), ("must", None), ("like", "like"), ("like", None),
                   (None, None)]


def test_wish_values_are_ordered_and_do_not_depend_on_who_made_which():
    values = [wish_value(*levels) for levels in LEVELS_IN_ORDER]
    assert values == sorted(values, reverse=True) and len(set(values)) == len(values)
    for first, second in LEVELS_IN_ORDER:
        assert wish_value(first, second) == wish_value(second, first)
    assert values[-1] == 0.0


def test_the_plan_values_wishes_in_order_and_affinity_only_orders_within_a_level():
    # One lab and six companies, one per level; the lower the level, the higher the affinity.
    companies = ["c1", "c2", "c3", "c4", "c5", "c6"]
    wishes = [("c1", "l1", "must"), ("l1", "c1", "must"),  # mutual must
              ("c2", "l1", "must"), ("l1", "c2", "like"),  # must + like
              ("c3", "l1", "must"),  # one-sided must
              ("c4", "l1", "like"), ("l1", "c4", "like"),  # mutual like
              ("l1", "c5", "like")]  # one-sided like; c6: affinity alone
    affinity = [[0.0], [0.2], [0.4], [0.6], [0.8], [1.0]]
    event = make_event([*companies, "l1"], wishes, slots=6)
    values = Plan(event, roster(companies, ["l1"], affinity)).problem.values[:, 0]
    assert values.tolist() == pytest.approx([100, 72, 54, 46, 28, 10])


@pytest.mark.parametrize("higher, lower", list(zip(LEVELS_IN_ORDER, LEVELS_IN_ORDER[1:])))
def test_affinity_never_outweighs_a_wish(higher, lower):
    # The higher level with no affinity against the lower one with the event's best affinity (1).
    assert wish_value(*higher) >= wish_value(*lower) + AFFINITY_WEIGHT * 1.0
    assert wish_value(*higher) > wish_value(*lower) + AFFINITY_WEIGHT * 0.99


# Scheduling on hand-made rosters -------------------------------------------------------------

TINY_WISHES = [("c1", "l1", "must"), ("l1", "c1", "must"), ("c1", "l2", "like"), ("l1", "c2", "like")]
TINY_AFFINITY = [[0.2, 0.1], [0.3, 0.5]]


def test_exact_optimum_of_a_tiny_event_without_minimum():
    # Values: c1-l1 100+2 = 102, c1-l2 20+1 = 21, c2-l1 20+3 = 23, c2-l2 0+5 = 5. One table, two
    # slots: two meetings at most, one per slot; c1-l1 then l1's like c2-l1 is best: 125.
    event = make_event(["c1", "c2", "l1", "l2"], TINY_WISHES, tables=1, slots=2, min_meetings=0)
    schedule = schedule_event(event, roster(["c1", "c2"], ["l1", "l2"], TINY_AFFINITY))
    assert set(placed(schedule)) == {("c1", "l1"), ("c2", "l1")}
    assert {m.slot for m in schedule.meetings} == {1, 2}
    assert {m.table for m in schedule.meetings} == {1}
    assert sorted(m.value for m in schedule.meetings) == pytest.approx([23, 102])
    assert schedule.value == pytest.approx(125) and schedule.bound == pytest.approx(125)
    assert schedule.gap == 0
    assert [(u.by, u.to, u.level) for u in schedule.unscheduled] == [("c1", "l2", "like")]
    assert schedule.unscheduled[0].reason["en"] == "every table is taken in the slots free for both"
    assert schedule.without_meeting == ("l2",)


def test_exact_optimum_of_a_tiny_event_where_everyone_needs_a_meeting():
    # With everyone's minimum at 1 (the default), giving all four a meeting comes first:
    # c1-l1 and c2-l2, 102 + 5 = 107, which is then the bound.
    event = make_event(["c1", "c2", "l1", "l2"], TINY_WISHES, tables=1, slots=2)
    schedule = schedule_event(event, roster(["c1", "c2"], ["l1", "l2"], TINY_AFFINITY))
    assert set(placed(schedule)) == {("c1", "l1"), ("c2", "l2")}
    assert schedule.value == pytest.approx(107) and schedule.bound == pytest.approx(107)
    assert schedule.gap == 0
    assert schedule.without_meeting == () and schedule.below_minimum == ()
    assert {(u.by, u.to) for u in schedule.unscheduled} == {("c1", "l2"), ("l1", "c2")}


def test_the_reason_for_an_unscheduled_wish_is_true():
    event = make_event(["c1", "c2", "l1", "l2"], TINY_WISHES, tables=1, slots=2)
    schedule = schedule_event(event, roster(["c1", "c2"], ["l1", "l2"], TINY_AFFINITY))
    assert placed(schedule)[("c2", "l2")][0] == 2 and placed(schedule)[("c1", "l1")][0] == 1
    reason = next(u.reason["en"] for u in schedule.unscheduled if (u.by, u.to) == ("c1", "l2"))
    # c1-l2 would be worth 21; in slot 2, where c1 is free, l2 meets c2 for 5.
    assert "worth as much or more" not in reason


def test_the_why_of_a_meeting_names_the_wishes_in_french_and_english():
    event = make_event(["c1", "l1"], [("c1", "l1", "must"), ("l1", "c1", "like")], slots=1)
    schedule = schedule_event(event, roster(["c1"], ["l1"], [[0.25]]))
    (meeting,) = schedule.meetings
    assert meeting.value == pytest.approx(72.5)
    assert list(meeting.why) == [
        {"fr": "C1 tient à ce rendez-vous", "en": "C1 must meet"},
        {"fr": "L1 souhaite ce rendez-vous", "en": "L1 would like to meet"},
        {"fr": "affinité 0,25", "en": "affinity 0.25"},
    ]


BLOCKED_PARTICIPANTS = ["c1", "c2", "l1", "l2"]
# c1-l1 is the pair everyone wants (and the best affinity): only its block keeps it apart.
BLOCKED_WISHES = [("c1", "l1", "must"), ("l1", "c1", "like"), ("c2", "l2", "like")]
BLOCKED_AFFINITY = [[1.0, 0.5], [0.5, 0.5]]


@pytest.mark.parametrize("extra_wishes, exclusions, partners, reason", [
    ([("l1", "c1", "no")], [], {}, {"fr": "L1 a répondu « non merci »", "en": "L1 said no thanks"}),
    ([], [("c1", "l1", "competitors", "same market")], {},
     {"fr": "exclus : concurrents (same market)", "en": "excluded: competitors (same market)"}),
    ([], [("l1", "c1", "conflict")], {}, {"fr": "exclus : conflit d'intérêts", "en": "excluded: conflict of interest"}),
    ([], [], {frozenset({"c1", "l1"}): "Joint lab"},
     {"fr": "déjà partenaires : Joint lab", "en": "already partners: Joint lab"}),
], ids=["no thanks", "competitors", "conflict", "known partners"])
def test_a_blocked_pair_never_meets_and_its_wishes_say_why(extra_wishes, exclusions, partners, reason):
    wishes = [w for w in BLOCKED_WISHES if (w[0], w[1]) not in {(x[0], x[1]) for x in extra_wishes}]
    event = make_event(BLOCKED_PARTICIPANTS, wishes + extra_wishes, exclusions, tables=2, slots=3)
    schedule = schedule_event(event, roster(["c1", "c2"], ["l1", "l2"], BLOCKED_AFFINITY, partners))
    assert ("c1", "l1") not in placed(schedule)
    assert ("c2", "l2") in placed(schedule) and ("c1", "l2") in placed(schedule)
    listed = {(u.by, u.to, u.level): u.reason for u in schedule.unscheduled}
    blocked = {key: value for key, value in listed.items() if {key[0], key[1]} == {"c1", "l1"}}
    expected_levels = {(by, to, level) for by, to, level in wishes if {by, to} == {"c1", "l1"}}
    assert set(blocked) == expected_levels and expected_levels  # a "no" itself is never listed
    assert all(r == reason for r in blocked.values())


def test_known_partners_meet_when_the_event_does_not_exclude_them():
    partners = {frozenset({"c1", "l1"}): "Joint lab"}
    event = make_event(BLOCKED_PARTICIPANTS, BLOCKED_WISHES, tables=2, slots=3, exclude_partners=False)
    schedule = schedule_event(event, roster(["c1", "c2"], ["l1", "l2"], BLOCKED_AFFINITY, partners))
    assert ("c1", "l1") in placed(schedule)
    assert schedule.unscheduled == ()
    # ...but an exclusion written in the event still holds.
    excluded = make_event(BLOCKED_PARTICIPANTS, BLOCKED_WISHES, [("c1", "l1", "partners")], tables=2, slots=3,
                          exclude_partners=False)
    schedule = schedule_event(excluded, roster(["c1", "c2"], ["l1", "l2"], BLOCKED_AFFINITY, partners))
    assert ("c1", "l1") not in placed(schedule)
    assert {u.reason["en"] for u in schedule.unscheduled if u.by == "c1"} == {"excluded: already partners"}


def test_a_wish_without_a_common_slot_says_so():
    event = make_event([{"id": "c1", "available": "1"}, {"id": "l1", "available": "2-3"}, "c2", "l2"],
                       [("c1", "l1", "must"), ("c2", "l2", "like")], tables=1, slots=3)
    schedule = schedule_event(event, roster(["c1", "c2"], ["l1", "l2"]))
    assert ("c1", "l1") not in placed(schedule)
    (unscheduled,) = [u for u in schedule.unscheduled if u.by == "c1"]
    assert unscheduled.level == "must"
    assert unscheduled.reason == {"fr": "aucun créneau où les deux sont disponibles",
                                  "en": "no slot when both are available"}


def test_a_wish_to_a_full_agenda_says_so():
    # c1 meets at most once: its must (l1) is scheduled, its like (l2) cannot be.
    event = make_event([{"id": "c1", "max_meetings": 1}, "l1", "l2"], [("c1", "l1", "must"), ("c1", "l2", "like")],
                       tables=1, slots=3)
    schedule = schedule_event(event, roster(["c1"], ["l1", "l2"], [[0.0, 1.0]]))
    assert list(placed(schedule)) == [("c1", "l1")]
    (unscheduled,) = schedule.unscheduled
    assert (unscheduled.by, unscheduled.to, unscheduled.level) == ("c1", "l2", "like")
    assert "C1's agenda is full" in unscheduled.reason["en"] and "its maximum" in unscheduled.reason["en"]
    assert "l'agenda de C1 est complet" in unscheduled.reason["fr"]
    assert schedule.below_minimum == ("l2",)


def test_more_tables_than_can_ever_be_used_are_refused_with_the_number_to_use():
    event = make_event(["c1", "c2", "c3", "l1", "l2"], tables=3)
    with pytest.raises(InvalidInputError, match=r"tables: 3.*3 companies, 2 labs.*use at most 2 tables"):
        schedule_event(event, roster(["c1", "c2", "c3"], ["l1", "l2"]))


def test_a_wish_between_two_companies_is_refused():
    event = make_event(["c1", "c2", "l1"], [("c1", "c2", "like")])
    with pytest.raises(InvalidInputError, match=r"'c1' and 'c2' are both companies: meetings are between a company "
                                                r"and a lab"):
        schedule_event(event, roster(["c1", "c2"], ["l1"]))


def test_an_event_without_labs_is_refused():
    event = make_event(["c1", "c2"])
    with pytest.raises(InvalidInputError, match="at least one company and one lab"):
        schedule_event(event, roster(["c1", "c2"], []))


# Rescheduling ------------------------------------------------------------------------------

COMPANIES, LABS = ["c1", "c2", "c3"], ["l1", "l2", "l3"]
RESCHEDULE_WISHES = [("c1", "l1", "must"), ("l2", "c2", "must"), ("c3", "l3", "like"), ("c2", "l1", "like"),
                     ("l3", "c1", "like")]
RESCHEDULE_AFFINITY = [[0.9, 0.4, 0.3], [0.5, 0.8, 0.2], [0.1, 0.6, 0.7]]


def reschedule_event(participants=None, wishes=RESCHEDULE_WISHES, tables=2):
    return make_event(participants or [*COMPANIES, *LABS], wishes, tables=tables, slots=3)


def test_a_cancellation_keeps_every_other_published_meeting_where_it_was():
    published = schedule_event(reschedule_event(), roster(COMPANIES, LABS, RESCHEDULE_AFFINITY))
    gone = [m for m in published.meetings if "c2" in m.pair]
    assert gone and len(gone) < len(published.meetings)
    after = reschedule_event([p for p in (*COMPANIES, *LABS) if p != "c2"],
                             [w for w in RESCHEDULE_WISHES if "c2" not in w[:2]])
    affinity = np.delete(np.array(RESCHEDULE_AFFINITY), 1, axis=0)
    schedule = schedule_event(after, roster(["c1", "c3"], LABS, affinity), published)
    assert sorted(schedule.changes.cancelled, key=lambda m: m.slot) == sorted(gone, key=lambda m: m.slot)
    now = placed(schedule)
    for m in published.meetings:
        if "c2" not in m.pair:
            assert now[m.pair] == (m.slot, m.table), m
    assert schedule.changes.moved == ()
    assert schedule.changes.kept == len(published.meetings) - len(gone)
    assert all("c2" not in m.pair for m in schedule.meetings)


def test_a_late_registration_keeps_published_meetings_and_adds_the_newcomers():
    # Companies meet at most twice: 6 meetings at most, in 2 tables x 4 slots.
    companies = [{"id": c, "max_meetings": 2} for c in COMPANIES]
    published = schedule_event(make_event([*companies, *LABS], RESCHEDULE_WISHES, tables=2, slots=4),
                               roster(COMPANIES, LABS, RESCHEDULE_AFFINITY))
    assert len(published.meetings) == 6
    wishes = RESCHEDULE_WISHES + [("c4", "l2", "must"), ("l3", "c4", "like")]
    after = make_event([*companies, "c4", *LABS], wishes, tables=2, slots=4)
    affinity = np.vstack([RESCHEDULE_AFFINITY, [[0.3, 0.6, 0.4]]])
    schedule = schedule_event(after, roster([*COMPANIES, "c4"], LABS, affinity), published)
    now = placed(schedule)
    for m in published.meetings:
        assert now[m.pair] == (m.slot, m.table), m
    assert schedule.changes.kept == len(published.meetings)
    assert schedule.changes.cancelled == () and schedule.changes.moved == ()
    newcomer = [m for m in schedule.meetings if m.company == "c4"]
    assert newcomer and all(m in schedule.changes.added for m in newcomer)
    assert {m.pair for m in schedule.changes.added}.isdisjoint({m.pair for m in published.meetings})


FEWER_TABLES_PARTICIPANTS = ["c1", "c2", "c3", "l1", {"id": "l2", "available": "1-2"}, {"id": "l3", "available": "3"}]


def test_with_fewer_tables_a_meeting_at_a_removed_table_moves_to_a_free_table_of_its_slot():
    # l1 meets in every slot, l2 in slots 1-2, l3 in slot 3 only: l3 has the third table, and
    # in slot 3 the second table is free.
    event = make_event(FEWER_TABLES_PARTICIPANTS, [("c2", "l3", "like")], tables=3, slots=3)
    people = roster(COMPANIES, LABS, np.full((3, 3), 0.5))
    published = schedule_event(event, people)
    at_third = [m for m in published.meetings if m.table == 3]
    assert at_third and all(sum(o.slot == m.slot for o in published.meetings) < 3 for m in at_third)
    schedule = schedule_event(dataclasses.replace(event, tables=2), people, published)
    now = placed(schedule)
    moved = {old.pair: (old, new) for old, new in schedule.changes.moved}
    for m in at_third:
        old, new = moved[m.pair]
        assert (new.slot, old.slot) == (m.slot, m.slot) and new.table in (1, 2)
        assert now[m.pair] == (new.slot, new.table)
    assert schedule.changes.cancelled == ()
    assert all(m.table <= 2 for m in schedule.meetings)


def test_with_fewer_tables_meetings_at_remaining_tables_stay_where_they_are():
    # As above, with c2's must for l3: the meeting at table 3 is worth more than l1's in slot 3.
    event = make_event(FEWER_TABLES_PARTICIPANTS, [("c2", "l3", "must")], tables=3, slots=3)
    people = roster(COMPANIES, LABS, np.full((3, 3), 0.5))
    published = schedule_event(event, people)
    assert placed(published)[("c2", "l3")] == (3, 3)
    schedule = schedule_event(dataclasses.replace(event, tables=2), people, published)
    now = placed(schedule)
    for m in published.meetings:
        if m.table <= 2:
            assert now[m.pair] == (m.slot, m.table), m
    assert [old.pair for old, _ in schedule.changes.moved] == [("c2", "l3")]


def test_a_declined_published_meeting_is_cancelled():
    published = schedule_event(reschedule_event(), roster(COMPANIES, LABS, RESCHEDULE_AFFINITY))
    met = placed(published)
    assert ("c1", "l1") in met
    after = reschedule_event(wishes=[w for w in RESCHEDULE_WISHES if w[:2] != ("c1", "l1")] + [("c1", "l1", "no")])
    schedule = schedule_event(after, roster(COMPANIES, LABS, RESCHEDULE_AFFINITY), published)
    assert [m.pair for m in schedule.changes.cancelled] == [("c1", "l1")]
    assert ("c1", "l1") not in placed(schedule)


# The rules every schedule keeps --------------------------------------------------------------

@st.composite
def random_events(draw):
    companies = [f"c{i}" for i in range(1, draw(st.integers(1, 4)) + 1)]
    labs = [f"l{i}" for i in range(1, draw(st.integers(1, 4)) + 1)]
    sessions = []
    for name, start in (("Morning", "09:00"), ("Afternoon", "14:00"))[:draw(st.integers(1, 2))]:
        slots = draw(st.integers(1, 3))
        breaks = [{"after": 1, "minutes": 10}] if slots > 1 and draw(st.booleans()) else []
        sessions.append({"name": name, "start": start, "slot_minutes": 20, "slots": slots, "breaks": breaks})
    count = sum(s["slots"] for s in sessions)
    participants = []
    for pid in companies + labs:
        participant = {"id": pid}
        available = draw(st.none() | st.lists(st.integers(1, count), unique=True, max_size=count))
        if available is not None:
            participant["available"] = sorted(available)
        maximum = draw(st.none() | st.integers(0, 3))
        if maximum is not None:
            participant["max_meetings"] = maximum
        minimum = draw(st.none() | st.integers(0, 2))
        if minimum is not None and (maximum is None or minimum <= maximum):
            participant["min_meetings"] = minimum
        participants.append(participant)
    level = st.sampled_from([None, None, "must", "like", "no"])
    wishes = [(by, to, w) for c in companies for lab in labs for by, to in ((c, lab), (lab, c))
              if (w := draw(level)) is not None]
    reason = st.sampled_from([None, None, None, None, "partners", "competitors", "conflict"])
    exclusions = [(c, lab, r) for c in companies for lab in labs if (r := draw(reason)) is not None]
    partners = {frozenset({c, lab}): f"Project {c}-{lab}" for c in companies for lab in labs
                if draw(st.integers(0, 5)) == 0}
    affinity = draw(st.lists(st.lists(st.floats(0, 1), min_size=len(labs), max_size=len(labs)),
                             min_size=len(companies), max_size=len(companies)))
    event = make_event(participants, wishes, exclusions, tables=draw(st.integers(1, min(len(companies), len(labs)))),
                       sessions=sessions, min_meetings=draw(st.integers(0, 2)), exclude_partners=draw(st.booleans()))
    return event, roster(companies, labs, affinity, partners)


@settings(max_examples=80, deadline=None, database=None)
@given(random_events())
def test_every_schedule_keeps_the_rules_and_accounts_for_every_wish(case):
    event, people = case
    schedule = schedule_event(event, people)
    count = event.slot_count()
    busy, tables, degrees = set(), set(), {}
    for m in schedule.meetings:
        assert 1 <= m.slot <= count and 1 <= m.table <= event.tables
        for who in m.pair:
            assert (who, m.slot) not in busy, f"{who} double-booked in slot {m.slot}"
            busy.add((who, m.slot))
            available = event.participant(who).available
            assert available is None or m.slot in available, f"{who} not available in slot {m.slot}"
            degrees[who] = degrees.get(who, 0) + 1
        assert (m.slot, m.table) not in tables, f"table {m.table} double-booked in slot {m.slot}"
        tables.add((m.slot, m.table))
    pairs = [m.pair for m in schedule.meetings]
    assert len(pairs) == len(set(pairs))
    for who, degree in degrees.items():
        maximum = event.participant(who).max_meetings
        assert maximum is None or degree <= maximum
    forbidden = {frozenset(x.between) for x in event.exclusions}
    forbidden |= {frozenset((w.by, w.to)) for w in event.wishes if w.level == "no"}
    if event.exclude_partners:
        forbidden |= set(people.partners)
    assert not forbidden & {frozenset(p) for p in pairs}
    met = {frozenset(p) for p in pairs}
    listed = [(u.by, u.to, u.level) for u in schedule.unscheduled]
    assert len(listed) == len(set(listed))
    wanted = {(w.by, w.to, w.level) for w in event.wishes if w.level != "no"}
    assert set(listed) == {w for w in wanted if frozenset(w[:2]) not in met}
    for u in schedule.unscheduled:
        assert set(u.reason) == {"fr", "en"} and u.reason["fr"].strip() and u.reason["en"].strip()
    assert schedule.value == pytest.approx(sum(m.value for m in schedule.meetings))
    assert schedule.value <= schedule.bound + 1e-6 and 0 <= schedule.gap <= 1


# Events kept in the store ----------------------------------------------------------------------

FIXTURE_PARTICIPANTS = ["riverco", "agribot", "dronco", "hydro", "robo", "batt"]
# Known partners in the fixture catalogue: hydro-riverco, robo-agribot, batt-agribot, robo-dronco.


def store_event(participants=FIXTURE_PARTICIPANTS, wishes=(), event_id="salon", **extra):
    data = event_data(participants, wishes, tables=2, slots=3, **extra)
    data["id"] = event_id
    return read_event(data)


def test_an_event_of_the_catalogue_is_created_and_read_back(engine):
    event = store_event(wishes=[("riverco", "robo", "must")])
    engine.events.create(event)
    assert engine.events.get("salon") == event
    assert [e.id for e in engine.events.all()] == ["salon"]
    with pytest.raises(ConflictError, match="event 'salon' already exists"):
        engine.events.create(event)
    with pytest.raises(UnknownNameError, match="no event 'other'"):
        engine.events.get("other")


def test_an_unknown_participant_is_refused_by_name_and_nothing_is_stored(engine):
    with pytest.raises(InvalidInputError, match=r"participants: 'ghost-co' is neither a company nor a lab of the "
                                               r"store"):
        engine.events.create(store_event([*FIXTURE_PARTICIPANTS, "ghost-co"]))
    assert engine.events.all() == []


def test_register_unregister_wish_and_exclude_change_the_stored_event(engine):
    engine.events.create(store_event(["riverco", "hydro", "robo"]))
    events = engine.events
    events.register("salon", [{"id": "agribot", "available": [1, 2], "max_meetings": 2},
                              {"id": "riverco", "attendees": ["Rita River"]}])
    event = events.get("salon")
    assert [p.id for p in event.participants] == ["riverco", "hydro", "robo", "agribot"]
    assert event.participant("agribot").available == (1, 2) and event.participant("agribot").max_meetings == 2
    assert event.participant("riverco").attendees == ("Rita River",)  # updated, not registered twice
    events.wish("salon", "riverco", "robo", "must")
    events.wish("salon", "robo", "agribot", "no")
    events.wish("salon", "riverco", "robo", "like")  # replaces the must
    events.exclude("salon", "agribot", "hydro", "competitors", "same clients")
    event = events.get("salon")
    assert {(w.by, w.to, w.level) for w in event.wishes} == {("riverco", "robo", "like"), ("robo", "agribot", "no")}
    assert [(x.between, x.reason, x.note) for x in event.exclusions] == [(("agribot", "hydro"), "competitors",
                                                                          "same clients")]
    events.wish("salon", "riverco", "robo", None)  # withdrawn
    events.unregister("salon", "agribot")  # with its wishes and exclusions
    event = events.get("salon")
    assert [p.id for p in event.participants] == ["riverco", "hydro", "robo"]
    assert event.wishes == () and event.exclusions == ()


@pytest.mark.parametrize("change, error, message", [
    (lambda e: e.register("salon", [{"id": "ghost-lab"}]), InvalidInputError, "'ghost-lab' is neither"),
    (lambda e: e.register("salon", [{"id": "agribot", "available": "9"}]), InvalidInputError,
     "which the event does not have (slots 1 to 3)"),
    (lambda e: e.wish("salon", "riverco", "batt", "must"), InvalidInputError, "'batt' is not a participant"),
    (lambda e: e.wish("salon", "riverco", "robo", "maybe"), InvalidInputError, "'must', 'like' or 'no'"),
    (lambda e: e.exclude("salon", "riverco", "robo", "rivals"), InvalidInputError, "'partners', 'competitors'"),
    (lambda e: e.unregister("salon", "batt"), UnknownNameError, "'batt' is not a participant of the event"),
    (lambda e: e.wish("other", "riverco", "robo", "must"), UnknownNameError, "no event 'other'"),
], ids=["unknown id", "slot outside", "wish to unregistered", "bad level", "bad reason", "unregister unknown",
        "unknown event"])
def test_a_bad_change_leaves_the_stored_event_as_it_was(engine, change, error, message):
    engine.events.create(store_event(["riverco", "hydro", "robo"], [("riverco", "robo", "like")]))
    before = engine.events.get("salon")
    with pytest.raises(error) as caught:
        change(engine.events)
    assert message in str(caught.value)
    assert engine.events.get("salon") == before


def test_participants_file_reads_a_csv(engine):
    content = (b"id,attendees,available,max_meetings\n"
               b"riverco,Rita River; Bob Bridge,1-2,2\n"
               b"\n"
               b"hydro,,,\n")
    participants = engine.events.participants_file("participants.csv", content)
    assert participants == [
        {"id": "riverco", "attendees": ["Rita River", "Bob Bridge"], "available": [1, 2], "max_meetings": 2,
         "min_meetings": None},
        {"id": "hydro", "attendees": [], "available": None, "max_meetings": None, "min_meetings": None},
    ]


def test_participants_file_reports_bad_rows_by_number_and_registers_nothing(engine):
    engine.events.create(store_event(["riverco", "hydro"]))
    before = engine.events.get("salon")
    content = (b"id,attendees,available,max_meetings\n"
               b"robo,Ana,1-2,2\n"
               b"\n"  # blank rows still count
               b"batt,,x,\n"
               b"agribot,,,-1\n"
               b"Bad Id,,,\n")
    with pytest.raises(InvalidInputError) as caught:
        engine.events.register("salon", engine.events.participants_file("participants.csv", content))
    lines = str(caught.value).splitlines()
    assert lines[0] == "the file has problems, nothing was registered:"
    assert lines[1].startswith("  row 4: slots 'x'")
    assert lines[2].startswith("  row 5: max_meetings:")
    assert lines[3].startswith("  row 6: id: 'Bad Id'")
    assert len(lines) == 4  # row 2 is fine
    assert engine.events.get("salon") == before


def test_participants_file_names_the_column_of_a_number_that_is_not_one(engine):
    content = b"id,max_meetings\nrobo,two\n"
    with pytest.raises(InvalidInputError) as caught:
        engine.events.participants_file("participants.csv", content)
    assert "row 2: max_meetings" in str(caught.value)


def test_suggestions_list_labs_with_shared_terms_and_leave_out_partners_and_declined_pairs(engine):
    # riverco's best lab, hydro, is a known partner; robo shares a word with it; batt none.
    event = store_event()
    suggestions = engine.events.suggestions(event, "riverco")
    assert [(s.id, s.name) for s in suggestions] == [("robo", "ROBO")]
    assert suggestions[0].terms and 0 < suggestions[0].affinity < 1
    open_event = dataclasses.replace(event, exclude_partners=False)
    suggestions = engine.events.suggestions(open_event, "riverco")
    assert [s.id for s in suggestions] == ["hydro", "robo"]
    assert suggestions[0].affinity == 1.0 and "crues" in suggestions[0].terms
    declined = store_event(wishes=[("robo", "riverco", "no")], exclude_partners=False)
    assert [s.id for s in engine.events.suggestions(declined, "riverco")] == ["hydro"]
    answered = store_event(wishes=[("riverco", "hydro", "like")], exclude_partners=False)
    assert [s.id for s in engine.events.suggestions(answered, "riverco")] == ["robo"]
    # ...and for a lab, the companies.
    assert [s.id for s in engine.events.suggestions(open_event, "robo")] == ["agribot", "dronco", "riverco"]
    with pytest.raises(UnknownNameError, match="'ghost' is not a participant"):
        engine.events.suggestions(event, "ghost")


def test_schedule_publish_and_reschedule_after_a_cancellation_keeps_published_meetings(engine):
    events = engine.events
    events.create(store_event(wishes=[("riverco", "robo", "must"), ("dronco", "batt", "like"),
                                      ("hydro", "agribot", "like")]))
    assert events.latest("salon") is None and events.published("salon") is None and events.stages() == {}
    draft = events.schedule("salon")
    assert events.latest("salon").id == draft.id and events.latest("salon").published_at is None
    assert events.published("salon") is None
    assert events.stages()["salon"].published_at is None and not events.stages()["salon"].any_published
    first = draft.schedule
    pairs = {m.pair for m in first.meetings}
    assert {("riverco", "robo"), ("dronco", "batt"), ("agribot", "hydro")} <= pairs
    # Known partners never meet.
    assert not pairs & {("riverco", "hydro"), ("agribot", "robo"), ("agribot", "batt"), ("dronco", "robo")}
    published = events.publish("salon", draft.id)
    assert published.published_at is not None and events.published("salon").id == draft.id
    with pytest.raises(UnknownNameError, match=f"no schedule {draft.id + 100} for event 'salon'"):
        events.publish("salon", draft.id + 100)

    events.unregister("salon", "dronco")
    again = events.schedule("salon")
    assert again.id != draft.id and again.published_at is None
    assert events.published("salon").id == draft.id  # what participants have is unchanged
    stage = events.stages()["salon"]  # the newest is a draft, an earlier one is published
    assert (stage.created_at, stage.published_at, stage.any_published) == (again.created_at, None, True)
    changes = again.schedule.changes
    gone = [m for m in first.meetings if m.company == "dronco"]
    assert gone and sorted(changes.cancelled, key=lambda m: m.slot) == sorted(gone, key=lambda m: m.slot)
    now = placed(again.schedule)
    for m in first.meetings:
        if m.company != "dronco":
            assert now[m.pair] == (m.slot, m.table)
    assert changes.kept == len(first.meetings) - len(gone)
    assert events.latest("salon").schedule.to_dict() == again.schedule.to_dict()


def test_the_service_gets_a_repository_and_functions_and_checking_ranks_nothing(engine):
    """The service is built from what it needs, not from the Engine; a check (after each edit)
    reads the organisations only, and suggestions score them with the ranker it was given."""
    store = engine.store

    def organisations():
        return Organisations({c.id: c for c in store.companies()}, {lab.id: lab for lab in store.labs()},
                             store.collaborations(), store.needs(status="open"))

    def no_ranking():
        raise AssertionError("checking an event ranked the labs")

    events = Events(EventRepository(store), organisations, no_ranking)
    events.create(store_event())
    events.wish("salon", "riverco", "robo", "must")
    assert engine.events.get("salon") == events.get("salon")  # the same store
    ranked = Events(EventRepository(store), organisations, engine.ranker)
    assert ranked.suggestions(events.get("salon"), "riverco") == engine.events.suggestions(events.get("salon"),
                                                                                           "riverco")


def test_an_event_file_is_scheduled_by_the_service_as_the_command_does(engine, tmp_path):
    path = tmp_path / "salon.yaml"
    path.write_text(yaml.safe_dump(store_event(wishes=[("riverco", "robo", "must")]).to_dict()), encoding="utf-8")
    event, schedule = engine.events.schedule_file(path)
    assert event == load_event_file(path) and ("riverco", "robo") in {m.pair for m in schedule.meetings}
    kept = tmp_path / "published.json"
    kept.write_text(json.dumps(schedule.to_dict()), encoding="utf-8")
    _, again = engine.events.schedule_file(path, keep=kept)
    assert placed(again) == placed(schedule) and again.changes.kept == len(schedule.meetings)
    kept.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="published.json: not a schedule; give the JSON that 'matcher event "
                                                "schedule --json' printed"):
        engine.events.schedule_file(path, keep=kept)
