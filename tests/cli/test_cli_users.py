"""``matcher users``: accounts created and managed from the command line."""

import pytest

from matcher.engine import Engine

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(settings):
    """The accounts of the store the commands write to, read back independently."""
    return lambda: Engine(settings).accounts


def test_add_then_list(imported, accounts):
    officer = imported("users", "add", "Oscar@Hydro.test", "--role", "officer", "--lab", "hydro", "--lab", "robo",
                       "--name", "Oscar Hydro", "--password", PASSWORD)
    assert officer.exit_code == 0 and officer.output == "created officer account oscar@hydro.test, labs hydro, robo\n"
    sme = imported("users", "add", "rita@riverco.test", "--role", "sme", "--company", "riverco", "--password", PASSWORD)
    assert sme.output == "created sme account rita@riverco.test, company riverco\n"
    listed = imported("users", "list")
    assert [line.split(maxsplit=2) for line in listed.output.splitlines()] == [
        ["oscar@hydro.test", "officer", "hydro, robo"], ["rita@riverco.test", "sme", "riverco"]]
    user = accounts().find("oscar@hydro.test")
    assert (user.name, user.lab_ids) == ("Oscar Hydro", ("hydro", "robo"))
    assert accounts().authenticate("oscar@hydro.test", PASSWORD) == user


def test_set_the_labs_an_officer_keeps(imported, accounts):
    imported("users", "add", "oscar@hydro.test", "--role", "officer", "--lab", "hydro", "--password", PASSWORD)
    result = imported("users", "labs", "oscar@hydro.test", "--lab", "batt", "--lab", "robo")
    assert result.exit_code == 0 and result.output == "oscar@hydro.test keeps batt, robo\n"
    assert accounts().find("oscar@hydro.test").lab_ids == ("batt", "robo")


def test_a_token_is_printed_once_and_replaces_the_previous_one(imported, accounts):
    imported("users", "add", "ada@tandem.test", "--role", "admin", "--password", PASSWORD)
    first = imported("users", "token", "ada@tandem.test").output.strip()
    second = imported("users", "token", "ada@tandem.test").output.strip()
    assert len(second) >= 40 and second != first
    assert accounts().by_token(first) is None
    assert accounts().by_token(second).email == "ada@tandem.test"


@pytest.mark.parametrize("args, message", [
    (["add", "x@y.test", "--role", "boss", "--password", PASSWORD], "unknown role 'boss': use one of sme, officer"),
    (["add", "not-an-address", "--role", "admin", "--password", PASSWORD], "'not-an-address' is not an e-mail address"),
    (["add", "x@y.test", "--role", "admin", "--password", "short"], "the password needs at least 10 characters"),
    (["add", "x@y.test", "--role", "sme", "--password", PASSWORD], "an sme account belongs to a company"),
    (["add", "x@y.test", "--role", "officer", "--lab", "mars", "--password", PASSWORD], "unknown lab 'mars'"),
    (["labs", "ghost@y.test", "--lab", "hydro"], "no account has the e-mail 'ghost@y.test'"),
    (["token", "ghost@y.test"], "no account has the e-mail 'ghost@y.test'"),
])
def test_a_bad_value_is_one_line_and_writes_nothing(imported, accounts, args, message):
    result = imported("users", *args)
    assert result.exit_code == 1
    [line] = result.output.splitlines()
    assert line.startswith("Error: ") and message in line
    assert accounts().all() == []


def test_every_bad_value_is_named_at_once(imported):
    result = imported("users", "add", "nobody", "--role", "boss", "--password", "short")
    [line] = result.output.splitlines()
    assert "not an e-mail address" in line and "unknown role 'boss'" in line and "at least 10 characters" in line


def test_the_labs_of_an_account_that_is_not_an_officer(imported, accounts):
    imported("users", "add", "rita@riverco.test", "--role", "sme", "--company", "riverco", "--password", PASSWORD)
    result = imported("users", "labs", "rita@riverco.test", "--lab", "hydro")
    assert result.exit_code == 1 and result.output == "Error: only officer accounts keep labs\n"
    assert accounts().find("rita@riverco.test").lab_ids == ()
