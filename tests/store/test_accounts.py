"""Accounts and roles (matcher.store.accounts): creation, passwords, API tokens, the labs an officer keeps."""

import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.errors import ConflictError, InvalidInputError, UnknownNameError
from matcher.store import accounts as account_store
from matcher.store.tables import UserRow

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(engine):
    return engine.accounts


def stored(engine, email):
    with Session(engine.store.engine) as session:
        return session.scalar(select(UserRow).where(UserRow.email == email))


@pytest.mark.parametrize("role, attached, expected", [
    ("sme", {"company_id": "riverco"}, ("riverco", ())),
    ("officer", {"lab_ids": ("robo", "hydro", "robo")}, (None, ("hydro", "robo"))),
    ("animator", {}, (None, ())),
    ("admin", {}, (None, ())),
])
def test_create_an_account_of_each_role(accounts, role, attached, expected):
    user = accounts.create(" Someone@Example.ORG ", PASSWORD, role, **attached)
    assert (user.email, user.role, user.name) == ("someone@example.org", role, "someone")
    assert (user.company_id, user.lab_ids) == expected
    assert accounts.get(user.id) == user and accounts.find("SOMEONE@example.org") == user


def test_every_bad_field_is_named_in_one_message_and_nothing_is_written(accounts):
    with pytest.raises(InvalidInputError) as caught:
        accounts.create("not-an-address", "short", "boss", company_id="ghost", lab_ids=("hydro", "nowhere"))
    message = str(caught.value)
    for problem in ("'not-an-address' is not an e-mail address", "unknown role 'boss': use one of sme, officer, "
                    "animator, admin", "at least 10 characters", "unknown company 'ghost'",
                    "only officer accounts keep labs", "unknown lab 'nowhere'"):
        assert problem in message
    assert accounts.all() == []


def test_an_sme_account_needs_its_company(accounts):
    with pytest.raises(InvalidInputError, match="an sme account belongs to a company"):
        accounts.create("rita@riverco.test", PASSWORD, "sme")
    assert accounts.all() == []


def test_the_same_email_twice_is_a_conflict(accounts):
    accounts.create("oscar@hydro.test", PASSWORD, "officer", lab_ids=["hydro"])
    with pytest.raises(ConflictError, match="oscar@hydro.test already exists"):
        accounts.create("Oscar@Hydro.test", PASSWORD + "!", "admin")
    [kept] = accounts.all()
    assert kept.role == "officer"


def test_authenticate(accounts):
    user = accounts.create("ana@network.test", PASSWORD, "animator", name="Ana Network")
    assert accounts.authenticate("ANA@network.test ", PASSWORD) == user
    assert accounts.authenticate("ana@network.test", PASSWORD.upper()) is None
    assert accounts.authenticate("ana@network.test", "") is None
    assert accounts.authenticate("nobody@network.test", PASSWORD) is None


def test_the_password_is_stored_hashed(accounts, engine, monkeypatch):
    monkeypatch.setattr(account_store, "PASSWORD_METHOD", "scrypt")  # production's (the suite lowers it elsewhere)
    accounts.create("ana@network.test", PASSWORD, "animator")
    row = stored(engine, "ana@network.test")
    assert PASSWORD not in row.password_hash and row.password_hash.startswith("scrypt:")
    # Salted: the same password gives another hash.
    accounts.create("ada@tandem.test", PASSWORD, "admin")
    assert stored(engine, "ada@tandem.test").password_hash != row.password_hash


def test_a_new_token_replaces_the_old_one(accounts, engine):
    user = accounts.create("ada@tandem.test", PASSWORD, "admin")
    assert accounts.by_token("anything") is None
    first = accounts.issue_token(user.id)
    assert accounts.by_token(first) == user
    assert stored(engine, "ada@tandem.test").token_hash == hashlib.sha256(first.encode()).hexdigest()
    second = accounts.issue_token(user.id)
    assert second != first
    assert accounts.by_token(first) is None and accounts.by_token(second) == user
    assert accounts.by_token("") is None and accounts.by_token(None) is None


def test_a_token_for_no_account_is_refused(accounts):
    with pytest.raises(UnknownNameError, match="no account has the id 99"):
        accounts.issue_token(99)


def test_find_an_unknown_address(accounts):
    with pytest.raises(UnknownNameError, match="no account has the e-mail 'ghost@x.test'"):
        accounts.find("ghost@x.test")


def test_set_the_labs_an_officer_keeps(accounts):
    officer = accounts.create("oscar@hydro.test", PASSWORD, "officer", lab_ids=["hydro"])
    accounts.set_labs(officer.id, ["robo", "batt"])
    assert accounts.get(officer.id).lab_ids == ("batt", "robo")
    with pytest.raises(InvalidInputError, match="unknown lab 'mars', 'venus'"):
        accounts.set_labs(officer.id, ["hydro", "mars", "venus"])
    assert accounts.get(officer.id).lab_ids == ("batt", "robo")


def test_only_officers_keep_labs(accounts):
    sme = accounts.create("rita@riverco.test", PASSWORD, "sme", company_id="riverco")
    with pytest.raises(InvalidInputError, match="only officer accounts keep labs"):
        accounts.set_labs(sme.id, ["hydro"])
    assert accounts.get(sme.id).lab_ids == ()
    with pytest.raises(UnknownNameError):
        accounts.set_labs(99, ["hydro"])


def test_who_may_edit_a_lab_and_speak_for_a_company(accounts):
    officer = accounts.create("oscar@hydro.test", PASSWORD, "officer", lab_ids=["hydro"])
    sme = accounts.create("rita@riverco.test", PASSWORD, "sme", company_id="riverco")
    animator = accounts.create("ana@network.test", PASSWORD, "animator")
    admin = accounts.create("ada@tandem.test", PASSWORD, "admin")
    assert [officer.can_edit_lab("hydro"), officer.can_edit_lab("robo")] == [True, False]
    assert [sme.can_edit_lab("hydro"), animator.can_edit_lab("hydro")] == [False, False]
    assert admin.can_edit_lab("robo")
    assert [sme.speaks_for_company("riverco"), sme.speaks_for_company("agribot")] == [True, False]
    assert [officer.speaks_for_company("riverco"), admin.speaks_for_company("agribot")] == [False, True]
