"""The rules of a proposal's follow-up: its statuses, the steps each allows, the length of a note.

proposed → contacted → meeting → agreement, or declined at any step before an agreement;
an agreement and a refusal are final. The store keeps each follow-up and refuses a step
its status does not allow (:mod:`matcher.store.followups`).
"""

STATUSES = ("proposed", "contacted", "meeting", "agreement", "declined")
NEXT = {
    "proposed": ("contacted", "declined"),
    "contacted": ("meeting", "declined"),
    "meeting": ("agreement", "declined"),
    "agreement": (),
    "declined": (),
}
MAX_NOTE = 2000  # characters of a step's note
