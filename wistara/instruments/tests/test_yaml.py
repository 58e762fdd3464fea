"""YAML export and import: lossless round trip, readable text, clear validation messages."""

import copy

import pytest
import yaml

from wistara.instruments.importer import (
    DEFAULT_RULES_PATH,
    InstrumentImportError,
    dump_yaml,
    load_award_rules,
    load_yaml,
    normalise_instrument,
)
from wistara.instruments.models import Indicator, InstrumentVersion, Section
from wistara.instruments.services import (
    instrument_from_dict,
    instrument_import,
    instrument_to_dict,
    instrument_to_yaml,
)


def _without_code(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "code"}


@pytest.mark.django_db
def test_it_round_trips_an_instrument_losslessly_under_a_new_code(kks_data: dict) -> None:
    original, _ = instrument_import(data=kks_data, code="KKS-2025")
    exported = instrument_to_dict(original)
    copy_version = instrument_from_dict(load_yaml(instrument_to_yaml(original)), code="KKS-2025-B")
    again = instrument_to_dict(copy_version)
    assert again["code"] == "KKS-2025-B"
    assert _without_code(again) == _without_code(exported)
    assert InstrumentVersion.objects.count() == 2
    assert Indicator.objects.filter(section__version=copy_version).count() == 152


@pytest.mark.django_db
def test_it_exports_exactly_what_was_imported(kks_data: dict) -> None:
    version, _ = instrument_import(data=kks_data, code="KKS-2025")
    assert instrument_to_dict(version) == normalise_instrument(kks_data)


def test_it_writes_readable_yaml(kks_data: dict) -> None:
    text = dump_yaml(normalise_instrument(kks_data))
    assert text.startswith("code: KKS-2025\nname: Instrumen Penilaian")
    assert "    scale_text: |-\n" in text  # multi-line texts as literal blocks
    assert "\\n" not in text and "≥" in text  # no escaped newlines, symbols kept
    assert yaml.safe_load(text) == normalise_instrument(kks_data)


def test_it_uses_the_code_in_the_yaml_when_none_is_given(kks_data: dict) -> None:
    assert normalise_instrument(kks_data)["code"] == "KKS-2025"
    assert normalise_instrument(kks_data, code="X")["code"] == "X"


def test_it_reports_invalid_yaml_with_its_line() -> None:
    with pytest.raises(InstrumentImportError) as caught:
        load_yaml("code: KKS\nsections: [\n  - a: b\n", source="kks.yaml")
    assert caught.value.errors[0].startswith("kks.yaml, line 3")
    assert "invalid YAML" in caught.value.errors[0]


def test_it_rejects_yaml_that_is_not_a_mapping() -> None:
    with pytest.raises(InstrumentImportError, match="kks.yaml: expected a mapping"):
        load_yaml("- just\n- a list\n", source="kks.yaml")


def test_it_names_missing_keys_and_wrong_types_with_their_path(kks_data: dict) -> None:
    data = copy.deepcopy(kks_data)
    del data["award_year"]
    data["sections"][0]["indicators"][1]["options"][0]["points"] = "seratus"
    del data["sections"][2]["indicators"][0]["name"]
    data["sections"][9]["body"] = "dinas"
    data["award_rules"]["kelembagaan_pass_mark"] = 160
    with pytest.raises(InstrumentImportError) as caught:
        normalise_instrument(data)
    assert caught.value.errors == [
        "instrument: missing key 'award_year'",
        "award_rules: 'kelembagaan_pass_mark' must be a number from 0 to 100 with at most 2 decimals",
        "sections[0].indicators[1].options[0]: 'points' must be a whole number from 0 to 100",
        "sections[2].indicators[0]: missing key 'name'",
        "sections[9]: 'body' must be one of tim_pembina, forum, fkk, pokja (not 'dinas')",
    ]


def test_it_rejects_duplicate_codes_and_empty_options(kks_data: dict) -> None:
    data = copy.deepcopy(kks_data)
    data["sections"][1]["code"] = "T1"
    data["sections"][0]["indicators"][3]["number"] = 1
    data["sections"][0]["indicators"][4]["options"] = []
    with pytest.raises(InstrumentImportError) as caught:
        normalise_instrument(data)
    assert caught.value.errors == [
        "sections[0].indicators[4]: 'options' must be a non-empty list",
        "sections[0]: duplicate indicator number 1",
        "sections: duplicate section code 'T1'",
    ]


@pytest.mark.django_db
def test_it_writes_nothing_for_invalid_yaml_data(kks_data: dict) -> None:
    data = copy.deepcopy(kks_data)
    data["sections"][-1]["indicators"][-1]["element"] = "kantor"
    with pytest.raises(InstrumentImportError, match="'element' must be one of"):
        instrument_from_dict(data)
    assert (InstrumentVersion.objects.count(), Section.objects.count()) == (0, 0)


def test_it_ships_the_kks_award_rules() -> None:
    rules = load_award_rules()
    assert (rules["score_method"], rules["kelembagaan_pass_mark"]) == ("per_indicator", 60)
    assert [
        (c["code"], c["name"], c["rank"], c["min_score"], c["min_odf_percent"]) for c in rules["categories"]
    ] == [
        ("padapa", "Padapa", 1, 71, 80),
        ("wiwerda", "Wiwerda", 2, 81, 90),
        ("wistara", "Wistara", 3, 91, 100),
        ("wistara-paripurna", "Wistara Paripurna", 4, 91, 100),
    ]
    assert all(c["requires_kelembagaan_pass"] for c in rules["categories"])
    assert rules["categories"][3]["previous_categories"] == ["wistara", "wistara-paripurna"]
    assert "KKS.md section 6" in DEFAULT_RULES_PATH.read_text()


def test_it_rejects_award_rules_naming_an_unknown_previous_category(tmp_path) -> None:
    path = tmp_path / "rules.yaml"
    rules = load_award_rules()
    rules["categories"][3]["previous_categories"] = ["utama"]
    path.write_text(yaml.safe_dump(rules))
    with pytest.raises(InstrumentImportError, match="unknown previous category 'utama'"):
        load_award_rules(path)
