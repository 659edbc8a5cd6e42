"""The domain's records and the rules they carry (vocabularies, limits, parsers of typed-in values).

Import them from here: ``from matcher.records import Lab, parse_trl``. The modules group them
by concern: :mod:`.catalogue` (labs, companies, needs, collaborations, matches), :mod:`.schemes`
(schemes, criteria, verdicts), :mod:`.events` (events, participants, wishes),
:mod:`.schedule` (meetings and schedules), :mod:`.proposals` (a lab for a need, with its schemes),
:mod:`.followups` (a proposal's steps), :mod:`.accounts` (accounts and what each role may do),
:mod:`.results` (a page of the catalogue, its filters, the graph's communities). Results
(matches, verdicts, proposals, schedules, follow-ups) are records too: their ``to_dict`` is the plain
data the CLI, the store and the API write.
"""

from .accounts import MIN_PASSWORD, ROLES, User
from .base import Bilingual, Phrase
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
                        Suggestion,
                        Wish,
                        parse_slots,
)
from .followups import MAX_NOTE, NEXT, STATUSES, Followup, Step
from .proposals import NEAR_MISS_FAILURES, Proposal
from .results import (
                        Bridge,
                        CataloguePage,
                        Communities,
                        Community,
                        Edge,
                        Facets,
                        GraphCollaboration,
                        Introduction,
                        Member,
                        Network,
                        Node,
                        Organisation,
                        Partner,
)
from .schedule import Changes, Meeting, Schedule, Stage, Stored, Unscheduled
from .schemes import VERDICT_WORDS, VERDICTS, Criterion, CriterionResult, Scheme, SchemeSource, Verdict

__all__ = [
    "COLLABORATION_KINDS", "EXCLUSION_REASONS", "FRENCH_REGIONS", "MAX_NEED_CHARS", "MAX_NOTE", "MAX_SLOTS",
    "MIN_PASSWORD", "NEAR_MISS_FAILURES", "NEXT", "PARTICIPANT_COLUMNS", "REGIONS", "ROLES", "STATUSES", "VERDICTS",
    "VERDICT_WORDS", "WISH_LEVELS",
    "Bilingual", "Break", "Bridge", "CataloguePage", "Changes", "Collaboration", "Communities", "Community",
    "Company", "Criterion", "CriterionResult", "Document", "Edge", "Event", "Exclusion", "Facets", "Followup",
    "GraphCollaboration", "Introduction", "Lab", "Match", "Meeting", "Member", "Need", "Network", "Node",
    "Organisation", "Participant", "Partner", "Phrase", "Platform", "Proposal", "Schedule", "Scheme", "SchemeSource",
    "Session", "Slot", "Source", "Stage", "Step", "Stored", "Suggestion", "Unscheduled", "User", "Verdict", "Wish",
    "normalise_region", "parse_slots", "parse_trl", "parse_years",
]
