"""Pure assessment rules: instrument definitions, the scoring engine and the needs engine. No Django.

* ``model``: the parsed definitions (``Instrument``, ``Library``); ``parsing``: parse and check files,
  ``load_library``; ``plans``: compiled scoring plans per form and parameter set.
* ``scoring``: ``score(instrument, answers, parameters)`` -> ``Result``.
* ``needs``: ``recommend(ruleset, results)`` -> recommendations, each with the rule that produced it.
"""

from sentra.assessments.rules.errors import DefinitionError
from sentra.assessments.rules.model import Instrument, Library, text_in
from sentra.assessments.rules.needs import Recommendation, Ruleset, load_ruleset, parse_ruleset, recommend
from sentra.assessments.rules.parsing import load_library, parse_instrument
from sentra.assessments.rules.scoring import MESSAGES, Problem, Result, score

__all__ = [
    "MESSAGES",
    "DefinitionError",
    "Instrument",
    "Library",
    "Problem",
    "Recommendation",
    "Result",
    "Ruleset",
    "load_library",
    "load_ruleset",
    "parse_instrument",
    "parse_ruleset",
    "recommend",
    "score",
    "text_in",
]
