"""Indonesian name normalisation for search and duplicate detection. Pure: strings in, strings out.

``name_key("H. Moch. Djoko Santoso, S.Sos")`` → ``"muhamad joko santoso"``:

* honorifics and religious/academic titles are dropped (``H.``, ``Hj.``, ``Ir.``, ``Dr.``, ``S.Sos``…);
* old spellings are modernised: ``oe``→``u``, ``dj``→``j``, ``tj``→``c``, ``sj``→``sy``,
  ``ch``→``kh``, and then ``kh``→``h`` so that Achmad/Akhmad/Ahmad and Chairul/Khairul/Hairul agree;
* doubled letters are collapsed (Muhammad → muhamad, Hassan → hasan);
* the many spellings and abbreviations of one name become one token: Muhammad/Muhamad/Mohammad/
  Mohamad/Moch./Moh./Muh./Mhd./M. → ``muhamad``; Siti/Sitti/St. → ``siti``; Ahmad/Achmad/Akhmad →
  ``ahmad``; Abdul/Abd./Abdoel → ``abdul``.

``compact(key)`` removes the spaces, which matches names written with or without them
(Nurhayati / Nur Hayati).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Titles and honorifics written before a name (compared without dots, lower case).
PREFIX_TITLES = frozenset(
    {
        "h",
        "hj",
        "haji",
        "hajah",
        "kh",
        "ust",
        "ustadz",
        "ustaz",
        "ustadzah",
        "dr",
        "drs",
        "dra",
        "ir",
        "prof",
        "bpk",
        "bapak",
        "pak",
        "ibu",
        "bu",
        "sdr",
        "sdri",
        "tn",
        "ny",
        "nn",
        "an",
        "alm",
        "almh",
        "dg",
        "drg",
        "apt",
        "ners",
    }
)
# Academic degrees written after a name (compared without dots, lower case).
DEGREES = frozenset(
    {
        "ssos",
        "spd",
        "spdi",
        "sh",
        "shi",
        "se",
        "sei",
        "skom",
        "st",
        "sag",
        "spsi",
        "skep",
        "skm",
        "sked",
        "ssi",
        "sip",
        "sikom",
        "ssn",
        "sfarm",
        "sgz",
        "ssit",
        "stp",
        "sp",
        "sthi",
        "sth",
        "sak",
        "sstp",
        "msi",
        "mm",
        "mpd",
        "mkes",
        "mh",
        "mba",
        "msc",
        "ma",
        "mt",
        "mkom",
        "mag",
        "mpsi",
        "msos",
        "amd",
        "amdkep",
        "amdkeb",
        "amk",
        "phd",
        "lc",
        "spkj",
        "sppd",
        "spa",
        "spog",
        "mars",
        "kes",
    }
)
# Canonical tokens (keys are already collapsed and modernised).
CANONICAL_TOKENS = {
    **dict.fromkeys(
        (
            "muhamad",
            "mohamad",
            "mohamed",
            "muhamed",
            "mohamat",
            "muhamat",
            "moh",
            "muh",
            "mhd",
            "mohd",
            "muhd",
            "mod",
            "mad",
        ),
        "muhamad",
    ),
    **dict.fromkeys(("siti", "sit", "st"), "siti"),
    **dict.fromkeys(("ahmad", "ahmat", "amad"), "ahmad"),
    **dict.fromkeys(("abdul", "abd", "abdol"), "abdul"),
    **dict.fromkeys(("nur", "nurul"), "nur"),
}
# Single letters that stand for a name when they open it ("M. Yusuf").
INITIAL_OPENERS = {"m": "muhamad"}
# Old (pre-1972) spellings, then "kh" to "h" so that Achmad/Akhmad/Ahmad and Chairul/Khairul agree.
OLD_SPELLINGS = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("ch", "kh"), ("kh", "h"))
# Short titles that are also names or name parts; stripped only when written with a dot.
AMBIGUOUS_TITLES = frozenset({"an", "dg", "tn", "nn", "ny", "bu", "pak"})
_SPLIT_RE = re.compile(r"[\s]+")
_NON_LETTERS_RE = re.compile(r"[^a-z ]+")
_DOUBLED_RE = re.compile(r"([a-z])\1+")


def _ascii_lower(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def _plain(token: str) -> str:
    return _NON_LETTERS_RE.sub("", token.replace("'", "").replace("`", ""))


def _modernise(token: str) -> str:
    for old, new in OLD_SPELLINGS:
        token = token.replace(old, new)
    return _DOUBLED_RE.sub(r"\1", token)


def _strip_degrees(text: str) -> str:
    """Drop comma-separated trailing segments made only of degrees ("Budi, S.Sos., M.Si")."""
    segments = [segment.strip() for segment in text.split(",")]
    kept = [segments[0]]
    for segment in segments[1:]:
        tokens = [_plain(token) for token in _SPLIT_RE.split(segment) if token]
        if tokens and all(token in DEGREES or not token for token in tokens):
            continue
        kept.append(segment)
    return " ".join(kept)


def _is_prefix_title(token: str, dotted: bool) -> bool:
    return token in PREFIX_TITLES and (dotted or token not in AMBIGUOUS_TITLES)


def tokens(full_name: str) -> list[str]:
    """Canonical name tokens, in the order written."""
    text = _strip_degrees(_ascii_lower(full_name))
    raw_tokens = [token for token in _SPLIT_RE.split(text) if token]
    result: list[str] = []
    for index, raw in enumerate(raw_tokens):
        dotted = "." in raw
        parts = _plain(raw.replace(".", " ").replace("-", " ")).split()
        if not parts:
            continue
        joined = "".join(parts)
        more_follow = index < len(raw_tokens) - 1
        if not result and more_follow and _is_prefix_title(joined, dotted):
            continue  # "H.", "Hj.", "Dr.", "Ir." before the name
        if result and dotted and joined in DEGREES:
            continue  # "S.Sos" after the name, without a comma
        if not result and more_follow and joined in INITIAL_OPENERS:
            result.append(INITIAL_OPENERS[joined])  # "M. Yusuf"
            continue
        for part in parts:
            modern = _modernise(part)
            result.append(CANONICAL_TOKENS.get(modern, modern))
    return result


@functools.lru_cache(maxsize=65536)
def name_key(full_name: str) -> str:
    """The normalised name used for search and duplicate detection (space-separated tokens).

    Cached: imports and synthetic data repeat the same names many times over.
    """
    return " ".join(tokens(full_name))


def compact(key: str) -> str:
    """A name key without spaces: "nur hayati" and "nurhayati" become equal."""
    return key.replace(" ", "")


def aliases_key(aliases: list[str]) -> str:
    """Normalised aliases joined by `` | `` (stored for search)."""
    keys = [name_key(alias) for alias in aliases]
    return " | ".join(key for key in keys if key)
