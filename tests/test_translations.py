"""Bahasa Indonesia is the users' language: every string has a translation, compiled."""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_it_translates_every_string_to_indonesian():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated and not fuzzy, untranslated + fuzzy


def test_it_ships_a_compiled_catalogue_matching_the_source():
    compiled = polib.mofile(str(PO.with_suffix(".mo")))
    source = polib.pofile(str(PO))
    assert {(e.msgid, e.msgstr) for e in compiled if e.msgid} == {
        (e.msgid, e.msgstr) for e in source.translated_entries() if not e.msgid_plural
    } | {(e.msgid, e.msgstr) for e in compiled if e.msgid_plural}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_it_has_every_marked_string_in_the_catalogue(tmp_path):
    # Extract the strings afresh into a copy and compare with the committed catalogue.
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "var", "staticfiles", "bench", "node_modules", "*.sqlite3*"
        ),
    )
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "manage.py",
            "makemessages",
            "-l",
            "id",
            "--ignore",
            ".venv/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin", "SQLITE_PATH": str(tmp_path / "x.sqlite3")},
    )
    fresh = polib.pofile(str(copy / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in fresh if not e.obsolete and not (e.msgstr or e.msgid_plural)]
    assert not missing, f"run `make messages` and translate: {missing}"
