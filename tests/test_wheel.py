"""An installed wheel finds its catalogue and its store without a checkout.

The wheel is built from a copy of the sources (so that the build leaves nothing in the
checkout) and installed into a fresh venv, offline: the venv reaches the dependencies of
the current one through a .pth file, a plain path, which Python does not scan for .pth
files of its own, so the checkout's editable install stays out of sight. The commands then
run from a folder outside the repository, with the user's data folder in a temporary place.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
# What a checkout holds besides the sources: environments, caches, local stores, build artefacts.
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "instance", "build", "dist", "*.egg-info", "__pycache__",
                                     ".hypothesis", ".pytest_cache", ".ipynb_checkpoints", "out", "screenshots")


def _run(*args, **kwargs):
    """Run a command; its output is shown when it fails."""
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture
def installed(tmp_path_factory):
    """``(venv, env)``: a venv holding only the built wheel, and the environment to run it in."""
    root = tmp_path_factory.mktemp("wheel")
    sources = root / "sources"
    shutil.copytree(PROJECT, sources, ignore=NOT_SOURCES)
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "--disable-pip-version-check", "-w", root / "dist", ".", cwd=sources)
    [wheel] = (root / "dist").glob("tandem_matcher-*.whl")
    venv = root / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    # pip runs under the new venv's interpreter (--python): the wheel goes there, and its
    # `matcher` script starts that interpreter. The dependencies' path is added afterwards, so that
    # pip does not see the checkout's editable install as already there.
    _run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--no-deps", "--quiet",
         "--disable-pip-version-check", wheel)
    [site_packages] = (venv / "lib").glob("python3*/site-packages")
    (site_packages / "tandem-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("TANDEM_") and key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(XDG_DATA_HOME=str(root / "user-data"), TANDEM_CACHE_DIR=os.environ["TANDEM_CACHE_DIR"])
    return venv, env


@pytest.mark.slow
def test_the_installed_wheel_imports_its_catalogue_and_ranks_labs(installed, tmp_path):
    venv, env = installed
    matcher = venv / "bin" / "matcher"
    where = _run(venv / "bin" / "python", "-c", "import matcher; print(matcher.__file__)", cwd=tmp_path, env=env)
    assert Path(where.strip()).is_relative_to(venv), where  # the wheel's copy, not the checkout
    assert matcher.read_text(encoding="utf-8").splitlines()[0] == f"#!{venv / 'bin' / 'python'}"

    store = Path(env["XDG_DATA_HOME"]) / "tandem" / "tandem.sqlite3"  # the user's data folder
    upgraded = _run(matcher, "db", "upgrade", cwd=tmp_path, env=env)
    assert upgraded == f"sqlite:///{store}: schema created at migration 0003 (the latest)\n"
    imported = _run(matcher, "import", cwd=tmp_path, env=env)
    shipped = len(list((venv / "share" / "tandem" / "data" / "labs").glob("*.yaml")))
    assert shipped >= 6 and re.search(r"^labs: [1-9]\d* added, 0 updated, 0 unchanged$", imported, re.M), imported
    assert "schemes: 18 entries (changed)" in imported

    [ranked] = json.loads(_run(matcher, "match", "capteurs de crue", "--top", "3", "--json", cwd=tmp_path, env=env))
    labs = {lab["id"] for lab in json.loads(_run(matcher, "labs", "--json", cwd=tmp_path, env=env))}
    assert len(ranked["matches"]) == 3 and {m["lab_id"] for m in ranked["matches"]} <= labs, ranked
    assert sorted(tmp_path.iterdir()) == []  # nothing written where the commands ran
