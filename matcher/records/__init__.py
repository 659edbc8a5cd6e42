"""The domain's records and the rules they carry (vocabularies, limits, parsers of typed-in values).

Import them from here: ``from matcher.records import Lab, parse_trl``. The modules group them
by concern: :mod:`.catalogue` (labs, companies, needs, collaborations, matches), :mod:`.schemes`
(schemes, criteria, verdicts), :mod:`.events` (events, participants, wishes),
:mod:`.schedule` (meetings and schedules), :mod:`.followups` (a proposal's steps),
:mod:`.accounts` (accounts and what each role may do).
"""

from .accounts import MIN_PASSWORD, ROLES, User
from .base import Bilingual
from .catalogue import (
                        COLLABORATION_KINDS,
                        FRENCH_REGIONS,
                        MAX_NEED_CHARS,
                        REGIONS,
                        Collaboration,
                        Company,
                        Document,
                        Lab,
                        Match,
                        Need,
                        Platform,
                        Source,
                        normalise_region,
                        parse_trl,
                        parse_years,
)
from .events import (
                        EXCLUSION_REASONS,
                        MAX_SLOTS,
                        PARTICIPANT_COLUMNS,
                        WISH_LEVELS,
                        Break,
                        Event,
                        Exclusion,
                        Participant,
                        Session,
                        Slot,
                        Wish,
                        parse_slots,
)
from .followups import MAX_NOTE, NEXT, STATUSES
from .schedule import Changes, Meeting, Schedule, Unscheduled
from .schemes import VERDICT_WORDS, VERDICTS, Criterion, CriterionResult, Scheme, SchemeSource, Verdict

__all__ = [
    "MIN_PASSWORD", "ROLES", "User",
    "COLLABORATION_KINDS", "EXCLUSION_REASONS", "FRENCH_REGIONS", "MAX_NEED_CHARS", "MAX_NOTE", "MAX_SLOTS", "NEXT",
    "PARTICIPANT_COLUMNS", "REGIONS", "STATUSES", "VERDICTS", "VERDICT_WORDS", "WISH_LEVELS",
    "Bilingual", "Break", "Changes", "Collaboration", "Company", "Criterion", "CriterionResult", "Document", "Event",
    "Exclusion", "Lab", "Match", "Meeting", "Need", "Participant", "Platform", "Schedule", "Scheme", "SchemeSource",
    "Session", "Slot", "Source", "Unscheduled", "Verdict", "Wish",
    "normalise_region", "parse_slots", "parse_trl", "parse_years",
]
