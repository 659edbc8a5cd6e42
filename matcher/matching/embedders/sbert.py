"""Sentence embeddings from a pretrained sentence-transformers model (optional).

Needs the ``neural`` extra. A multilingual model puts a French need near an English
document that means the same, glossary or not; it cannot say which words matched, so
``top_terms`` is empty (the ``hybrid`` embedder adds TF-IDF's explanations).

Models are never downloaded: ``model`` is a folder holding a saved model, or the name of
one already in the Hugging Face cache. An offline server thus fails at once, saying where
to put the model, instead of waiting on the network.

Embeddings are cached on disk, one file per text under a folder per model content (a
fingerprint of its weights and modules): a catalogue is encoded once, and a changed model
never reuses the vectors of the old one.
"""

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Self

import numpy as np

from ...errors import MissingDependencyError
from ...settings import DEFAULT_MODEL, default_cache_dir

PROGRESS_ABOVE = 256  # texts: shorter encodes end before a progress bar would help
_SAMPLE = 4096  # values per weight tensor in the fingerprint

if TYPE_CHECKING:  # the package is optional, and takes seconds to import: load_model imports it when used
    from sentence_transformers import SentenceTransformer


class SbertEmbedder:
    """Dense, L2-normalised embeddings of a sentence-transformers model; nothing to fit.

    Parameters
    ----------
    model : str or path, default="paraphrase-multilingual-MiniLM-L12-v2"
        A folder holding a saved sentence-transformers model, or the name of a model in
        the Hugging Face cache (``HF_HOME``). Nothing is downloaded.
    device : str, default="cpu"
        Torch device, e.g. ``"cuda"`` on a machine with a GPU.
    batch_size : int, default=32
        Texts encoded together.
    embedding_cache : path, None or False, default=None
        Cache folder, whose ``sbert/`` subfolder keeps the embeddings (None: the default
        cache folder; False: no cache).

    Attributes
    ----------
    model_ : SentenceTransformer
        Loaded by ``fit`` or on first use; never pickled (see ``__getstate__``).
    fingerprint_ : str
        Hash of the model's weights and modules, which names its embedding cache.
    """

    def __init__(self, model: str | Path = DEFAULT_MODEL, device: str = "cpu", batch_size: int = 32,
                 embedding_cache: str | Path | Literal[False] | None = None):
        self.model = model
        self.device = device
        self.batch_size = batch_size
        self.embedding_cache = embedding_cache

    def cache_params(self) -> dict[str, Any]:
        """Parameters as plain data (for cache keys)."""
        cache = self.embedding_cache
        return {
            "model": str(self.model),
            "device": self.device,
            "batch_size": self.batch_size,
            "embedding_cache": str(cache) if cache else cache,
            "version": 1,
        }

    def fit(self, texts: Iterable[str] | None = None) -> Self:
        """Load the model: there is nothing to learn from ``texts``."""
        self.model_, self.fingerprint_ = load_model(self.model, self.device)
        return self

    def __getstate__(self):
        # fit_cached pickles fitted embedders: keep the parameters, not hundreds of MB
        # of weights; the model is reloaded from its folder or cache on first use.
        return {k: v for k, v in self.__dict__.items() if k not in ("model_", "fingerprint_")}

    def transform(self, texts: Iterable[str]) -> np.ndarray:
        """Rows for queries (the model encodes queries and documents alike)."""
        return self._encode(list(texts))

    def transform_documents(self, texts: Iterable[str]) -> np.ndarray:
        """Rows for documents, as for queries."""
        return self._encode(list(texts))

    def top_terms(self, query: str, query_row: np.ndarray, document_row: np.ndarray, k: int = 6) -> list[str]:
        """A dense embedding cannot tell which words matched: always ``[]``."""
        return []

    def top_terms_batch(self, query: str, query_row: np.ndarray, document_rows: np.ndarray,
                        k: int = 6) -> list[list[str]]:
        """:meth:`top_terms` for each row of ``document_rows``: as many ``[]``."""
        return [[] for _ in range(document_rows.shape[0])]

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not hasattr(self, "model_"):
            self.fit()  # unpickled from the fit cache, without its model
        folder = self._cache_folder()
        rows = _read_cache(folder, set(texts)) if folder else {}
        todo = [text for text in dict.fromkeys(texts) if text not in rows]
        if todo:
            vectors = self.model_.encode(
                todo, batch_size=self.batch_size, normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=len(todo) > PROGRESS_ABOVE,
            ).astype(np.float32, copy=False)
            rows.update(zip(todo, vectors))
            if folder:
                _write_cache(folder, todo, vectors)
        if not texts:
            return np.zeros((0, self.model_.get_sentence_embedding_dimension()), dtype=np.float32)
        return np.vstack([rows[text] for text in texts])

    def _cache_folder(self) -> Path | None:
        if self.embedding_cache is False:
            return None
        return Path(self.embedding_cache or default_cache_dir()) / "sbert" / self.fingerprint_[:32]


def load_model(model: str | Path, device: str = "cpu") -> tuple["SentenceTransformer", str]:
    """The sentence-transformers model ``model`` (a folder or a cached name) and its fingerprint.

    Raises :class:`MissingDependencyError`, saying what to install or where to put the
    model, when the package or the model is missing.
    """
    try:
        # Imported here: the package is optional, and takes seconds to import.
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise MissingDependencyError(
            f"the sbert and hybrid embedders need sentence-transformers ({error}): "
            'pip install "tandem-matcher[neural]" (on a machine without a GPU, '
            "pip install torch==2.13.0 first, the CPU build, or pip fetches the CUDA one)"
        ) from None
    folder = Path(model).expanduser()
    if not folder.is_dir() and (folder.is_absolute() or str(model).startswith((".", "~"))):
        # A path, not a model name: asking the Hugging Face library would only add noise.
        raise MissingDependencyError(
            f"sbert model folder {str(folder)!r} does not exist: save a sentence-transformers model there "
            "(README, section Neural backend) or point TANDEM_SBERT_MODEL or matcher match --model to the "
            "folder where it is; Tandem never downloads"
        )
    try:
        encoder = SentenceTransformer(str(folder) if folder.is_dir() else str(model),
                                      device=device, local_files_only=True)
    except (OSError, ValueError) as error:
        if folder.is_dir():
            raise MissingDependencyError(
                f"sbert model folder {str(folder)!r} holds no sentence-transformers model ({error}); "
                "save one there with SentenceTransformer(name).save(folder)"
            ) from None
        raise MissingDependencyError(_not_found(str(model))) from None
    return encoder, _fingerprint(encoder)


def _not_found(model: str) -> str:
    name = os.path.basename(model.rstrip("/\\")) or "model"
    return (
        f"sbert model {model!r} not found: it is neither a folder nor a model in the Hugging Face "
        f"cache ({os.environ.get('HF_HOME') or '~/.cache/huggingface'}), and Tandem never downloads. "
        "On a machine with internet run: python -c \"from sentence_transformers import SentenceTransformer; "
        f"SentenceTransformer('{model}').save('{name}')\", copy the folder {name}/ here and give its path "
        "(TANDEM_SBERT_MODEL or matcher match --model), or copy the Hugging Face cache and set HF_HOME"
    )


def _fingerprint(encoder: "SentenceTransformer") -> str:
    # The model's content rather than its location: a folder that is copied keeps its
    # vectors, one that is retrained gets new ones. Modules and their settings (repr)
    # plus a strided sample of every weight tensor: hashing hundreds of MB of weights
    # would cost as much as loading them, and training changes nearly every value.
    digest = hashlib.sha256(repr(encoder).encode())
    for name, tensor in encoder.state_dict().items():
        values = tensor.detach().reshape(-1)
        sample = values[:: max(1, values.numel() // _SAMPLE)].float().cpu().numpy()
        digest.update(f"{name}{tuple(tensor.shape)}".encode())
        digest.update(sample.tobytes())
    return digest.hexdigest()


def _cache_file(folder: Path, text: str) -> Path:
    return folder / f"{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()}.npy"


def _read_cache(folder: Path, texts: Iterable[str]) -> dict[str, np.ndarray]:
    """The cached rows of ``texts``, by text."""
    rows = {}
    for text in texts:
        with contextlib.suppress(FileNotFoundError):  # not encoded yet
            rows[text] = np.load(_cache_file(folder, text))
    return rows


def _write_cache(folder: Path, texts: Sequence[str], vectors: np.ndarray) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for text, vector in zip(texts, vectors):
        # A uniquely named partial file, then an atomic rename: threads and processes
        # encoding the same text never read half a file.
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as handle:
            np.save(handle, vector)
        Path(handle.name).replace(_cache_file(folder, text))
