"""The follow-up of proposals (matcher.store.followups): allowed steps, refused ones, history."""

import pytest

from matcher.errors import ConflictError, InvalidInputError, UnknownNameError
from matcher.store.followups import MAX_NOTE

NEED = "riverco-levels"


@pytest.fixture
def followups(engine):
    return engine.followups


@pytest.fixture
def oscar(engine):
    return engine.accounts.create("oscar@hydro.test", "correct horse battery", "officer", name="Oscar Hydro",
                                  lab_ids=["hydro"])


def statuses(followup):
    return [step.status for step in followup.history]


def test_a_proposal_goes_all_the_way_to_an_agreement(followups, oscar):
    followups.propose(NEED, [("hydro", 0.42)])
    for status in ("contacted", "meeting", "agreement"):
        followed = followups.advance(NEED, "hydro", status, user_id=oscar.id)
        assert followed.status == status
    assert statuses(followed) == ["proposed", "contacted", "meeting", "agreement"]
    assert followed.next == () and followed.score == 0.42


@pytest.mark.parametrize("steps, refused, allowed", [
    ((), "meeting", "contacted or declined"),
    (("contacted",), "agreement", "meeting or declined"),
    (("contacted", "meeting", "agreement"), "declined", "nothing: it is closed"),
    (("declined",), "contacted", "nothing: it is closed"),
])
def test_a_step_the_proposal_cannot_take_is_refused_and_nothing_written(followups, steps, refused, allowed):
    followups.propose(NEED, [("hydro", 0.4)])
    for status in steps:
        followups.advance(NEED, "hydro", status)
    before = followups.get(NEED, "hydro")
    with pytest.raises(ConflictError, match=f"it can move to {allowed}, not to {refused}"):
        followups.advance(NEED, "hydro", refused, note="should not be kept")
    assert followups.get(NEED, "hydro") == before


def test_an_unknown_status_is_refused(followups):
    with pytest.raises(InvalidInputError, match="unknown status 'signed': use one of proposed, contacted"):
        followups.advance(NEED, "hydro", "signed")
    assert followups.for_need(NEED) == []


def test_a_proposal_never_recorded_starts_as_proposed(followups):
    followed = followups.advance(NEED, "robo", "contacted")
    assert statuses(followed) == ["proposed", "contacted"] and followed.score is None


def test_a_refused_first_step_records_nothing(followups):
    with pytest.raises(ConflictError):
        followups.advance(NEED, "robo", "agreement")
    assert followups.get(NEED, "robo") is None


@pytest.mark.parametrize("need_id, lab_id, message", [
    ("ghost-need", "hydro", "unknown need 'ghost-need'"),
    (NEED, "ghost-lab", "unknown lab 'ghost-lab'"),
])
def test_a_proposal_of_an_unknown_need_or_lab_is_refused(followups, need_id, lab_id, message):
    with pytest.raises(UnknownNameError, match=message):
        followups.advance(need_id, lab_id, "contacted")
    assert followups.for_labs(["hydro", "robo", "batt"]) == []


def test_the_history_names_who_took_each_step_and_why(followups, oscar):
    followups.propose(NEED, [("hydro", 0.4)])
    followups.advance(NEED, "hydro", "contacted", user_id=oscar.id, note="  called their CTO  ")
    followups.advance(NEED, "hydro", "declined", user_id=oscar.id, note="no budget this year")
    history = followups.get(NEED, "hydro").history
    assert [(s.status, s.by, s.note) for s in history] == [
        ("proposed", None, ""), ("contacted", "Oscar Hydro", "called their CTO"),
        ("declined", "Oscar Hydro", "no budget this year")]
    assert history[0].at <= history[1].at <= history[2].at
    assert followups.get(NEED, "hydro").to_dict()["history"][1]["by"] == "Oscar Hydro"


def test_propose_keeps_the_follow_ups_already_there(followups):
    followups.propose(NEED, [("hydro", 0.4)])
    followups.advance(NEED, "hydro", "contacted")
    followups.propose(NEED, [("hydro", 0.9), ("robo", 0.1)])
    found = {f.lab_id: (f.status, f.score, len(f.history)) for f in followups.for_need(NEED)}
    assert found == {"hydro": ("contacted", 0.4, 2), "robo": ("proposed", 0.1, 1)}


def test_for_labs_gives_only_those_labs(followups):
    followups.propose(NEED, [("hydro", 0.4), ("robo", 0.2)])
    followups.propose("agribot-vision", [("robo", 0.3)])
    assert [(f.need_id, f.lab_id) for f in followups.for_labs(["robo"])] == [
        ("agribot-vision", "robo"), (NEED, "robo")]


def test_a_note_has_a_length_limit(followups):
    followups.propose(NEED, [("hydro", 0.4)])
    with pytest.raises(InvalidInputError, match=f"the note has {MAX_NOTE + 1:,} characters; at most {MAX_NOTE:,}"):
        followups.advance(NEED, "hydro", "contacted", note="x" * (MAX_NOTE + 1))
    assert followups.get(NEED, "hydro").status == "proposed"
    assert followups.advance(NEED, "hydro", "contacted", note="x" * MAX_NOTE).history[-1].note == "x" * MAX_NOTE
