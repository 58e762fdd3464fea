"""Text read from a picture by Debian's tesseract-ocr with the Indonesian data (tesseract-ocr-ind).

Used when installed (settings.EVIDENCE_TESSERACT names the program, EVIDENCE_OCR_LANG the
language); otherwise every OCR is skipped with a note the office and the verifier see. Tesseract
is called as a program (no Python binding needed), one thread, the picture on its standard input.
"""

import functools
import io
import os
import shutil
import subprocess  # noqa: S404 - a fixed program with fixed arguments, no shell
from dataclasses import dataclass

from django.conf import settings
from PIL import Image

# Pages are scaled down to this many pixels on their long side (about 300 ppi for A4): more only
# costs time.
MAX_SIDE = 3500
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Engine:
    program: str
    lang: str


def engine() -> Engine | None:
    """The OCR engine to use, or None when tesseract or its Indonesian data is not installed."""
    program = getattr(settings, "EVIDENCE_TESSERACT", None)
    if program is None:
        program = shutil.which("tesseract") or ""
    lang = getattr(settings, "EVIDENCE_OCR_LANG", "ind")
    return Engine(program, lang) if program and _has_lang(program, lang) else None


@functools.lru_cache(maxsize=8)
def _has_lang(program: str, lang: str) -> bool:
    if not os.path.isfile(program) or not os.access(program, os.X_OK):
        return False
    try:
        listed = subprocess.run(
            [program, "--list-langs"],
            capture_output=True,
            timeout=20,
            check=False,
            text=True,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    langs = {line.strip() for line in (listed.stdout + listed.stderr).splitlines()}
    return all(part in langs for part in lang.split("+"))


def read_text(image: Image.Image, ocr: Engine) -> str:
    grey = image.convert("L")
    if max(grey.size) > MAX_SIDE:
        grey.thumbnail((MAX_SIDE, MAX_SIDE))
    buffer = io.BytesIO()
    grey.save(buffer, "PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(
        [ocr.program, "stdin", "stdout", "-l", ocr.lang, "--psm", "3"],
        input=buffer.getvalue(),
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
        env=env,
    )
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else ""
