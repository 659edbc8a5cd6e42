import contextlib
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy import make_url

from matcher.cli import cli
from matcher.engine import Engine
from matcher.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).resolve().parent.parent


MO = PROJECT / "web" / "translations" / "en" / "LC_MESSAGES" / "messages.mo"


def pytest_sessionstart(session):
    """Stop at once when the English catalogue is not compiled: without it every English page
    falls back to French, and several unrelated tests would fail instead of one clear message."""
    if not MO.exists():
        pytest.exit(f"{MO.relative_to(PROJECT)} is missing: compile the translations first "
                    "(make test does it, or: .venv/bin/pybabel compile --use-fuzzy -d web/translations)",
                    returncode=pytest.ExitCode.USAGE_ERROR)


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory):
    """One folder of fitted models for the whole session, never the user's cache.

    Shared safely: a fit is cached under a hash of its parameters and of every text, so tests
    on the same catalogue load one fit, and a test that changes the catalogue gets its own.
    """
    return tmp_path_factory.getbasetemp() / "model-cache"


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashes():
    """Accounts made by the tests are hashed with one PBKDF2 round instead of scrypt, which is
    slow by design (tests/test_suite_setup.py checks that scrypt stays the default)."""
    from matcher.store import accounts

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "PASSWORD_METHOD", "pbkdf2:sha256:1")
        yield


@pytest.fixture(autouse=True)
def _isolated_cache(model_cache, monkeypatch):
    """Fitted models go to the session's folder; no test reads the user's database."""
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(model_cache))
    monkeypatch.delenv("TANDEM_DATABASE_URL", raising=False)


@pytest.fixture
def catalog_dir(tmp_path):
    """A copy of the tiny fixture catalogue that a test may change."""
    target = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "catalog", target)
    return target


@pytest.fixture
def settings(tmp_path, catalog_dir, model_cache):
    """Settings of an empty store of the test's own, on its copy of the fixture catalogue."""
    return Settings(database_url=f"sqlite:///{tmp_path / 'store.sqlite3'}", data_dir=catalog_dir,
                    cache_dir=model_cache)


@pytest.fixture(scope="session")
def template_store(tmp_path_factory, model_cache):
    """An SQLite store migrated and holding the fixture catalogue, made once for the session.

    Migrating and importing were most of a test's set-up; tests get a copy of this file
    (:func:`store_copy`), so what one test writes never reaches another.
    """
    path = tmp_path_factory.mktemp("template-store") / "store.sqlite3"
    engine = Engine(Settings(database_url=f"sqlite:///{path}", data_dir=FIXTURES / "catalog", cache_dir=model_cache))
    engine.upgrade_store()  # engine.store refuses a database that is not migrated
    engine.import_catalog()
    engine.store.engine.dispose()
    return path


@pytest.fixture
def store_copy(settings, template_store):
    """Fill the test's store (``settings.database_url``) with a copy of the template store.

    SQLite's backup API rather than a file copy: it copies a consistent state, including
    what is still in the write-ahead log.
    """
    target = make_url(settings.database_url).database
    with contextlib.closing(sqlite3.connect(template_store)) as source, \
            contextlib.closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return settings


@pytest.fixture
def engine(store_copy):
    """An engine whose store holds the fixture catalogue."""
    return Engine(store_copy)


def _build_sbert_model(folder, seed=0, dimensions=256):
    """Save a tiny sentence-transformers model to ``folder``, built in memory: tests never download.

    A bag of tokens (``StaticEmbedding``: a text is the mean of its tokens' vectors) with a
    WordPiece tokenizer whose vocabulary is the fixture catalogue's words and characters, so
    that any text of known characters has known tokens. The vectors are random, hence nearly
    orthogonal in hundreds of dimensions: texts that share tokens are similar, others are
    not. It knows no meaning, so tests can check that Tandem keeps the model's geometry,
    not that the model understands needs.
    """
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    try:
        from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    except ImportError:  # sentence-transformers < 6
        from sentence_transformers.models import StaticEmbedding

    normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=True)
    pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    files = (FIXTURES / "catalog").rglob("*.*")
    text = normalizer.normalize_str(" ".join(path.read_text(encoding="utf-8") for path in files))
    words = sorted({word for word, _ in pre_tokenizer.pre_tokenize_str(text)})
    characters = sorted(set("".join(words)))
    # Built by hand rather than trained: the trainers' vocabularies change from run to run.
    vocabulary = ["[UNK]", "[PAD]", *characters, *(f"##{c}" for c in characters), *(w for w in words if len(w) > 1)]
    tokenizer = Tokenizer(models.WordPiece({token: i for i, token in enumerate(vocabulary)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizer
    tokenizer.pre_tokenizer = pre_tokenizer
    weights = np.random.default_rng(seed).standard_normal((len(vocabulary), dimensions), dtype=np.float32)
    model = SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights)], device="cpu")
    model.save(str(folder))
    return folder


@pytest.fixture(scope="session")
def build_sbert_model():
    """The tiny model's builder; tests using it are skipped without the neural extra."""
    pytest.importorskip("sentence_transformers")
    return _build_sbert_model


@pytest.fixture(scope="session")
def sbert_model(build_sbert_model, tmp_path_factory):
    """Folder of the tiny test model."""
    return build_sbert_model(tmp_path_factory.mktemp("sbert-model"))


@pytest.fixture
def run(settings, monkeypatch):
    monkeypatch.setenv("TANDEM_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("TANDEM_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(settings.cache_dir))

    def invoke(*args):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def imported(run, store_copy):
    """``run``, on a store that holds the fixture catalogue (as ``matcher import`` leaves it;
    tests/cli/test_cli.py runs the import itself)."""
    return run


# The web application ------------------------------------------------------------------
PASSWORD = "correct horse battery"
PEOPLE = {  # e-mail -> account; every test of the web app may log in as one of them
    "sme@riverco.test": {"role": "sme", "name": "Rita River", "company_id": "riverco"},
    "officer@hydro.test": {"role": "officer", "name": "Oscar Hydro", "lab_ids": ("hydro",)},
    "animator@network.test": {"role": "animator", "name": "Ana Network"},
    "admin@tandem.test": {"role": "admin", "name": "Ada Admin"},
}


@pytest.fixture
def app(engine, settings):
    """The app on the fixture store, with the accounts of PEOPLE. CSRF checks are off here;
    tests/web/test_web_security.py runs them on every form."""
    from web import create_app

    for email, account in PEOPLE.items():
        engine.accounts.create(email, PASSWORD, **account)
    return create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                       "TANDEM_DATABASE_URL": settings.database_url, "TANDEM_CACHE_DIR": str(settings.cache_dir),
                       "TANDEM_RATE_LIMIT": "1000 per minute"})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login(client):
    """``login(email)``: the test client, logged in as one of PEOPLE."""
    def log_in(email):
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return log_in
