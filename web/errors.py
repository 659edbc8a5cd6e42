"""One family of error handlers: a page for people, the JSON envelope for /api/ and ….json.

A user's mistake (a bad value, an unknown id, a step a proposal cannot take, a file
too large, too many requests) gets its status and a message naming the problem;
anything else is logged and answered 500 without details.
"""

from flask import make_response, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from matcher.errors import ConflictError, MatcherError, MissingDependencyError, StoreNotReadyError, UnknownNameError

from .envelope import failure

TITLES = {
    400: _l("Demande invalide"), 401: _l("Connexion requise"), 403: _l("Accès refusé"),
    404: _l("Page introuvable"), 405: _l("Méthode non acceptée"), 409: _l("Conflit"),
    413: _l("Envoi trop volumineux"), 415: _l("Format non accepté"), 429: _l("Trop de requêtes"),
    500: _l("Erreur du serveur"), 503: _l("Service indisponible"),
}
MESSAGES = {
    401: _l("Connectez-vous pour continuer."),
    403: _l("Votre compte ne permet pas cette action."),
    404: _l("Cette page ou cette fiche n'existe pas."),
    405: _l("Cette adresse n'accepte pas cette méthode."),
    413: _l("L'envoi dépasse la taille acceptée."),
    429: _l("Trop de requêtes en peu de temps : réessayez dans une minute."),
    500: _l("Une erreur inattendue s'est produite ; elle a été enregistrée."),
    # The database is not migrated: the operator's to fix; where the database is stays in the log.
    "store": _l("Le service n'est pas encore prêt : l'administrateur doit mettre à jour la base de données "
                "(matcher db upgrade)."),
}


def status_of(error):
    if isinstance(error, UnknownNameError):
        return 404
    if isinstance(error, ConflictError):
        return 409
    if isinstance(error, MissingDependencyError):
        return 503
    return 400


def wants_json():
    """The API, and the JSON documents the pages fetch (``….json``), answer errors in the envelope."""
    return request.path.startswith("/api/") or request.path.endswith(".json")


def respond(status, message, headers=None, problems=()):
    """The error as a page, or as the JSON envelope with its located ``problems`` (``(where, problem)`` pairs)."""
    if wants_json():
        with force_locale("en"):  # API clients read English, whatever the interface language
            response = failure(status, message=str(message), problems=problems)
    else:
        page = render_template("error.html", status=status, title=TITLES.get(status, TITLES[400]), message=message)
        response = make_response(page, status)
    response.headers.update(headers or {})
    return response


def init_app(app):
    @app.errorhandler(MatcherError)
    def user_mistake(error):
        if isinstance(error, StoreNotReadyError):
            app.logger.error("%s", error)
            return respond(503, MESSAGES["store"])
        return respond(status_of(error), str(error), problems=error.problems)

    @app.errorhandler(HTTPException)
    def http_error(error):
        status = error.code or 500
        # A CSRF failure, a bad form or JSON body: werkzeug's description names the problem.
        message = error.description if status == 401 and request.path.startswith("/api/") else (
            MESSAGES.get(status) or error.description)
        if status == 413:
            limit = app.config["MAX_CONTENT_LENGTH"] / 1024 / 1024
            message = f"{MESSAGES[413]} (max. {limit:g} MB)"
        headers = {k: v for k, v in error.get_headers() if k in ("Retry-After", "Allow", "WWW-Authenticate")}
        return respond(status, message, headers)

    @app.errorhandler(Exception)
    def server_error(error):  # the one place that catches everything: log it, show no internals
        app.logger.exception("unexpected error on %s %s", request.method, request.path)
        return respond(500, MESSAGES[500])
