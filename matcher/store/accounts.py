"""The repository of accounts: creating them, finding them, checking passwords and API tokens.

Who may do what is :class:`matcher.records.accounts.User`'s. Passwords are stored as salted
scrypt hashes (werkzeug); API tokens as their SHA-256.
"""

import hashlib
import re
import secrets
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import ConflictError, InvalidInputError, UnknownNameError
from ..records.accounts import MIN_PASSWORD, ROLES, User
from .catalogue import Store
from .tables import LabRow, UserLabRow, UserRow

# werkzeug's method for new password hashes: scrypt, slow by design against guessing. The test
# suite alone lowers it (tests/conftest.py), since it creates hundreds of accounts; a stored
# hash names its method, so checking a password follows whatever made it.
PASSWORD_METHOD = "scrypt"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

__all__ = ["MIN_PASSWORD", "PASSWORD_METHOD", "ROLES", "Accounts", "User"]


class Accounts:
    """The accounts kept in a :class:`~matcher.store.catalogue.Store`."""

    def __init__(self, store: Store):
        self.store = store

    def create(self, email: str, password: str, role: str, name: str = "", company_id: str | None = None,
               lab_ids: Iterable[str] = ()) -> User:
        """A new account; every problem is named, and nothing is written when there is one."""
        email = (email or "").strip().lower()
        lab_ids = tuple(lab_ids)
        problems = []
        if not _EMAIL.fullmatch(email):
            problems.append(f"{email!r} is not an e-mail address")
        if role not in ROLES:
            problems.append(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
        if len(password or "") < MIN_PASSWORD:
            problems.append(f"the password needs at least {MIN_PASSWORD} characters")
        if role == "sme" and not company_id:
            problems.append("an sme account belongs to a company: give its id")
        if company_id and self.store.get("companies", company_id) is None:
            problems.append(f"unknown company {company_id!r}")
        if lab_ids and role not in ("officer", "admin"):
            problems.append("only officer accounts keep labs")
        known = set(self.store.ids("labs"))
        problems += [f"unknown lab {lab_id!r}" for lab_id in lab_ids if lab_id not in known]
        if problems:
            raise InvalidInputError("the account is not valid: " + "; ".join(problems))
        with self.store.write() as session:
            if session.scalar(select(UserRow.id).where(UserRow.email == email)) is not None:
                raise ConflictError(f"an account with e-mail {email} already exists")
            row = UserRow(email=email, name=(name or "").strip() or email.split("@")[0], role=role,
                          password_hash=generate_password_hash(password, method=PASSWORD_METHOD),
                          company_id=company_id or None)
            session.add(row)
            session.flush()
            session.add_all(UserLabRow(user_id=row.id, lab_id=lab_id) for lab_id in dict.fromkeys(lab_ids))
            user_id = row.id
        return self.get(user_id)

    def get(self, user_id: int) -> User | None:
        """The account with this id, or None."""
        with self.store.read() as session:
            row = session.get(UserRow, user_id)
            return self._user(session, row) if row else None

    def find(self, email: str) -> User:
        """The account of an e-mail address; an unknown address is a clear error."""
        with self.store.read() as session:
            row = session.scalar(select(UserRow).where(UserRow.email == (email or "").strip().lower()))
            if row is None:
                raise UnknownNameError(f"no account has the e-mail {email!r}")
            return self._user(session, row)

    def all(self) -> list[User]:
        """Every account, by e-mail."""
        with self.store.read() as session:
            return [self._user(session, row) for row in session.scalars(select(UserRow).order_by(UserRow.email))]

    def authenticate(self, email: str, password: str) -> User | None:
        """The active account with this e-mail and password, or None (the caller says only "wrong")."""
        with self.store.read() as session:
            row = session.scalar(select(UserRow).where(UserRow.email == (email or "").strip().lower()))
            if row is None or not row.active or not check_password_hash(row.password_hash, password or ""):
                return None
            return self._user(session, row)

    def issue_token(self, user_id: int) -> str:
        """A new API token for the account (the previous one stops working); shown once, stored hashed."""
        token = secrets.token_urlsafe(32)
        with self.store.write() as session:
            _row(session, user_id).token_hash = _digest(token)
        return token

    def by_token(self, token: str | None) -> User | None:
        """The active account of an API token, or None."""
        with self.store.read() as session:
            row = session.scalar(select(UserRow).where(UserRow.token_hash == _digest(token or "")))
            return self._user(session, row) if row is not None and row.active else None

    def set_labs(self, user_id: int, lab_ids: Iterable[str]) -> None:
        """Set the labs an officer keeps; every unknown lab is named, and nothing is written when there is one."""
        lab_ids = tuple(lab_ids)
        known = set(self.store.ids("labs"))
        unknown = [lab_id for lab_id in lab_ids if lab_id not in known]
        if unknown:
            raise InvalidInputError(f"unknown lab {', '.join(map(repr, unknown))}: give the ids of labs of the store")
        with self.store.write() as session:
            if _row(session, user_id).role not in ("officer", "admin"):
                raise InvalidInputError("only officer accounts keep labs")
            session.execute(delete(UserLabRow).where(UserLabRow.user_id == user_id))
            session.add_all(UserLabRow(user_id=user_id, lab_id=lab_id) for lab_id in dict.fromkeys(lab_ids))

    @staticmethod
    def _user(session: Session, row: UserRow) -> User:
        labs = session.scalars(select(UserLabRow.lab_id).join(LabRow, LabRow.id == UserLabRow.lab_id)
                               .where(UserLabRow.user_id == row.id).order_by(UserLabRow.lab_id))
        return User(row.id, row.email, row.name, row.role, row.company_id, tuple(labs), row.active)


def _row(session: Session, user_id: int) -> UserRow:
    row = session.get(UserRow, user_id)
    if row is None:
        raise UnknownNameError(f"no account has the id {user_id!r}")
    return row


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
