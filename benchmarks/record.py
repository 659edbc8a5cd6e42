"""What a benchmark's results file says about the catalogue it was measured on.

Profiles are added to data/ over time, and every figure depends on them: a results file
names the lab files, and counts the labs and needs, so that a rerun can be made on the
same catalogue and compared (tests/bench/test_benchmark_inhouse.py).
"""

import json
from pathlib import Path


def measured_on(data, catalog, needs):
    """The catalogue of a run: its lab files, its labs (all, detailed) and the evaluation needs."""
    return {"lab_files": sorted(path.name for path in (Path(data) / "labs").glob("*.yaml")),
            "labs": len(catalog.labs), "detailed_labs": len(catalog.detailed_labs), "needs": len(needs)}


def write(path, catalogue, figures):
    """Write ``{"catalogue": ..., "figures": ...}`` to ``path`` as indented JSON."""
    Path(path).write_text(json.dumps({"catalogue": catalogue, "figures": figures}, indent=1) + "\n", encoding="utf-8")
