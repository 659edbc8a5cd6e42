"""Tandem's web application: the pages people use, and the JSON API under /api/v1 (app factory)."""

import os
import secrets
from pathlib import Path

from flask_openapi3 import Info, OpenAPI
from limits import parse_many

from matcher import Engine, Settings, __version__, number_setting
from matcher.errors import InvalidInputError

from . import api, errors, extensions, i18n
from .envelope import failure
from .pages import auth, companies, event_exports, events, labs, officer, search

# Configuration keys of the web application (the engine's are in matcher.settings.SETTINGS); each is
# read from the environment, then from ``test_config``. README.md documents each (a test checks it).
WEB_SETTINGS = {
    "TANDEM_SECRET_KEY": "key that signs sessions and CSRF tokens (default: made once, kept in instance/secret_key)",
    "TANDEM_SECURE_COOKIES": "1 to send session cookies over HTTPS only (set it behind HTTPS; default: 0)",
    "TANDEM_RATE_LIMIT": "limit on the public matching endpoints, per client address (default: 60 per minute)",
    "TANDEM_RATELIMIT_STORAGE": "where rate-limit counters live: memory:// (per process) or redis://… "
                                "(default: memory://)",
    "TANDEM_MAX_UPLOAD_MB": "largest request or upload accepted, in MB (default: 2)",
}


def create_app(test_config=None):
    """Build the app. Configuration: ``TANDEM_*`` keys from the environment, then ``test_config``."""
    app = OpenAPI(
        __name__, instance_relative_config=True,
        info=Info(title="Tandem API", version=__version__,
                  description="Matchmaking between SMEs and public research labs. Every answer is an envelope "
                              '{"ok", "data", "error"}.'),
        security_schemes={"token": {"type": "http", "scheme": "bearer"}},
        doc_prefix="/api/v1", doc_url="/openapi.json",
        validation_error_status=400, validation_error_callback=_validation_error,
    )
    # The database is the command line's (Settings: instance/ in a checkout, the user's data folder
    # when installed), so that the app serves what `matcher import` loaded.
    app.config.update({key: value for key, value in os.environ.items() if key.startswith("TANDEM_")})
    if test_config:
        app.config.update(test_config)
    _configure(app)
    app.extensions["tandem"] = Engine(Settings.from_mapping(app.config))
    if app.testing:  # a test may start from any database; a served app's was migrated by `matcher db upgrade`
        app.extensions["tandem"].upgrade_store()

    extensions.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    # events and event_exports share one blueprint: each is registered once, in this order.
    for blueprint in dict.fromkeys(module.bp for module in (search, labs, companies, officer, events, event_exports,
                                                              auth)):
        app.register_blueprint(blueprint)
    extensions.csrf.exempt(api.bp)  # the API authenticates with bearer tokens, never with cookies
    app.register_api(api.bp)
    return app


def _configure(app):
    config = app.config
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = config.get("TANDEM_SECRET_KEY") or _instance_secret(app)
    megabytes = number_setting("TANDEM_MAX_UPLOAD_MB", config.get("TANDEM_MAX_UPLOAD_MB"))
    megabytes = 2.0 if megabytes is None else megabytes
    if megabytes <= 0:
        raise InvalidInputError(f"TANDEM_MAX_UPLOAD_MB={megabytes:g}: give a size in MB above 0, e.g. 2")
    config.update(
        MAX_CONTENT_LENGTH=int(megabytes * 1024 * 1024),
        MAX_FORM_MEMORY_SIZE=int(megabytes * 1024 * 1024),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=_switch("TANDEM_SECURE_COOKIES", config.get("TANDEM_SECURE_COOKIES", "0")),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        BABEL_DEFAULT_LOCALE="fr",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(__file__).parent / "translations"),
        RATELIMIT_STORAGE_URI=config.get("TANDEM_RATELIMIT_STORAGE", "memory://"),
        RATELIMIT_HEADERS_ENABLED=True,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session: a form left open still posts
    )
    config["REMEMBER_COOKIE_SECURE"] = config["SESSION_COOKIE_SECURE"]
    config.setdefault("TANDEM_RATE_LIMIT", "60 per minute")
    try:  # Flask-Limiter would log a bad limit and then not limit at all
        parse_many(config["TANDEM_RATE_LIMIT"])
    except ValueError:
        raise InvalidInputError(f"TANDEM_RATE_LIMIT={config['TANDEM_RATE_LIMIT']!r}: write a limit such as "
                                "'60 per minute' or '10/second'") from None


def _switch(key, value):
    words = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}
    if str(value).strip().lower() not in words:
        raise InvalidInputError(f"{key}={value!r}: use 1 (on) or 0 (off)")
    return words[str(value).strip().lower()]


def _instance_secret(app):
    """A random key made on first start and kept in the instance folder, so sessions survive a restart."""
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        # Written aside, then linked in place: server processes starting together agree on one key.
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f"secret_key.{os.getpid()}")
        draft.touch(mode=0o600)
        draft.write_text(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def _validation_error(error):
    problems = [(".".join(str(p) for p in item["loc"]) or "body", item["msg"]) for item in error.errors()]
    return failure(400, "invalid_input", "the request is not valid: " + "; ".join(f"{where}: {problem}"
                                                                                for where, problem in problems),
                   problems=problems)
