"""The Flask extensions Tandem uses: translations, CSRF, logins, rate limits; and the app's engine."""

from flask import current_app, request, session
from flask_babel import Babel, get_locale
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

LANGUAGES = ("fr", "en")

csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address)


def locale():
    """French unless the visitor chose English (the switch in the header, or ?lang=en for one page)."""
    chosen = request.args.get("lang") or session.get("lang")
    return chosen if chosen in LANGUAGES else "fr"


def init_app(app):
    Babel(app, locale_selector=locale)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    app.context_processor(lambda: {"get_locale": get_locale, "languages": LANGUAGES})


def match_limit():
    """The public matching endpoints' rate limit (``TANDEM_RATE_LIMIT``)."""
    return current_app.config["TANDEM_RATE_LIMIT"]


def get_engine():
    """The current app's :class:`matcher.Engine` (one per app, made by ``create_app``), as flaskr's ``get_db``."""
    return current_app.extensions["tandem"]
