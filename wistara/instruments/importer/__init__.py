"""Reading instruments from the official workbook and from YAML, into one dict shape.

Nothing here touches the database: `wistara.instruments.services` validates with these
functions first and only then writes, in one transaction.
"""

from .errors import InstrumentImportError
from .schema import SETTING_DEFAULTS, normalise_award_rules, normalise_instrument
from .workbook import parse_workbook
from .yaml_io import DEFAULT_RULES_PATH, dump_yaml, load_award_rules, load_yaml, read_yaml_file

__all__ = [
    "DEFAULT_RULES_PATH",
    "InstrumentImportError",
    "SETTING_DEFAULTS",
    "dump_yaml",
    "load_award_rules",
    "load_yaml",
    "normalise_award_rules",
    "normalise_instrument",
    "parse_workbook",
    "read_yaml_file",
]
