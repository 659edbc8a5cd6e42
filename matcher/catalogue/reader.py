"""Reading a catalogue folder (``data/``) into validated records.

Every problem is collected before anything is returned, each located as
``file: item N (id=...): field: problem``, so that one run of
``matcher check-data`` lists all there is to fix.
"""

import csv
import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ..errors import DataError
from ..records.base import Record
from ..records.catalogue import Collaboration, Company, Lab, Need, collaboration_problems
from ..records.schemes import Scheme

DIRECTORY_GLOB = "directory/*.csv"
DIRECTORY_COLUMNS = ("rnsr_id", "sigle", "libelle", "commune", "departement", "region", "tutelles",
                     "sigles_des_tutelles", "domaine_scientifique", "panel_erc", "site_web")
R = TypeVar("R", bound=Record)


@dataclasses.dataclass(frozen=True)
class Catalog:
    """The content of a catalogue folder: labs (detailed and directory), companies, needs, glossary, schemes,
    collaborations."""

    labs: tuple[Lab, ...]
    companies: tuple[Company, ...] = ()
    needs: tuple[Need, ...] = ()
    glossary: tuple[dict[str, list[str]], ...] = ()
    schemes: tuple[Scheme, ...] = ()
    collaborations: tuple[Collaboration, ...] = ()

    def lab(self, lab_id: str) -> Lab:
        """The lab of id ``lab_id`` (StopIteration when there is none: callers ask for ids they read here)."""
        return next(lab for lab in self.labs if lab.id == lab_id)

    @property
    def detailed_labs(self) -> tuple[Lab, ...]:
        """The labs with a full profile, the directory's thin entries left out."""
        return tuple(lab for lab in self.labs if lab.detailed)


class _Problems(list):
    def add(self, where: str | Path, problem: str) -> None:
        self.append(f"{where}: {problem}")


def load_catalog(path: str | Path) -> Catalog:
    """Read and validate a catalogue folder; raise :class:`DataError` listing every problem."""
    root = Path(path)
    if not root.is_dir():
        raise DataError([f"{root}: not a folder (give the catalogue folder, e.g. data/)"])
    problems = _Problems()
    detailed = []  # labs first: other files refer to them
    lab_files = {}  # lab id -> the file that describes it, to name it when a company takes the id
    for file in sorted(root.glob("labs/*.yaml")):
        found = _records(root, file, Lab, problems)
        lab_files.update({lab.id: _rel(root, file) for lab in found})
        detailed += found
    directory = []
    for file in sorted(root.glob(DIRECTORY_GLOB)):
        found = _directory_entries(root, file, problems)
        lab_files.update({lab.id: _rel(root, file) for lab in found if lab.id not in lab_files})
        directory += found
    if not detailed and not directory:
        problems.add(root, "no labs found: expected labs/*.yaml or directory/*.csv")
    _check_departments(detailed, directory, lab_files, problems)
    labs = _merge(detailed, directory)
    labs_ok = not problems
    before = len(problems)
    companies = _records(root, root / "companies.yaml", Company, problems, optional=True)
    companies_ok = len(problems) == before
    needs = _records(root, root / "needs.yaml", Need, problems, optional=True)
    glossary = _glossary(root, root / "glossary.yaml", problems)
    schemes = _records(root, root / "schemes.yaml", Scheme, problems, optional=True)
    collaborations = _records(root, root / "collaborations.yaml", Collaboration, problems, optional=True)
    _check_unique(root, "labs", labs, problems)
    _check_unique(root, "schemes.yaml", schemes, problems)
    _check_unique(root, "companies.yaml", companies, problems)
    companies_ok = _check_apart(root, companies, lab_files, problems) and companies_ok
    _check_unique(root, "needs.yaml", needs, problems)
    _check_unique(root, "collaborations.yaml", collaborations, problems)
    if labs_ok and companies_ok:  # otherwise the endpoints cannot be told apart yet
        _check_collaborations(root, collaborations, labs, companies, schemes, problems)
    known = {company.id for company in companies}
    for number, need in enumerate(needs if companies_ok else (), 1):
        if need.company_id not in known:
            problems.add(f"{_rel(root, root / 'needs.yaml')}: item {number} (id={need.id})",
                         f"company_id: {need.company_id!r} is not a company of companies.yaml")
    if problems:
        raise DataError(problems)
    return Catalog(tuple(labs), tuple(companies), tuple(needs), tuple(glossary), tuple(schemes),
                   tuple(collaborations))


def _check_collaborations(root: Path, collaborations: Iterable[Collaboration], labs: Iterable[Lab],
                          companies: Iterable[Company], schemes: Iterable[Scheme], problems: _Problems) -> None:
    kinds = {lab.id: "lab" for lab in labs} | {company.id: "company" for company in companies}
    seen = set()
    for number, collaboration in enumerate(collaborations, 1):
        where = f"{_rel(root, root / 'collaborations.yaml')}: item {number} (id={collaboration.id})"
        for problem in collaboration_problems(collaboration, kinds, seen, {s.id for s in schemes}):
            problems.add(where, problem)
        seen.add(collaboration.key)


def _rel(root: Path, file: Path) -> str:
    try:
        return str(file.relative_to(root.parent))
    except ValueError:
        return str(file)


def _read_yaml(root: Path, file: Path, problems: _Problems) -> Any:
    try:
        with file.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problems.add(_rel(root, file), f"{where}YAML syntax error: {error.problem}")
    except yaml.YAMLError as error:
        problems.add(_rel(root, file), f"YAML error: {error}")
    except UnicodeDecodeError:
        problems.add(_rel(root, file), "not UTF-8 text: save the file as UTF-8")
    return None


def _records(root: Path, file: Path, cls: type[R], problems: _Problems, optional: bool = False) -> list[R]:
    if not file.exists():
        if not optional:
            problems.add(_rel(root, file), "file not found")
        return []
    items = _read_yaml(root, file, problems)
    if items is None:
        return []
    if not isinstance(items, list):
        problems.add(_rel(root, file), f"the file must hold a YAML list of items, not a {type(items).__name__}")
        return []
    records = []
    for number, item in enumerate(items, 1):
        ident = item.get("id") if isinstance(item, dict) else None
        where = f"{_rel(root, file)}: item {number} (id={ident})"
        try:
            records.append(cls.from_dict(item))
        except DataError as error:
            for problem in error.problems:
                problems.add(where, str(problem))
    return records


def _glossary(root: Path, file: Path, problems: _Problems) -> list[dict[str, list[str]]]:
    if not file.exists():
        return []
    entries = _read_yaml(root, file, problems) or []
    if not isinstance(entries, list):
        problems.add(_rel(root, file), "the glossary must be a YAML list of {fr: [...], en: [...]} entries")
        return []
    good = []
    for number, entry in enumerate(entries, 1):
        ok = (isinstance(entry, dict) and set(entry) == {"fr", "en"}
              and all(isinstance(v, list) and v and all(isinstance(t, str) and t.strip() for t in v)
                      for v in entry.values()))
        if ok:
            good.append({"fr": list(entry["fr"]), "en": list(entry["en"])})
        else:
            problems.add(f"{_rel(root, file)}: item {number}",
                         "an entry must be {fr: [terms], en: [terms]} with at least one term on each side")
    return good


def _directory_entries(root: Path, file: Path, problems: _Problems) -> list[Lab]:
    """Thin lab entries from an RNSR extract (``;``-joined multi-valued cells)."""
    try:
        with file.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except UnicodeDecodeError:
        problems.add(_rel(root, file), "not UTF-8 text: save the file as UTF-8")
        return []
    missing = [c for c in DIRECTORY_COLUMNS if rows and c not in rows[0]]
    if missing:
        problems.add(_rel(root, file), f"missing columns {', '.join(missing)} (see data/README.md)")
        return []
    entries = []
    for number, row in enumerate(rows, 1):
        rnsr_id = row["rnsr_id"].strip()
        where = f"{_rel(root, file)}: row {number} (id=rnsr-{rnsr_id.lower()})"
        name = _readable(row["libelle"])
        domains = tuple(d for d in row["domaine_scientifique"].split(";") if d)
        text = ". ".join(part for part in (
            f"{name} ({row['sigle']})" if row["sigle"] else name,
            f"Domaine : {', '.join(domains)}" if domains else "",
            f"ERC : {row['panel_erc']}" if row["panel_erc"] else "",
            f"Tutelles : {row['tutelles'].replace(';', ', ')}" if row["tutelles"] else "",
        ) if part)
        try:
            entries.append(Lab.from_dict({
                "id": f"rnsr-{rnsr_id.lower()}",
                "acronym": row["sigle"].strip("() ") or row.get("label_numero") or name[:40],
                "name": name,
                "rnsr_id": rnsr_id,
                "label": row.get("label_numero") or None,
                "parents": [p for p in row["sigles_des_tutelles"].split(";") if p],
                "city": _city(row["commune"]),
                "department": row["departement"],
                "region": row["region"],
                "domains": domains,
                "erc_panel": row["panel_erc"] or None,
                "website": row["site_web"] or None,
                "documents": [{"kind": "description", "title": name, "lang": "fr", "text": text}],
                "sources": [{"title": "RNSR (Source : MESR – RNSR)",
                             "url": row.get("fiche_rnsr") or "https://data.enseignementsup-recherche.gouv.fr"}],
                "detailed": False,
            }))
        except DataError as error:
            for problem in error.problems:
                problems.add(where, str(problem))
    return entries


def _readable(name: str) -> str:
    """RNSR names are often in capitals: ``'LABORATOIRE DE GENIE CHIMIQUE'`` -> ``'Laboratoire de genie chimique'``."""
    name = " ".join(name.split())
    return name[:1] + name[1:].lower() if name.isupper() else name


def _city(commune: str) -> str:
    city = re.sub(r"\s+CEDEX.*$", "", commune.strip(), flags=re.IGNORECASE)
    return city.title() if city.isupper() else city


def _merge(detailed: Sequence[Lab], directory: Sequence[Lab]) -> list[Lab]:
    """One lab, one entry: a detailed profile replaces the directory entry with its RNSR id, and
    takes the entries of its departments in as team documents (their directory text, named by
    the department, so that a match through one names it)."""
    by_rnsr = {lab.rnsr_id: lab for lab in directory}
    merged = []
    for lab in detailed:
        entry = by_rnsr.pop(lab.rnsr_id, None) if lab.rnsr_id else None
        if entry is not None and lab.erc_panel is None and entry.erc_panel:
            lab = dataclasses.replace(lab, erc_panel=entry.erc_panel)
        departments = [by_rnsr.pop(rnsr_id) for rnsr_id in lab.departments if rnsr_id in by_rnsr]
        if departments:
            teams = tuple(dataclasses.replace(d.documents[0], kind="team", title=f"{d.name} ({d.acronym})")
                          for d in departments)
            lab = dataclasses.replace(lab, documents=lab.documents + teams,
                                      sources=lab.sources + tuple(s for d in departments for s in d.sources))
        merged.append(lab)
    kept = {lab.rnsr_id for lab in by_rnsr.values()}
    return merged + [lab for lab in directory if lab.rnsr_id in kept]


def _check_departments(detailed: Sequence[Lab], directory: Sequence[Lab], lab_files: Mapping[str, str],
                       problems: _Problems) -> None:
    """A lab's departments are directory entries, each the department of one lab only."""
    known = {lab.rnsr_id for lab in directory}
    taken = {}
    for lab in detailed:
        for rnsr_id in lab.departments:
            where = f"{lab_files.get(lab.id, 'labs')}: id={lab.id}"
            if rnsr_id not in known:
                problems.add(where, f"departments: {rnsr_id!r} is not an RNSR id of the directory")
            elif rnsr_id in taken:
                problems.add(where, f"departments: {rnsr_id!r} is already a department of {taken[rnsr_id]!r}")
            taken.setdefault(rnsr_id, lab.id)


def _check_apart(root: Path, companies: Iterable[Company], lab_files: Mapping[str, str], problems: _Problems) -> bool:
    """A company may not take a lab's id: the graph and every page tell organisations apart by id."""
    clashes = [(number, company) for number, company in enumerate(companies, 1) if company.id in lab_files]
    for number, company in clashes:
        problems.add(f"{_rel(root, root / 'companies.yaml')}: item {number} (id={company.id})",
                     f"id: {company.id!r} is already a lab (file {lab_files[company.id]})")
    return not clashes


def _check_unique(root: Path, where: str, records: Iterable[Lab | Company | Need | Scheme | Collaboration],
                  problems: _Problems) -> None:
    seen = set()
    for record in records:
        if record.id in seen:
            problems.add(where, f"duplicate id {record.id!r}: each id must be unique")
        seen.add(record.id)
