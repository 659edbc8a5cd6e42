import json

import pytest


def test_import_twice_reports_unchanged_content(run):
    first = run("import")
    assert first.exit_code == 0 and "labs: 5 added, 0 updated, 0 unchanged" in first.output
    second = run("import")
    assert "labs: 0 added, 0 updated, 5 unchanged" in second.output
    assert "companies: 0 added, 0 updated, 3 unchanged" in second.output


def test_match_json_has_one_element_per_text_in_order(imported):
    result = imported("match", "crues des rivières", "weeding robots for vineyards", "--json", "--top", "2")
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert [item["query"] for item in payload] == ["crues des rivières", "weeding robots for vineyards"]
    first = payload[0]["matches"][0]
    assert set(first) >= {"lab_id", "acronym", "name", "region", "score", "reasons"}
    assert (first["lab_id"], first["acronym"], first["region"]) == ("hydro", "HYDRO", "Occitanie")
    assert isinstance(first["score"], float) and 0 < first["score"] <= 1
    assert all(isinstance(r, str) for r in first["reasons"])
    assert payload[1]["matches"][0]["lab_id"] == "robo"
    assert len(payload[0]["matches"]) <= 2


def test_match_prints_a_readable_table(imported):
    result = imported("match", "batteries lithium", "--region", "AURA")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Need 1: batteries lithium"
    assert lines[1].split()[:3] == ["1.", lines[1].split()[1], "BATT"]
    assert "terms: " in lines[2]


def test_labs_lists_detailed_then_directory(imported):
    result = imported("labs", "--json", "--region", "Occitanie")
    rows = json.loads(result.output)
    assert [(r["id"], r["kind"]) for r in rows] == [("hydro", "detailed"), ("rnsr-100000002b", "directory")]


@pytest.mark.parametrize("args, message", [
    (["match", "   "], "the need is empty"),
    (["match", "x" * 1_000_000], "at most 10,000 are accepted"),
    (["match", "caf\udce9 \udcff"], "looks like binary data"),
    (["match", "rivières", "--region", "Mars"], "unknown region 'Mars'"),
    (["match", "rivières", "--trl", "12"], "between 1 and 9"),
    (["match", "rivières", "--top", "0"], "0 is not in the range 1<=x<=100"),
    (["labs", "--region", "Mars"], "unknown region 'Mars'"),
])
def test_bad_input_gets_a_message_and_no_traceback(imported, args, message):
    result = imported(*args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_check_data_lists_located_problems_and_fails(run, catalog_dir):
    (catalog_dir / "glossary.yaml").write_text("- {fr: [crue]}\n", encoding="utf-8")
    path = catalog_dir / "companies.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("founded: 2019", "founded: 2999"), encoding="utf-8")
    result = run("check-data", str(catalog_dir))
    assert result.exit_code == 1
    assert "catalog/companies.yaml: item 1 (id=riverco): founded: year 2999 is not valid" in result.output
    assert "catalog/glossary.yaml: item 1: an entry must be {fr: [terms], en: [terms]}" in result.output
    assert "2 problem(s) found" in result.output


def test_check_data_on_a_valid_folder(run, catalog_dir):
    result = run("check-data", str(catalog_dir))
    assert result.exit_code == 0
    assert result.output.strip() == ("ok: 5 labs (3 detailed, 2 directory), 3 companies, 2 needs, 6 glossary entries, "
                                     "3 schemes, 5 collaborations")


def test_a_failed_import_writes_nothing(imported, catalog_dir):
    before = imported("labs", "--json").output
    (catalog_dir / "needs.yaml").write_text("- [not, a, need]\n", encoding="utf-8")
    path = catalog_dir / "labs" / "fixture.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Robotics test lab", "Renamed lab"), encoding="utf-8")
    result = imported("import")
    assert result.exit_code == 1 and "catalog/needs.yaml: item 1 (id=None)" in result.output
    assert imported("labs", "--json").output == before


def test_every_subcommand_has_help(run):
    for command in ("match", "labs", "check-data", "import"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Usage: " in result.output


def test_check_data_and_import_refuse_a_company_with_a_labs_id(imported, catalog_dir):
    before = imported("labs", "--json").output
    path = catalog_dir / "companies.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: dronco", "id: batt"), encoding="utf-8")
    expected = "catalog/companies.yaml: item 3 (id=batt): id: 'batt' is already a lab (file catalog/labs/fixture.yaml)"
    for command in ("check-data", "import"):
        result = imported(command, str(catalog_dir))
        assert result.exit_code == 1, command
        assert expected in result.output, command
    assert imported("labs", "--json").output == before  # nothing written


def test_db_upgrade_creates_the_schema_then_has_nothing_to_do(run, settings):
    first = run("db", "upgrade")
    assert first.exit_code == 0
    assert first.output == f"{settings.database_url}: schema created at migration 0003 (the latest)\n"
    again = run("db", "upgrade")
    assert again.output == f"{settings.database_url}: already at the latest migration (0003); nothing to do\n"
    assert run("labs", "--json").output.strip() == "[]"
    assert "migrate it to the latest migration" in run("db", "upgrade", "--help").output
    assert "the store's schema is first created or migrated" in run("import", "--help").output


def test_a_store_that_is_not_migrated_is_refused_with_the_remedy(run, settings):
    result = run("labs")
    assert result.exit_code == 1
    assert result.output == (f"Error: the database at {settings.database_url} is not up to date: "
                             "run `matcher db upgrade`\n")
