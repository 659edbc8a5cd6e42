"""Logins (sessions for pages, bearer tokens for the API), roles, and the language switch."""

import functools

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from ..extensions import LANGUAGES, get_engine, login_manager

bp = Blueprint("auth", __name__)


class Account(UserMixin):
    """The logged-in account (a :class:`matcher.store.accounts.User`) as Flask-Login wants it."""

    def __init__(self, user):
        self.user = user

    def get_id(self):
        return str(self.user.id)

    def __getattr__(self, name):
        return getattr(self.user, name)


class LoginForm(FlaskForm):
    email = EmailField(_l("Adresse e-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(), Length(max=200)])


def init_app(app):
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id):
        user = get_engine().accounts.get(int(user_id)) if user_id.isdigit() else None
        return Account(user) if user and user.active else None

    @login_manager.request_loader
    def load_from_token(req):
        # API clients send "Authorization: Bearer <token>" (matcher users token EMAIL makes one).
        header = req.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            user = get_engine().accounts.by_token(header.removeprefix("Bearer ").strip())
            return Account(user) if user else None
        return None

    @login_manager.unauthorized_handler
    def unauthorized():
        if request.path.startswith("/api/"):
            abort(401)
        flash(str(login_manager.login_message))
        return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))


def role_required(*roles):
    """Only accounts with one of ``roles`` (admins always) may use the view; others get 403."""

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in (*roles, "admin"):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def _safe_next(target):
    """Only a path of this site: never send someone elsewhere after logging in."""
    return target if target and target.startswith("/") and not target.startswith("//") else url_for("search.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = get_engine().accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(Account(user))
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Adresse e-mail ou mot de passe incorrect."))
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    return redirect(url_for("search.home"))


@bp.get("/lang/<code>")
def switch_language(code):
    if code not in LANGUAGES:
        abort(404)
    session["lang"] = code
    return redirect(_safe_next(request.args.get("next")))
