import pytest

from matcher.errors import DataError, InvalidInputError
from matcher.records.catalogue import Lab, Need, parse_trl

LAB = {
    "id": "lab-a", "acronym": "LABA", "name": "Lab A", "city": "Toulouse", "department": "31",
    "region": "Occitanie", "themes": {"fr": ["robotique"], "en": ["robotics"]},
    "keywords": {"fr": ["robot"], "en": ["robot"]}, "trl": [2, 4],
    "sources": [{"title": "site", "url": "https://example.org"}],
    "documents": [{"kind": "description", "title": "About", "lang": "en", "text": "Robots."}],
}


def problems(data):
    with pytest.raises(DataError) as info:
        Lab.from_dict(data)
    return [str(problem) for problem in info.value.problems]


def test_round_trip_gives_the_same_data():
    lab = Lab.from_dict(LAB)
    again = Lab.from_dict(lab.to_dict())
    assert again == lab
    assert lab.to_dict()["trl"] == [2, 4]


def test_every_problem_is_reported_with_its_field():
    found = problems({**LAB, "region": "Bretagne", "department": "3", "trl": [5, 2]})
    assert any(p.startswith("region: Input should be 'Occitanie' or 'Auvergne-Rhône-Alpes'") for p in found)
    assert any(p.startswith("department: '3' is not a French department code") for p in found)
    assert any(p.startswith("trl: TRL range [5, 2] is not valid") for p in found)


def test_a_lab_with_no_text_is_refused():
    assert any(p.startswith("documents:") for p in problems({**LAB, "documents": []}))
    blank = [{"kind": "description", "title": "About", "lang": "en", "text": "   "}]
    assert "documents[0].text: is empty: write some text" in problems({**LAB, "documents": blank})


def test_unknown_fields_and_missing_fields_are_named():
    data = {k: v for k, v in LAB.items() if k != "city"} | {"colour": "blue"}
    found = problems(data)
    assert "city: missing (required)" in found
    assert "colour: unknown field (see data/README.md for the fields accepted)" in found


def test_detailed_profile_needs_bilingual_keywords():
    found = problems({**LAB, "keywords": {"fr": ["robot"]}})
    assert any("a detailed profile needs keywords" in p for p in found)


def test_ids_are_slugs():
    found = problems({**LAB, "id": "Lab A"})
    assert found == ["id: 'Lab A' is not an identifier: use lowercase letters, digits and single hyphens, like 'cea-leti'"]


def test_need_status_defaults_to_open():
    need = Need.from_dict({"id": "n1", "company_id": "c1", "lang": "fr", "title": "T", "text": "Texte."})
    assert need.status == "open"


@pytest.mark.parametrize("text, expected", [("4", (4, 4)), ("3-6", (3, 6)), (" 2 - 5 ", (2, 5))])
def test_parse_trl(text, expected):
    assert parse_trl(text) == expected


@pytest.mark.parametrize("text", ["0", "5-2", "x", "1-2-3", "10"])
def test_parse_trl_refuses_bad_ranges(text):
    with pytest.raises(InvalidInputError, match="between 1 and 9"):
        parse_trl(text)
