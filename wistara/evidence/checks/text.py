"""Which indicator a text looks like, and which years it mentions.

Plain tokenisation with a light Indonesian affix stripper (particles, possessives, the common
me-/di-/ber-/pe-/ke-/ter- prefixes and -kan/-an/-i suffixes) and TF-IDF weights over the instrument's
own indicators, compared by cosine similarity. No stemming dictionary is needed: both sides go
through the same stripper, so "pemantauan" and "dipantau" meet at "pantau", and the instrument's
texts are the whole vocabulary that matters. Indicators are cached per instrument version and
settings revision (136 small documents).
"""

import math
import re
from collections import Counter
from functools import lru_cache

YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")
WORD = re.compile(r"[a-z]{3,}")
_STOP_WORDS = """
yang dan di ke dari untuk pada dengan dalam atau oleh ini itu adalah sebagai tidak ada akan telah
sudah serta juga bagi tentang terhadap secara setiap antara hingga sampai jika maka agar karena
para tersebut lain lainnya dapat harus belum masih lebih kurang per hal dll yaitu yakni bila
tahun jumlah nomor tanggal bulan kabupaten kota kab kecamatan desa kelurahan sehat kesehatan dinas
data laporan dokumen bukti dukung the and for of
"""
STOP = frozenset(_STOP_WORDS.split())
PREFIXES = (
    "meng",
    "meny",
    "mem",
    "men",
    "me",
    "peng",
    "peny",
    "pem",
    "pen",
    "pe",
    "ber",
    "be",
    "ter",
    "di",
    "ke",
    "se",
)
SUFFIXES = ("kan", "an", "i")
PARTICLES = ("lah", "kah", "nya", "pun", "ku", "mu")


def stem(word: str) -> str:
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 4:
            word = word[: -len(particle)]
            break
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            word = word[len(prefix) :]
            break
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word


def tokens(text: str) -> list[str]:
    return [stem(word) for word in WORD.findall(text.lower()) if word not in STOP]


def years_mentioned(text: str) -> list[int]:
    return sorted({int(year) for year in YEAR.findall(text)})


class Matcher:
    """TF-IDF vectors of an instrument's indicators; `rank` scores a text against all of them."""

    def __init__(self, documents: dict[int, str]):
        counted = {key: Counter(tokens(text)) for key, text in documents.items()}
        frequency = Counter(term for counts in counted.values() for term in counts)
        total = max(1, len(counted))
        self.idf = {term: math.log((1 + total) / (1 + n)) + 1 for term, n in frequency.items()}
        self.vectors = {key: self._weigh(counts) for key, counts in counted.items()}

    def _weigh(self, counts: Counter) -> dict[str, float]:
        vector = {term: (1 + math.log(n)) * self.idf[term] for term, n in counts.items() if term in self.idf}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        return {term: w / norm for term, w in vector.items()}

    def rank(self, text: str) -> list[tuple[int, float]]:
        """(indicator key, cosine similarity), best first."""
        query = self._weigh(Counter(tokens(text)))
        scores = [
            (key, sum(query.get(term, 0.0) * w for term, w in vector.items()))
            for key, vector in self.vectors.items()
        ]
        return sorted(scores, key=lambda item: -item[1])


@lru_cache(maxsize=8)
def matcher_for(version_id: int, revision: int) -> Matcher:
    """The matcher of an instrument version's indicators (name, definition, data source, required
    evidence, the configured words), cached per settings revision."""
    from wistara.instruments.models import Indicator

    rows = Indicator.objects.filter(section__version_id=version_id).values_list(
        "id", "name", "definition", "data_source", "evidence_required", "evidence_words__words"
    )
    return Matcher({row[0]: " ".join(part or "" for part in row[1:]) for row in rows})
