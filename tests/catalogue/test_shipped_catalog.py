"""The catalogue shipped in data/: complete, valid, and ranking well on needs a person can check."""

import csv
from pathlib import Path

import pytest

from matcher.catalogue.reader import load_catalog
from matcher.matching.ranking import LabRanker

DATA = Path(__file__).resolve().parents[2] / "data"
REQUIRED = [
    "LAAS", "ANITI", "IRIT", "TBI", "IMFT", "LAPLACE", "CIRIMAT", "LGC", "CESBIO", "IRAP", "ICA", "CEMES", "LCC",
    "ONERA-Toulouse", "LIRMM", "ICGM", "IEM", "ICSM", "IES", "LMGC", "HSM", "TETIS", "ITAP", "LBE", "PROMES", "IATE",
    "CEA-Leti", "CEA-Liten", "Institut Néel", "LGP2", "LIG", "GIPSA-lab", "G2Elab", "TIMA", "Inria-Grenoble", "Ampère",
    "LIRIS", "INL", "MATEIS", "CREATIS", "Institut Pascal", "LIMOS", "IGE", "TIMC", "SIMaP", "LEPMI",
]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DATA)


@pytest.fixture(scope="module")
def ranker(catalog, tmp_path_factory):
    return LabRanker(catalog.labs, glossary=list(catalog.glossary), cache_dir=tmp_path_factory.mktemp("cache"))


def test_the_46_labs_have_detailed_bilingual_profiles(catalog):
    detailed = {lab.acronym: lab for lab in catalog.detailed_labs}
    assert sorted(set(REQUIRED) - set(detailed)) == []
    for acronym in REQUIRED:
        lab = detailed[acronym]
        assert len(lab.documents) >= 4, lab.acronym
        assert {d.lang for d in lab.documents} == {"fr", "en"}, lab.acronym
        assert {d.kind for d in lab.documents} >= {"description"}, lab.acronym
        assert lab.sources and lab.trl and lab.keywords.fr and lab.keywords.en, lab.acronym


def test_every_detailed_profile_is_described_in_both_languages_with_dated_sources(catalog):
    # Profiles added from data/labs/new-*.yaml: a description in French and one in English, keywords in
    # both, sources; a TRL range only where a source gives one. The 46 above keep their stricter test.
    for lab in catalog.detailed_labs:
        assert {(d.kind, d.lang) for d in lab.documents} >= {("description", "fr"), ("description", "en")} \
            or lab.acronym in REQUIRED, lab.acronym
        assert lab.sources and lab.keywords.fr and lab.keywords.en, lab.acronym
        if lab.acronym not in REQUIRED:
            assert all(source.confidence for source in lab.sources), lab.acronym


def test_every_rnsr_unit_is_one_entry(catalog):
    with (DATA / "directory" / "rnsr_labs_occitanie_aura_2022.csv").open(encoding="utf-8") as handle:
        units = [row["rnsr_id"] for row in csv.DictReader(handle)]
    assert len(units) == 648
    listed = [lab.rnsr_id for lab in catalog.labs if lab.rnsr_id in set(units)]
    departments = [rnsr_id for lab in catalog.labs for rnsr_id in lab.departments]
    # Each unit once: as a detailed profile, a directory entry, or a department (team) of a profile.
    assert sorted(listed + departments) == sorted(units)


def test_the_cea_departments_are_teams_of_their_institute(catalog):
    teams = {lab.id: [d.title for d in lab.documents if d.kind == "team" and d.title.endswith(")")]
             for lab in catalog.labs if lab.departments}
    assert sorted(teams) == ["cea-leti", "cea-liten"]
    assert [title.rsplit("(", 1)[1] for title in teams["cea-leti"]][-5:] == ["DCOS)", "DOPT)", "DSYS)", "DPFT)", "DTBS)"]
    assert [title.rsplit("(", 1)[1] for title in teams["cea-liten"]][-4:] == ["DEHT)", "DTBH)", "DTNM)", "DTS)"]


def test_companies_and_needs(catalog):
    smes = [c for c in catalog.companies if c.size_class in ("micro", "small", "medium")]
    assert len(smes) >= 15 and {"vortex-io", "numalis"} <= {c.id for c in catalog.companies}
    assert len(catalog.needs) >= 30
    assert {n.lang for n in catalog.needs} == {"fr", "en"}


@pytest.mark.parametrize("need, expected", [
    # LEGOS, described since the catalogue grew, is the satellite-altimetry lab of Toulouse.
    ("Nous voulons surveiller le niveau des rivières par altimétrie satellite et prévoir les crues.", {"legos", "hsm"}),
    ("Certify the robustness of neural networks used in safety-critical avionics.", {"aniti"}),
    ("Batteries lithium : vieillissement des cellules et recyclage des matériaux d'électrode.", {"cea-liten"}),
    ("Weeding robot that navigates between vine rows", {"laas"}),
])
def test_rankings_a_person_can_check(ranker, need, expected):
    [matches] = ranker.rank([need], top=5)
    assert expected <= {m.lab_id for m in matches}


# Verdicts a funding advisor signed, on the shipped schemes (data/schemes.yaml), on 2026-11-21.
ADVISED = {
    ("vortex-io", "cesbio"): {
        "possibly_eligible": ["readynov", "contrat-innovation", "startup-industrie-demain", "cifre", "labcom", "cir",
                              "cico", "cii", "jei", "i-nov", "eic-accelerator"],
        "not_eligible": ["easytech", "easypoc", "easyindus", "rd-booster", "pactes-recherche", "i-lab", "eurostars"],
    },
    ("numalis", "aniti"): {
        "possibly_eligible": ["readynov", "contrat-innovation", "cifre", "labcom", "cir", "cico", "cii", "jei", "i-nov",
                              "eic-accelerator"],
        "not_eligible": ["easytech", "easypoc", "easyindus", "rd-booster", "pactes-recherche",
                         "startup-industrie-demain", "i-lab", "eurostars"],
    },
}


@pytest.mark.parametrize("company_id, lab_id", sorted(ADVISED))
def test_scheme_verdicts_for_the_reference_pairs(catalog, company_id, lab_id):
    import datetime

    from matcher.eligibility.criteria import Case
    from matcher.eligibility.schemes import company_facts, evaluate_all

    company = company_facts(next(c for c in catalog.companies if c.id == company_id))
    case = Case(company, (catalog.lab(lab_id),), today=datetime.date(2026, 11, 21))
    verdicts = {v.scheme_id: v for v in evaluate_all(catalog.schemes, case)}
    found = {}
    for scheme_id, verdict in verdicts.items():
        found.setdefault(verdict.verdict, []).append(scheme_id)
    assert {k: sorted(v) for k, v in found.items()} == {k: sorted(v) for k, v in ADVISED[company_id, lab_id].items()}
    # The reasons a manager reads for the failures.
    easytech = [c.missing["en"] for c in verdicts["easytech"].criteria if c.status == "fail"]
    assert easytech == ["the seat or an establishment carrying the project must be in Auvergne-Rhône-Alpes",
                        "the partner must be a CEA institute (CEA-Leti, CEA-Liten, CEA-List…)"]
    assert [c.missing["en"] for c in verdicts["eurostars"].criteria if c.status == "fail"] == \
        ["add a partner from another country (at least 2 countries)"]


def test_every_scheme_of_the_issue_is_there_with_dated_sources(catalog):
    ids = {s.id for s in catalog.schemes}
    assert ids == {"easytech", "easypoc", "easyindus", "rd-booster", "pactes-recherche", "readynov",
                   "contrat-innovation", "startup-industrie-demain", "cifre", "labcom", "cir", "cico", "cii", "jei",
                   "i-nov", "i-lab", "eurostars", "eic-accelerator"}
    for scheme in catalog.schemes:
        assert scheme.rules_read in {s.date for s in scheme.sources}, scheme.id  # never a guessed date


def test_collaborations_are_sourced_and_dated_enough_for_the_benchmark(catalog):
    collaborations = catalog.collaborations
    assert len(collaborations) >= 60
    assert all(c.sources for c in collaborations)
    assert sum(c.years is not None for c in collaborations) >= 60
    assert {c.kind for c in collaborations} >= {"joint_lab", "project", "spinoff", "contract", "lab_link"}


@pytest.mark.slow  # imports the whole catalogue into a store, then schedules
def test_the_example_event_schedules_on_the_shipped_catalogue(tmp_path):
    """data/events/ shows animators the file: it must stay valid against the catalogue it names."""
    from matcher.engine import Engine
    from matcher.events.plan import schedule_event
    from matcher.events.service import load_event_file
    from matcher.settings import Settings

    engine = Engine(Settings(database_url=f"sqlite:///{tmp_path / 'store.sqlite3'}", cache_dir=tmp_path / "cache"))
    engine.import_catalog(DATA)
    for path in sorted((DATA / "events").glob("*.yaml")):
        event = load_event_file(path)
        engine.events.check(event)
        schedule = schedule_event(event, engine.events.roster(event))
        assert schedule.meetings and schedule.gap < 0.01 and not schedule.without_meeting, path.name
