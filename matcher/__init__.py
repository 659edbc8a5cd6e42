"""Tandem: matchmaking between SMEs and public research labs."""

from .errors import DataError, InvalidInputError, MatcherError, UnknownNameError
from .matching.scoring import ProfileIndex, score_profiles

__all__ = ["DataError", "InvalidInputError", "MatcherError", "ProfileIndex", "UnknownNameError", "score_profiles"]
__version__ = "0.1.0"
