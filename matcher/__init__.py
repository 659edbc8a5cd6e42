"""Tandem: matchmaking between SMEs and public research labs.

The public API: :class:`Engine` (every operation over a store), :class:`Settings`, the
scorer (:class:`ProfileIndex`, :func:`score_profiles`), the errors, and the format of the
needs files the engine reads. Records and their rules are in :mod:`matcher.records`.
"""

from .catalogue.tabular import COLUMNS as NEED_FILE_COLUMNS
from .catalogue.tabular import MAX_ROWS as NEED_FILE_MAX_ROWS
from .catalogue.tabular import REQUIRED as NEED_FILE_REQUIRED
from .catalogue.tabular import slugify
from .engine import Engine
from .errors import DataError, InvalidInputError, MatcherError, Problem, UnknownNameError
from .matching.embedders import EMBEDDERS, embedder_params
from .matching.ranking import MAX_TOP
from .matching.scoring import ProfileIndex, score_profiles
from .settings import Settings, number_setting

__all__ = ["EMBEDDERS", "MAX_TOP", "NEED_FILE_COLUMNS", "NEED_FILE_MAX_ROWS", "NEED_FILE_REQUIRED", "DataError",
           "Engine", "InvalidInputError", "MatcherError", "Problem", "ProfileIndex", "Settings", "UnknownNameError",
           "embedder_params", "number_setting", "score_profiles", "slugify"]
__version__ = "0.1.0"
