"""Tandem's web application (Flask app factory)."""

import os

from flask import Flask, render_template

from matcher.engine import Engine, Settings
from matcher.errors import MatcherError


def create_app(test_config=None):
    """Build the app. Configuration: ``TANDEM_*`` keys from the environment, then ``test_config``."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        TANDEM_DATABASE_URL=f"sqlite:///{os.path.join(app.instance_path, 'tandem.sqlite3')}",
        MAX_CONTENT_LENGTH=1024 * 1024,
    )
    app.config.update({key: value for key, value in os.environ.items() if key.startswith("TANDEM_")})
    if test_config:
        app.config.update(test_config)
    app.extensions["tandem"] = Engine(Settings.from_mapping(app.config))

    from . import search

    app.register_blueprint(search.bp)

    @app.errorhandler(MatcherError)
    def user_mistake(error):
        return render_template("error.html", message=str(error)), 400

    @app.errorhandler(404)
    def not_found(_error):
        return render_template("error.html", message="Page introuvable."), 404

    return app


def engine():
    """The current app's :class:`~matcher.engine.Engine`."""
    from flask import current_app

    return current_app.extensions["tandem"]
