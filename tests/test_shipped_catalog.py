"""The catalogue shipped in data/: complete, valid, and ranking well on needs a person can check."""

import csv
from pathlib import Path

import pytest

from matcher.catalog import load_catalog
from matcher.ranking import LabRanker

DATA = Path(__file__).resolve().parent.parent / "data"
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
    for lab in detailed.values():
        assert len(lab.documents) >= 4, lab.acronym
        assert {d.lang for d in lab.documents} == {"fr", "en"}, lab.acronym
        assert {d.kind for d in lab.documents} >= {"description"}, lab.acronym
        assert lab.sources and lab.trl and lab.keywords.fr and lab.keywords.en, lab.acronym


def test_every_rnsr_unit_is_one_entry(catalog):
    with (DATA / "directory" / "rnsr_labs_occitanie_aura_2022.csv").open(encoding="utf-8") as handle:
        units = [row["rnsr_id"] for row in csv.DictReader(handle)]
    assert len(units) == 648
    listed = [lab.rnsr_id for lab in catalog.labs if lab.rnsr_id in set(units)]
    assert sorted(listed) == sorted(units)  # each unit once: as a detailed profile or as a directory entry


def test_companies_and_needs(catalog):
    smes = [c for c in catalog.companies if c.size_class in ("micro", "small", "medium")]
    assert len(smes) >= 15 and {"vortex-io", "numalis"} <= {c.id for c in catalog.companies}
    assert len(catalog.needs) >= 30
    assert {n.lang for n in catalog.needs} == {"fr", "en"}


@pytest.mark.parametrize("need, expected", [
    ("Nous voulons surveiller le niveau des rivières par altimétrie satellite et prévoir les crues.", {"cesbio", "hsm"}),
    ("Certify the robustness of neural networks used in safety-critical avionics.", {"aniti"}),
    ("Batteries lithium : vieillissement des cellules et recyclage des matériaux d'électrode.", {"cea-liten"}),
    ("Weeding robot that navigates between vine rows", {"laas"}),
])
def test_rankings_a_person_can_check(ranker, need, expected):
    [matches] = ranker.rank([need], top=5)
    assert expected <= {m.lab_id for m in matches}
