"""The one facade that the web application, the command line and notebooks use."""

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import load_catalog
from .embedders import embedder_params
from .embedders.sbert import DEFAULT_MODEL
from .errors import InvalidInputError
from .ranking import LabRanker, normalise_region
from .store import Store

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Configuration keys, read from the environment (or from a Flask config of the same names).
SETTINGS = {
    "TANDEM_DATABASE_URL": "SQLAlchemy URL of the store (default: SQLite file instance/tandem.sqlite3)",
    "TANDEM_DATA_DIR": "catalogue folder imported by 'matcher import' without a path (default: data/)",
    "TANDEM_CACHE_DIR": "folder of cached fitted models (default: ~/.cache/tandem)",
    "TANDEM_EMBEDDER": "embedder used for ranking: tfidf, sbert or hybrid (default: tfidf)",
    "TANDEM_SBERT_MODEL": f"sbert and hybrid: folder of a sentence-transformers model, or a name in the "
                          f"Hugging Face cache (default: {DEFAULT_MODEL})",
    "TANDEM_HYBRID_WEIGHT": "hybrid: share of TF-IDF in the similarity, 0 to 1 (default: 0.5)",
}


@dataclass(frozen=True)
class Settings:
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'instance' / 'tandem.sqlite3'}"
    data_dir: Path = PROJECT_ROOT / "data"
    cache_dir: Path | None = None
    embedder: str = "tfidf"
    sbert_model: str | None = None  # None: the embedder's default
    hybrid_weight: float | None = None

    @classmethod
    def from_mapping(cls, values):
        """Settings from ``TANDEM_*`` keys of a mapping (``os.environ``, a Flask config)."""
        given = {
            "database_url": values.get("TANDEM_DATABASE_URL"),
            "data_dir": values.get("TANDEM_DATA_DIR") and Path(values["TANDEM_DATA_DIR"]),
            "cache_dir": values.get("TANDEM_CACHE_DIR") and Path(values["TANDEM_CACHE_DIR"]),
            "embedder": values.get("TANDEM_EMBEDDER"),
            "sbert_model": values.get("TANDEM_SBERT_MODEL"),
            "hybrid_weight": _number("TANDEM_HYBRID_WEIGHT", values.get("TANDEM_HYBRID_WEIGHT")),
        }
        return cls(**{k: v for k, v in given.items() if v not in (None, "")})  # 0 is a weight

    @classmethod
    def from_env(cls):
        return cls.from_mapping(os.environ)


@dataclass
class Engine:
    """Tandem's operations over a store.

    The ranking index is built lazily and rebuilt when the store's revision
    changes (a new import, an edited lab), so answers always reflect the store.
    """

    settings: Settings = field(default_factory=Settings.from_env)

    def __post_init__(self):
        self.store = Store(self.settings.database_url)
        self._ranker = None
        self._ranker_revision = None
        self._lock = threading.Lock()

    # Catalogue -----------------------------------------------------------
    def import_catalog(self, path=None):
        """Validate a catalogue folder, then upsert it; nothing is written when it has problems."""
        return self.store.import_catalog(load_catalog(path or self.settings.data_dir))

    def labs(self, region=None):
        return self.store.labs(normalise_region(region) if region else None)

    # Ranking -------------------------------------------------------------
    def ranker(self):
        revision = self.store.revision()
        with self._lock:
            if self._ranker is None or revision != self._ranker_revision:
                settings = self.settings
                options = embedder_params(
                    settings.embedder, glossary=self.store.glossary() or None, model=settings.sbert_model,
                    weight=settings.hybrid_weight, embedding_cache=settings.cache_dir,
                )
                self._ranker = LabRanker(self.store.labs(), embedder=settings.embedder,
                                         cache_dir=settings.cache_dir, **options)
                self._ranker_revision = revision
            return self._ranker

    def match(self, needs, top=10, region=None, department=None, parent=None, trl=None):
        """For each need text, the ``top`` best labs (lists of :class:`~matcher.models.Match`)."""
        return self.ranker().rank(needs, top=top, region=region, department=department, parent=parent, trl=trl)


def _number(key, value):
    """A setting's number, from text (the environment) or a number (a Flask config)."""
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{key}={value!r}: use a number, e.g. 0.5") from None
