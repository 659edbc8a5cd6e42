"""The speed-at-scale benchmark: its synthetic corpus and one small end-to-end run."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import speed_scale  # noqa: E402

from matcher.catalogue.reader import load_catalog  # noqa: E402

pytestmark = pytest.mark.slow  # each test reads the whole catalogue and builds a corpus of it


def test_synthetic_profiles_are_seeded_and_made_of_real_sentences():
    catalog = load_catalog(speed_scale.ROOT / "data")
    profiles = speed_scale.synthetic_profiles(catalog, 200, seed=3)
    assert profiles == speed_scale.synthetic_profiles(catalog, 200, seed=3)
    assert profiles != speed_scale.synthetic_profiles(catalog, 200, seed=4)
    real_sizes = {len(lab.profile()) for lab in catalog.labs}
    assert {len(p) for p in profiles} <= real_sizes and all(all(d.strip() for d in p) for p in profiles)
    real_text = " ".join(text for lab in catalog.labs for _, text in lab.profile())
    first_sentence = speed_scale._SENTENCE.split(profiles[0][0])[0]
    assert first_sentence in real_text


def test_a_small_run_prints_the_table_and_saves_every_figure(tmp_path, capsys):
    output = tmp_path / "speed.json"
    speed_scale.main(["--sizes", "40", "--needs", "3", "--systems", "tandem", "sklearn", "--json", str(output)])
    assert "| 40 | " in capsys.readouterr().out
    saved = json.loads(output.read_text())
    [row] = saved["results"]
    assert row["profiles"] == 40 and row["needs"] == 3
    for system in ("tandem", "sklearn"):
        assert len(row[system]["latencies_s"]) == 3 and row[system]["build_s"] > 0
        assert all(len(top) <= speed_scale.TOP for top in row[system]["tops"])
