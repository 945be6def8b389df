"""Reading a need typed in plain words ("layanan untuk lansia di Jawa Tengah", "drug rehab in Bali")
into ATENSI clusters and provinces, in Indonesian and English."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sentra.insights.rules.regions import PROVINCES

# Words that name a need, by ATENSI cluster (Permensos 7/2021 Pasal 3; glossary in domain-indonesia.md).
CLUSTER_WORDS: dict[str, tuple[str, ...]] = {
    "lansia": (
        "lansia",
        "lanjut usia",
        "orang tua",
        "manula",
        "jompo",
        "kakek",
        "nenek",
        "elderly",
        "older people",
        "older person",
        "old age",
        "aged",
        "senior",
        "seniors",
        "grandparent",
        "grandmother",
        "grandfather",
    ),
    "anak": (
        "anak",
        "anak-anak",
        "balita",
        "remaja",
        "yatim",
        "piatu",
        "abh",
        "anak jalanan",
        "child",
        "children",
        "kid",
        "kids",
        "youth",
        "orphan",
        "orphans",
        "minor",
        "minors",
        "teenager",
    ),
    "disabilitas": (
        "disabilitas",
        "difabel",
        "cacat",
        "penyandang disabilitas",
        "tunanetra",
        "tunarungu",
        "tunawicara",
        "tunadaksa",
        "tunagrahita",
        "autis",
        "odgj",
        "gangguan jiwa",
        "jiwa",
        "mental",
        "psikososial",
        "disability",
        "disabilities",
        "disabled",
        "blind",
        "deaf",
        "wheelchair",
        "autism",
        "mental illness",
        "mental health",
        "psychosocial",
    ),
    "napza": (
        "napza",
        "narkoba",
        "narkotika",
        "pecandu",
        "rehabilitasi narkoba",
        "adiksi",
        "ketergantungan",
        "drug",
        "drugs",
        "addiction",
        "addict",
        "substance",
        "substance use",
        "alcohol",
    ),
    "tuna_sosial": (
        "tuna sosial",
        "gelandangan",
        "pengemis",
        "tunawisma",
        "pemulung",
        "perdagangan orang",
        "tppo",
        "korban perdagangan",
        "eksploitasi",
        "pekerja migran",
        "homeless",
        "beggar",
        "beggars",
        "trafficking",
        "trafficked",
        "exploitation",
        "migrant worker",
    ),
    "bencana": (
        "bencana",
        "korban bencana",
        "banjir",
        "gempa",
        "pengungsi",
        "disaster",
        "flood",
        "earthquake",
        "displaced",
        "refugee",
    ),
    "ppks_lainnya": (
        "kekerasan",
        "kdrt",
        "korban kekerasan",
        "terlantar",
        "fakir miskin",
        "miskin",
        "bullying",
        "violence",
        "domestic violence",
        "abuse",
        "neglect",
        "poverty",
        "poor",
    ),
}

# Words that carry no need or place: left out of the free-text remainder.
FILLER = frozenset(
    [
        "layanan",
        "untuk",
        "di",
        "ke",
        "dan",
        "atau",
        "yang",
        "bagi",
        "dengan",
        "dari",
        "pada",
        "cari",
        "mencari",
        "butuh",
        "membutuhkan",
        "perlu",
        "bantuan",
        "tolong",
        "saya",
        "kami",
        "ibu",
        "bapak",
        "ayah",
        "keluarga",
        "rehabilitasi",
        "rehab",
        "sosial",
        "perawatan",
        "tempat",
        "sentra",
        "balai",
        "panti",
        "lks",
        "provinsi",
        "kota",
        "kabupaten",
        "service",
        "services",
        "for",
        "in",
        "at",
        "and",
        "or",
        "the",
        "a",
        "an",
        "of",
        "to",
        "near",
        "find",
        "looking",
        "need",
        "needs",
        "help",
        "my",
        "our",
        "centre",
        "center",
        "centres",
        "centers",
        "rehabilitation",
        "rehab",
        "care",
        "where",
        "social",
        "province",
        "city",
        "regency",
    ]
)


@dataclass(frozen=True)
class NeedQuery:
    clusters: tuple[str, ...]
    provinces: tuple[str, ...]
    words: tuple[str, ...]  # what is left: matched against centre names and cities

    @property
    def is_empty(self) -> bool:
        return not (self.clusters or self.provinces or self.words)


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return " " + re.sub(r"[^a-z0-9-]+", " ", folded).strip() + " "


def _take(text: str, phrase: str) -> tuple[bool, str]:
    needle = " " + phrase + " "
    if needle in text:
        return True, text.replace(needle, " ")
    return False, text


def _province_phrases() -> list[tuple[str, str]]:
    phrases: list[tuple[str, str]] = []
    for province in PROVINCES:
        for phrase in (province.name_id, province.name_en, *province.aliases):
            phrases.append((normalise(phrase).strip(), province.code))
    # Longest first, so "papua barat daya" wins over "papua barat" and "papua".
    return sorted(phrases, key=lambda item: -len(item[0]))


_PROVINCE_PHRASES = _province_phrases()
_CLUSTER_PHRASES = sorted(
    ((normalise(word).strip(), cluster) for cluster, words in CLUSTER_WORDS.items() for word in words),
    key=lambda item: -len(item[0]),
)


def parse_need(text: str) -> NeedQuery:
    """Clusters and provinces named in ``text``, plus the remaining meaningful words."""
    rest = normalise(text[:300])
    provinces: list[str] = []
    for phrase, code in _PROVINCE_PHRASES:
        found, rest = _take(rest, phrase)
        if found and code not in provinces:
            provinces.append(code)
    clusters: list[str] = []
    for phrase, cluster in _CLUSTER_PHRASES:
        found, rest = _take(rest, phrase)
        if found and cluster not in clusters:
            clusters.append(cluster)
    words = tuple(word for word in rest.split() if word not in FILLER and len(word) > 1)
    return NeedQuery(clusters=tuple(clusters), provinces=tuple(provinces), words=words)
