"""YAML text for instruments and award rules (PyYAML safe_load / safe_dump only).

An exported instrument is meant to be read and edited by people: keys in a fixed order,
multi-line texts as literal blocks, Indonesian text and symbols such as '≥' kept as they are.
"""

from pathlib import Path

import yaml

from .errors import InstrumentImportError
from .schema import normalise_award_rules

DEFAULT_RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "award-rules-kks.yaml"


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, which reads better than PyYAML's flush style.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: dict) -> str:
    # No line folding: long one-line texts stay on one line, which keeps diffs and grep simple.
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000
    )


def load_yaml(text: str, *, source: str = "YAML") -> dict:
    """The mapping in `text`; raises InstrumentImportError on bad YAML or a non-mapping."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InstrumentImportError([f"{source}{where}: invalid YAML ({problem})"]) from exc
    if not isinstance(data, dict):
        raise InstrumentImportError(
            [f"{source}: expected a mapping at the top level, found {type(data).__name__}"]
        )
    return data


def read_yaml_file(path: str | Path) -> dict:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentImportError([f"{path.name}: cannot read the file ({exc})"]) from exc
    return load_yaml(text, source=path.name)


def load_award_rules(path: str | Path | None = None) -> dict:
    """Validated award rules from a YAML file; the shipped KKS rules by default."""
    path = Path(path) if path else DEFAULT_RULES_PATH
    return normalise_award_rules(read_yaml_file(path), path=path.name)
