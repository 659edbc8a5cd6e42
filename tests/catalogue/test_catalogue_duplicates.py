"""A duplicate id in any catalogue file is refused, not only among labs (tests/catalogue/test_catalog.py)."""

import pytest

from matcher.catalogue.reader import load_catalog
from matcher.errors import DataError


def problems_of(path):
    with pytest.raises(DataError) as info:
        load_catalog(path)
    return [str(problem) for problem in info.value.problems]


@pytest.mark.parametrize("file, first, second", [
    ("companies.yaml", "riverco", "dronco"),
    ("needs.yaml", "riverco-levels", "agribot-vision"),
    ("collaborations.yaml", "hydro-robo-link", "robo-dronco-project"),
    ("schemes.yaml", "cea-regional", "young-sme"),
])
def test_a_duplicate_id_is_refused_in_each_file(catalog_dir, file, first, second):
    path = catalog_dir / file
    text = path.read_text(encoding="utf-8")
    assert text.count(f"- id: {second}\n") == 1
    path.write_text(text.replace(f"- id: {second}\n", f"- id: {first}\n"), encoding="utf-8")
    assert f"{file}: duplicate id {first!r}: each id must be unique" in problems_of(catalog_dir)


def test_the_fixture_catalogue_itself_has_no_duplicate(catalog_dir):
    catalog = load_catalog(catalog_dir)
    for records in (catalog.labs, catalog.companies, catalog.needs, catalog.collaborations, catalog.schemes):
        ids = [record.id for record in records]
        assert len(ids) == len(set(ids))
