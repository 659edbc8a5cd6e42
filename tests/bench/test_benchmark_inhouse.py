"""benchmarks/inhouse.py reproduces the figures of benchmarks/results/inhouse.json.

The results file names the lab files it was measured on. Profiles keep being added to
data/labs/ (and the evaluation needs gain judgements of them, marked "pooled"); they change
the ranking, as they should, until `make bench` records new figures. So the rerun here is
on a copy of the catalogue as it was measured: the recorded lab files only, the directory
and the glossary, and the evaluation needs with their judgements of those labs only. Any
other change (scoring, analysis, glossary, directory) that moves a figure fails the test.
"""

import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "results" / "inhouse.json"

sys.path.insert(0, str(ROOT / "benchmarks"))
import inhouse  # noqa: E402  (a script of benchmarks/, not a package)

from matcher.catalogue.reader import load_catalog  # noqa: E402

pytestmark = pytest.mark.slow  # ranks the whole shipped catalogue (651 labs) for 72 needs


def recorded_catalogue(recorded, target):
    """A copy of data/ as the results file was measured on (what inhouse.py reads of it)."""
    (target / "labs").mkdir(parents=True)
    for name in recorded["catalogue"]["lab_files"]:
        shutil.copy(ROOT / "data" / "labs" / name, target / "labs" / name)
    shutil.copytree(ROOT / "data" / "directory", target / "directory")
    shutil.copy(ROOT / "data" / "glossary.yaml", target / "glossary.yaml")
    labs = {lab.id for lab in load_catalog(target).labs}
    (target / "eval").mkdir()
    for name in inhouse.PARTS.values():
        source = ROOT / "data" / "eval" / name
        if source.exists():
            needs = yaml.safe_load(source.read_text(encoding="utf-8"))
            for need in needs:
                need["relevant"] = {lab: grade for lab, grade in need["relevant"].items() if lab in labs}
            (target / "eval" / name).write_text(yaml.safe_dump(needs, allow_unicode=True), encoding="utf-8")
    return target


def test_inhouse_benchmark_gives_the_recorded_figures(tmp_path):
    recorded = json.loads(RESULTS.read_text(encoding="utf-8"))
    data = recorded_catalogue(recorded, tmp_path / "data")
    inhouse.main(["--data", str(data), "--json", str(tmp_path / "inhouse.json")])
    rerun = json.loads((tmp_path / "inhouse.json").read_text(encoding="utf-8"))
    assert rerun["catalogue"] == recorded["catalogue"]
    assert [(row.get("part"), row["split"], row["lang"]) for row in rerun["figures"]] == \
        [(row.get("part"), row["split"], row["lang"]) for row in recorded["figures"]]
    for new, old in zip(rerun["figures"], recorded["figures"]):
        assert new == pytest.approx(old, abs=1e-9), (
            "benchmarks/inhouse.py no longer gives the figures of benchmarks/results/inhouse.json on the "
            "catalogue it names; a deliberate change is recorded with `make bench` (and benchmarks/README.md)")
