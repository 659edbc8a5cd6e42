"""The interface language of a request, and the template filters that show bilingual data in it.

The library gives French and English texts side by side (``{"fr", "en"}``, word pairs);
pages pick the one of the interface (French unless the visitor chose English).
"""

from flask_babel import get_locale

from matcher.records import VERDICT_WORDS


def lang():
    """The interface language, to pick the French or English text of bilingual data."""
    return "en" if str(get_locale()) == "en" else "fr"


def in_lang(words):
    """``{"fr": ..., "en": ...}`` -> the text in the interface language."""
    return words[lang()]


def verdict_word(verdict):
    """A verdict ("possibly_eligible"...) in words of the interface language."""
    return VERDICT_WORDS[verdict][lang() == "en"]


def init_app(app):
    """Register the filters ``in_lang`` and ``verdict_word`` for every template."""
    app.add_template_filter(in_lang, "in_lang")
    app.add_template_filter(verdict_word, "verdict_word")
