"""Accounts of the web application and what each role may do.

Anyone may search without an account. ``sme`` accounts speak for one company, ``officer``
accounts keep a set of labs (and edit only those), ``animator`` accounts prepare events and
``admin`` accounts may do everything.
"""

from typing import Literal

from .base import Record, record

ROLES = ("sme", "officer", "animator", "admin")
MIN_PASSWORD = 10  # characters


@record(result=True)
class User(Record):
    """An account as the store keeps it (never its password or token)."""

    id: int
    email: str
    name: str
    role: Literal[ROLES]
    company_id: str | None
    lab_ids: tuple[str, ...]
    active: bool = True

    def can_edit_lab(self, lab_id: str) -> bool:
        """May edit this lab's profile: an admin, or an officer who keeps the lab."""
        return self.role == "admin" or (self.role == "officer" and lab_id in self.lab_ids)

    def speaks_for_company(self, company_id: str) -> bool:
        """May save needs and follow proposals for this company: an admin, or the company's SME account."""
        return self.role == "admin" or (self.role == "sme" and self.company_id == company_id)

    def runs_events(self) -> bool:
        """Prepares brokerage events (and reads them all): an animator or an admin."""
        return self.role in ("animator", "admin")

    def acts_for(self, participant_id: str) -> bool:
        """May answer for this event participant (its wishes, its suggestions): the company's SME,
        an officer of the lab, an animator or an admin."""
        return self.runs_events() or self.speaks_for_company(participant_id) or self.can_edit_lab(participant_id)
