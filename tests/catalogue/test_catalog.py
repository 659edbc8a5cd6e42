import pytest

from matcher.catalogue.reader import load_catalog
from matcher.errors import DataError


def problems_of(path):
    with pytest.raises(DataError) as info:
        load_catalog(path)
    return [str(problem) for problem in info.value.problems]  # each reads file: item N (id=...): field: problem


def test_fixture_catalogue_merges_directory_and_profiles(catalog_dir):
    catalog = load_catalog(catalog_dir)
    ids = [lab.id for lab in catalog.labs]
    # HYDRO is both a profile and a directory row with the same RNSR id: one lab, one entry.
    assert ids == ["hydro", "robo", "batt", "rnsr-100000002b", "rnsr-100000004d"]
    assert catalog.lab("hydro").erc_panel == "Earth System Science"  # kept from the directory
    thin = catalog.lab("rnsr-100000002b")
    assert (thin.detailed, thin.name, thin.city, thin.parents) == (False, "Crues et rivieres", "Toulouse", ("UT",))
    assert len(catalog.companies) == 3 and len(catalog.needs) == 2 and len(catalog.glossary) == 6


def test_malformed_yaml_is_located(catalog_dir):
    (catalog_dir / "companies.yaml").write_text("- id: x\n  name: [unclosed\n", encoding="utf-8")
    found = problems_of(catalog_dir)
    assert len(found) == 1
    assert found[0].startswith("catalog/companies.yaml: line 3, column 1: YAML syntax error")


def test_duplicate_ids_are_refused(catalog_dir):
    path = catalog_dir / "labs" / "fixture.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: robo", "id: hydro"), encoding="utf-8")
    assert "labs: duplicate id 'hydro': each id must be unique" in problems_of(catalog_dir)


def test_problems_are_located_by_file_item_and_field(catalog_dir):
    path = catalog_dir / "labs" / "fixture.yaml"
    text = path.read_text(encoding="utf-8").replace('department: "38"\n  region: Auvergne-Rhône-Alpes\n  size: null',
                                                    'department: "38"\n  region: Bretagne\n  size: null')
    path.write_text(text, encoding="utf-8")
    found = problems_of(catalog_dir)
    assert found == ["catalog/labs/fixture.yaml: item 2 (id=robo): region: "
                     "Input should be 'Occitanie' or 'Auvergne-Rhône-Alpes'"]


def test_a_lab_with_no_text_is_refused(catalog_dir):
    path = catalog_dir / "labs" / "fixture.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("text: Lithium batteries, solid electrolytes and cell ageing tests.", "text: '  '")
    path.write_text(text, encoding="utf-8")
    assert "catalog/labs/fixture.yaml: item 3 (id=batt): documents[0].text: is empty: write some text" in problems_of(catalog_dir)


def test_a_need_of_an_unknown_company_is_refused(catalog_dir):
    path = catalog_dir / "needs.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("company_id: agribot", "company_id: nobody"), encoding="utf-8")
    assert problems_of(catalog_dir) == [
        "catalog/needs.yaml: item 2 (id=agribot-vision): company_id: 'nobody' is not a company of companies.yaml"
    ]


def test_a_file_that_is_not_a_list(catalog_dir):
    (catalog_dir / "needs.yaml").write_text("id: x\n", encoding="utf-8")
    assert problems_of(catalog_dir) == ["catalog/needs.yaml: the file must hold a YAML list of items, not a dict"]


def test_not_a_folder(tmp_path):
    assert problems_of(tmp_path / "missing")[0].endswith("not a folder (give the catalogue folder, e.g. data/)")


def _rename_company(catalog_dir, old, new):
    path = catalog_dir / "companies.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"id: {old}", f"id: {new}"), encoding="utf-8")


def test_a_company_may_not_take_a_labs_id(catalog_dir):
    # 'batt' is a detailed lab of labs/fixture.yaml: as a company id it would replace the lab in the graph.
    _rename_company(catalog_dir, "dronco", "batt")
    assert ("catalog/companies.yaml: item 3 (id=batt): id: 'batt' is already a lab (file catalog/labs/fixture.yaml)"
            in problems_of(catalog_dir))


def test_a_company_may_not_take_a_directory_entrys_id(catalog_dir):
    _rename_company(catalog_dir, "dronco", "rnsr-100000004d")
    assert ("catalog/companies.yaml: item 3 (id=rnsr-100000004d): id: 'rnsr-100000004d' is already a lab "
            "(file catalog/directory/mini.csv)" in problems_of(catalog_dir))


DEPARTMENT_ROW = ("100000009J,DSOL,DEPARTEMENT DES PILES A COMBUSTIBLE SOLIDE,2015,Unité propre,38000,GRENOBLE,38,"
                  "Auvergne-Rhône-Alpes,,CEA,CEA,EPIC,TUTE,Chimie,PE5,Fuel cells and hydrogen,,"
                  "https://example.org/rnsr/100000009J\n")


def _with_department(catalog_dir, rnsr_id="100000009J"):
    with (catalog_dir / "directory" / "mini.csv").open("a", encoding="utf-8") as handle:
        handle.write(DEPARTMENT_ROW)
    path = catalog_dir / "labs" / "fixture.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  rnsr_id: 100000003C\n", f"  rnsr_id: 100000003C\n  departments: [{rnsr_id}]\n"), encoding="utf-8")


def test_a_department_is_a_team_of_its_lab_not_an_entry_of_its_own(catalog_dir):
    _with_department(catalog_dir)
    catalog = load_catalog(catalog_dir)
    assert "rnsr-100000009j" not in [lab.id for lab in catalog.labs]  # one unit, one entry
    batt = catalog.lab("batt")
    team = batt.documents[-1]
    assert (team.kind, team.title) == ("team", "Departement des piles a combustible solide (DSOL)")
    assert "Fuel cells and hydrogen" in team.text
    assert batt.sources[-1].url == "https://example.org/rnsr/100000009J"


def test_a_search_for_a_departments_speciality_finds_its_lab_and_names_the_team(catalog_dir, tmp_path):
    from matcher.matching.ranking import LabRanker

    _with_department(catalog_dir)
    catalog = load_catalog(catalog_dir)
    [matches] = LabRanker(catalog.labs, cache_dir=tmp_path).rank(["piles à combustible"], top=3)
    assert matches[0].lab_id == "batt"
    assert matches[0].documents[0][0] == "Departement des piles a combustible solide (DSOL)"


def test_a_department_that_is_not_in_the_directory_is_refused(catalog_dir):
    _with_department(catalog_dir, rnsr_id="100000099Z")
    assert ("catalog/labs/fixture.yaml: id=batt: departments: '100000099Z' is not an RNSR id of the directory"
            in problems_of(catalog_dir))
