"""What the event pages share: the ``events`` blueprint, the words of wishes and exclusions, and
the names of the organisations that can take part.

:mod:`web.pages.events` (events, participants, wishes) and :mod:`web.pages.event_exports`
(scheduling, agendas, exports) register their routes on ``bp``; ``create_app`` imports both.
"""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ..extensions import get_engine

bp = Blueprint("events", __name__, url_prefix="/events")

LEVEL_WORDS = {"must": _l("indispensable"), "like": _l("souhaité"), "no": _l("non merci")}
REASON_WORDS = {"partners": _l("déjà partenaires"), "competitors": _l("concurrents"),
                "conflict": _l("conflit d'intérêts")}
KIND_WORDS = {"company": _l("entreprise"), "lab": _l("laboratoire")}


@bp.app_context_processor
def event_words():
    """The words templates show for a wish's level, an exclusion's reason and a participant's kind."""
    return {"level_words": LEVEL_WORDS, "reason_words": REASON_WORDS, "kind_words": KIND_WORDS}


def directory():
    """Every company and lab of the store: ``id -> (kind, name shown, label of the datalist)``."""
    found = {c.id: ("company", c.name, f"{c.name} ({c.city})") for c in get_engine().companies()}
    found.update({lab.id: ("lab", lab.acronym, f"{lab.acronym} — {lab.name}") for lab in get_engine().catalogue()})
    return found


def name_of(names, participant_id):
    """The name shown for a participant (its id when the store no longer has it)."""
    return names[participant_id][1] if participant_id in names else participant_id
