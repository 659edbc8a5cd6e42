"""Needs from a spreadsheet (matcher.catalogue.tabular, through Engine.check_needs_file): every row checked."""

import io

import pytest

from matcher.catalogue import tabular
from matcher.errors import InvalidInputError

HEADER = "company_id,title,text,lang,trl"


def check(engine, content, filename="needs.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return engine.check_needs_file(filename, content)


def summary(rows):
    return [(row.number, row.values["title"], row.need is not None) for row in rows]


def xlsx(*rows):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_comma_csv(engine):
    rows = check(engine, f"{HEADER}\nriverco,Capteurs de crue,Prévoir les crues,fr,3-5\n"
                         "agribot,Vision,\"Recognise plants, in vineyards\",EN,4\n")
    assert summary(rows) == [(2, "Capteurs de crue", True), (3, "Vision", True)]
    first, second = (row.need for row in rows)
    assert (first.company_id, first.lang, first.trl, first.id) == ("riverco", "fr", (3, 5), "capteurs-de-crue")
    assert (second.text, second.lang, second.trl) == ("Recognise plants, in vineyards", "en", (4, 4))


def test_a_semicolon_csv_with_a_byte_order_mark(engine):
    # What Excel writes as "CSV UTF-8" in French: a BOM and semicolons (commas stay inside the text).
    content = "\ufeffCompany_ID;Title;Text\r\nriverco;Crues;Débit, niveau et crues\r\n".encode("utf-8")
    [row] = check(engine, content)
    assert row.problems == () and row.need.text == "Débit, niveau et crues" and row.need.lang == "fr"


def test_a_csv_that_is_not_utf8_is_refused(engine):
    with pytest.raises(InvalidInputError, match="not UTF-8 text: save it as 'CSV UTF-8'"):
        check(engine, f"{HEADER}\nriverco,Crues,Débit,fr,\n".encode("cp1252"))


def test_an_excel_file_with_a_numeric_trl(engine):
    content = xlsx(["company_id", "title", "text", "trl"],
                   ["riverco", "Crues", "Prévoir les crues", 4],
                   ["agribot", "Vision", "Recognise plants", 5.0],
                   ["agribot", "Bras", "Robot arm", 4.5])
    rows = check(engine, content, "needs.xlsx")
    assert [row.need.trl if row.need else row.problems for row in rows][:2] == [(4, 4), (5, 5)]
    assert rows[2].need is None and rows[2].problems[0].startswith("trl: TRL '4.5' is not valid")


def test_a_file_that_is_not_a_workbook(engine):
    with pytest.raises(InvalidInputError, match="not a readable .xlsx workbook"):
        check(engine, b"PK\x03\x04 not really a zip", "needs.xlsx")
    with pytest.raises(InvalidInputError, match="'needs.ods' is not a spreadsheet Tandem reads: send .csv"):
        check(engine, b"anything", "needs.ods")


@pytest.mark.parametrize("content, message", [
    ("", "the file is empty"),
    ("\n\n ; \n", "the file is empty"),
    ("company_id,title\nriverco,Crues\n", r"missing: text \(accepted: company_id, title, text, lang, trl\)"),
    ("title,text\nCrues,Débit\n", "missing: company_id"),
])
def test_a_file_without_its_columns_is_refused(engine, content, message):
    with pytest.raises(InvalidInputError, match=message):
        check(engine, content)


def test_each_row_gets_its_own_problems(engine):
    rows = check(engine, f"{HEADER}\n"
                         "ghost,Crues,Débit,fr,\n"
                         "riverco,Crues,Débit,fr,8-3\n"
                         "riverco,,,de,\n"
                         "riverco,Crues,Débit,fr,2-4\n"
                         'riverco,"Crues\nsuite",Débit,fr,\n')
    assert [row.problems for row in rows] == [
        ("company_id: unknown company 'ghost'",),
        ("trl: TRL '8-3' is not valid: give a level or a range between 1 and 9, like '4' or '3-6'",),
        ("lang: Input should be 'fr' or 'en'", "title: is empty: write some text", "text: is empty: write some text"),
        (),
        ("title: must be one line, without line breaks or control characters",),
    ]
    assert [row.need is None for row in rows] == [True, True, True, False, True]


def test_rows_are_numbered_as_the_spreadsheet_shows_them(engine):
    # A blank line is a row of the spreadsheet; a quoted text over two lines is one row.
    rows = check(engine, f"{HEADER}\nriverco,A,Crues,fr,\n\nriverco,B,\"Crues\net débit\",fr,\nriverco,C,Débit,fr,\n")
    assert summary(rows) == [(2, "A", True), (4, "B", True), (5, "C", True)]
    rows = check(engine, xlsx([], ["company_id", "title", "text"], ["riverco", "A", "Crues"], [],
                              ["ghost", "B", "Débit"]), "needs.xlsx")
    assert [(row.number, row.problems) for row in rows] == [(3, ()), (5, ("company_id: unknown company 'ghost'",))]


def test_a_text_the_ranking_would_refuse_is_a_problem_of_its_row(engine):
    [row] = check(engine, f"{HEADER}\nriverco,Crues,{'crue ' * 2500},fr,\n")
    assert row.need is None and row.problems[0].startswith("text: the need is 12,499 characters long")


def test_too_many_rows(engine):
    at_most = f"{HEADER}\n" + "riverco,Crues,Débit,fr,\n" * tabular.MAX_ROWS
    assert len(check(engine, at_most)) == tabular.MAX_ROWS
    with pytest.raises(InvalidInputError, match=f"the file has 1,001 needs; at most {tabular.MAX_ROWS:,}"):
        check(engine, at_most + "riverco,Crues,Débit,fr,\n")


def test_a_cell_beyond_what_csv_reads_is_refused(engine):
    with pytest.raises(InvalidInputError, match="the CSV file cannot be read"):
        check(engine, f"{HEADER}\nriverco,Crues,{'x' * 200_000},fr,\n")


def test_checking_saves_nothing(engine):
    check(engine, f"{HEADER}\nriverco,Crues,Débit,fr,\n")
    assert [need.id for need in engine.store.needs()] == ["agribot-vision", "riverco-levels"]


@pytest.mark.parametrize("title, slug", [("Capteurs de crue (v2)", "capteurs-de-crue-v2"), ("  ", ""),
                                         ("Élévation — du niveau", "elevation-du-niveau")])
def test_slugify(title, slug):
    assert tabular.slugify(title) == slug
