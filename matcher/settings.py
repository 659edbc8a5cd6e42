"""Tandem's settings: the documented ``TANDEM_*`` keys, read in one place.

The defaults find the catalogue and the instance folder both in a checkout (``data/`` and
``instance/`` beside the package) and in an installed wheel (the catalogue installed under
``<prefix>/share/tandem/data``, the instance folder in the user's data folder).
"""

import os
import sysconfig
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InvalidInputError

# The sentence-transformers model of the sbert and hybrid embedders when none is named.
DEFAULT_MODEL = "paraphrase-multilingual-MiniLM-L12-v2"

PROJECT_ROOT = Path(__file__).resolve().parent.parent  # the checkout, or site-packages when installed

# Configuration keys, read from the environment (or from a Flask config of the same names).
SETTINGS = {
    "TANDEM_DATABASE_URL": "SQLAlchemy URL of the store (default: SQLite file instance/tandem.sqlite3 in a "
                           "checkout, else tandem.sqlite3 in $XDG_DATA_HOME/tandem or ~/.local/share/tandem)",
    "TANDEM_DATA_DIR": "catalogue folder imported by 'matcher import' without a path (default: data/ in a "
                       "checkout, else the catalogue installed with the package, <prefix>/share/tandem/data)",
    "TANDEM_CACHE_DIR": "folder of cached fitted models (default: ~/.cache/tandem)",
    "TANDEM_EMBEDDER": "embedder used for ranking: tfidf, sbert or hybrid (default: tfidf)",
    "TANDEM_SBERT_MODEL": f"sbert and hybrid: folder of a sentence-transformers model, or a name in the "
                          f"Hugging Face cache (default: {DEFAULT_MODEL})",
    "TANDEM_HYBRID_WEIGHT": "hybrid: share of TF-IDF in the similarity, 0 to 1 (default: 0.5)",
    "TANDEM_GRAPH_WEIGHT": "share of the collaboration graph in a company's ranking, 0 to 1 (default: 0, off; "
                           "benchmarks/README.md)",
}


def in_checkout() -> bool:
    """Whether this package runs from a checkout of the repository (its data/ beside the package,
    with the labs), rather than from an installed wheel."""
    return (PROJECT_ROOT / "data" / "labs").is_dir()


def default_data_dir() -> Path:
    """The shipped catalogue: the checkout's data/, or the copy installed with the wheel."""
    if in_checkout():
        return PROJECT_ROOT / "data"
    return Path(sysconfig.get_path("data")) / "share" / "tandem" / "data"


def default_database_url() -> str:
    """An SQLite file in the checkout's instance/ folder, or in the user's data folder for an
    installed package (the store creates the folder when it opens)."""
    if in_checkout():
        folder = PROJECT_ROOT / "instance"
    else:
        folder = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "tandem"
    return f"sqlite:///{folder / 'tandem.sqlite3'}"


@dataclass(frozen=True)
class Settings:
    """Tandem's settings; each field has a ``TANDEM_*`` key (:data:`SETTINGS`) read by :meth:`from_mapping`."""

    database_url: str = field(default_factory=default_database_url)
    data_dir: Path = field(default_factory=default_data_dir)
    cache_dir: Path | None = None
    embedder: str = "tfidf"
    sbert_model: str | None = None  # None: the embedder's default
    hybrid_weight: float | None = None
    graph_weight: float = 0.0

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> "Settings":
        """Settings from ``TANDEM_*`` keys of a mapping (``os.environ``, a Flask config)."""
        given = {
            "database_url": values.get("TANDEM_DATABASE_URL"),
            "data_dir": values.get("TANDEM_DATA_DIR") and Path(values["TANDEM_DATA_DIR"]),
            "cache_dir": values.get("TANDEM_CACHE_DIR") and Path(values["TANDEM_CACHE_DIR"]),
            "embedder": values.get("TANDEM_EMBEDDER"),
            "sbert_model": values.get("TANDEM_SBERT_MODEL"),
            "hybrid_weight": number_setting("TANDEM_HYBRID_WEIGHT", values.get("TANDEM_HYBRID_WEIGHT")),
            "graph_weight": number_setting("TANDEM_GRAPH_WEIGHT", values.get("TANDEM_GRAPH_WEIGHT")),
        }
        return cls(**{k: v for k, v in given.items() if v not in (None, "")})  # 0 is a weight

    @classmethod
    def from_env(cls) -> "Settings":
        """Settings from the environment's ``TANDEM_*`` variables."""
        return cls.from_mapping(os.environ)


def number_setting(key: str, value: str | float | None) -> float | None:
    """A setting's number, from text (the environment) or a number (a Flask config)."""
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{key}={value!r}: use a number, e.g. 0.5") from None


def default_cache_dir() -> Path:
    """Where fitted models are cached: ``$TANDEM_CACHE_DIR``, else ``~/.cache/tandem``."""
    return Path(os.environ.get("TANDEM_CACHE_DIR") or Path.home() / ".cache" / "tandem")
