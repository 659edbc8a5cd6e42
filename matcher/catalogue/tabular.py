"""Needs from a spreadsheet (CSV or Excel): every row checked, every problem named with its row.

Columns (header names, any order, case-insensitive): ``company_id``, ``title``, ``text``,
and optionally ``lang`` (fr or en; fr when empty) and ``trl`` ("4" or "3-6"). Rows are
numbered as a spreadsheet shows them (blank rows count; the header is usually row 1).
"""

import csv
import dataclasses
import io
import re
import zipfile
from collections.abc import Callable, Collection, Iterable, Sequence

from ..errors import DataError, InvalidInputError
from ..records.base import fold
from ..records.catalogue import Need, parse_trl

COLUMNS = ("company_id", "title", "text", "lang", "trl")
REQUIRED = ("company_id", "title", "text")
MAX_ROWS = 1000
FORMATS = ".csv (UTF-8, comma or semicolon) or .xlsx"


@dataclasses.dataclass(frozen=True)
class Row:
    """A spreadsheet row, read: its number, its cells by column, and a valid need or its problems."""

    number: int
    values: dict[str, str]
    need: Need | None
    problems: tuple[str, ...]


def read_table(filename: str | None, content: bytes, columns: Sequence[str] = COLUMNS,
               required: Sequence[str] = REQUIRED, noun: str = "need") -> list[tuple[int, dict[str, str]]]:
    """The rows of an uploaded file as ``(row number, dict keyed by lowercased header)``, blank rows left out.

    Row numbers are the spreadsheet's: blank rows still count, the header is the first row written.
    ``columns`` are the accepted headers, ``required`` those that must be there, ``noun`` what a row is.
    """
    name = (filename or "").lower()
    if name.endswith(".csv"):
        table = _csv_rows(content)
    elif name.endswith(".xlsx"):
        table = _xlsx_rows(content)
    else:
        raise InvalidInputError(f"{filename or 'the file'!r} is not a spreadsheet Tandem reads: send {FORMATS}")
    table = [(number, row) for number, row in enumerate(table, start=1) if any(cell.strip() for cell in row)]
    if not table:
        raise InvalidInputError("the file is empty: the first row names the columns, "
                                f"then one {noun} a row ({', '.join(columns)})")
    header = [cell.strip().lower() for cell in table[0][1]]
    missing = [column for column in required if column not in header]
    if missing:
        raise InvalidInputError(f"the first row must name the columns; missing: {', '.join(missing)} "
                                f"(accepted: {', '.join(columns)})")
    if len(table) - 1 > MAX_ROWS:
        raise InvalidInputError(f"the file has {len(table) - 1:,} {noun}s; at most {MAX_ROWS:,} are accepted at once")
    return [(number, dict(zip(header, (cell.strip() for cell in row)))) for number, row in table[1:]]


def check_rows(rows: Iterable[tuple[int, dict[str, str]]], company_ids: Collection[str], slug: Callable[[str], str],
               check_text: Callable[[str], object]) -> list[Row]:
    """Each ``(number, values)`` row as a :class:`Row`: a valid need (id made by ``slug(title)``) or its problems.

    ``check_text`` is the ranking's rule on a need's text (raises InvalidInputError), given by
    the caller so that reading a file does not depend on the ranking.
    """
    checked = []
    for number, values in rows:
        values = {column: values.get(column, "") for column in COLUMNS}
        problems = []
        if values["company_id"] and values["company_id"] not in company_ids:
            problems.append(f"company_id: unknown company {values['company_id']!r}")
        if values["text"]:  # an empty text is the record's problem, named below
            try:
                check_text(values["text"])  # what the ranking refuses at saving time (too long, binary)
            except InvalidInputError as error:
                problems.append(f"text: {error}")
        data = {"id": slug(values["title"]) or "need", "company_id": values["company_id"], "title": values["title"],
                "text": values["text"], "lang": values["lang"].lower() or "fr"}
        if values["trl"]:
            try:
                data["trl"] = parse_trl(values["trl"])
            except InvalidInputError as error:
                problems.append(f"trl: {error}")
        need = None
        try:
            need = Need.from_dict(data)
        except DataError as error:
            problems += [str(problem) for problem in error.problems if problem.where != "id"]
        checked.append(Row(number, values, None if problems else need, tuple(problems)))
    return checked


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInputError("the CSV file is not UTF-8 text: save it as 'CSV UTF-8'") from None
    header = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:  # a cell beyond the csv module's size limit, a NUL byte
        raise InvalidInputError(f"the CSV file cannot be read ({error}): save it again as 'CSV UTF-8'") from None


def _xlsx_rows(content: bytes) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InvalidInputError("the file is not a readable .xlsx workbook: save it from Excel or LibreOffice "
                                "as .xlsx") from None
    sheet = book.worksheets[0]
    return [["" if cell is None else _cell(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def _cell(value: object) -> str:
    # Excel stores "4" typed in a TRL column as the number 4.0.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def slugify(text: str | None, limit: int = 50) -> str:
    """``'Capteurs de crue (v2)'`` -> ``'capteurs-de-crue-v2'``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text or "")).strip("-")[:limit].strip("-")
