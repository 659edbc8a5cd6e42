import shutil
from pathlib import Path

import numpy as np

import pytest

from click.testing import CliRunner

from matcher.cli import cli
from matcher.engine import Engine
from matcher.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Fitted models go to a per-session folder, never to the user's cache."""
    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "model-cache"))
    monkeypatch.delenv("TANDEM_DATABASE_URL", raising=False)


@pytest.fixture
def catalog_dir(tmp_path):
    """A copy of the tiny fixture catalogue that a test may change."""
    target = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "catalog", target)
    return target


@pytest.fixture
def settings(tmp_path, catalog_dir):
    return Settings(database_url=f"sqlite:///{tmp_path / 'store.sqlite3'}", data_dir=catalog_dir,
                    cache_dir=tmp_path / "cache")


@pytest.fixture
def engine(settings):
    """An engine whose store holds the fixture catalogue."""
    engine = Engine(settings)
    engine.import_catalog()
    return engine


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
def imported(run):
    assert run("import").exit_code == 0
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
    tests/test_web_security.py runs them on every form."""
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
