"""Deterministic synthetic persons for scale work: realistic Indonesian names by region, valid NIKs.

``generate(count, seed=...)`` yields rows in the import format (``IMPORT.md``), the same for the same
seed. Names follow the naming customs of the region the NIK comes from (Javanese and Sundanese given
names, Batak and Minahasa family names, Balinese birth-order names, Bugis titles, Papuan clan names,
Arabic-origin names everywhere, single names common); some rows carry the spelling variants the
duplicate finder must cope with. NIKs are consistent with region, birth date and sex.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sentra.beneficiaries.rules.nik import build_nik

# Districts (PP.KK.CC) used when no region list is loaded, a few per island group.
FALLBACK_DISTRICTS = (
    "11.71.01",
    "12.71.02",
    "12.12.05",
    "13.71.03",
    "14.71.01",
    "16.71.04",
    "18.71.01",
    "21.71.02",
    "31.71.01",
    "31.72.03",
    "31.74.05",
    "31.75.04",
    "32.73.01",
    "32.75.01",
    "32.04.10",
    "33.74.02",
    "33.72.01",
    "34.71.01",
    "35.78.04",
    "35.73.02",
    "36.71.01",
    "36.02.04",
    "51.71.01",
    "51.03.02",
    "52.71.01",
    "53.71.02",
    "61.71.01",
    "62.71.01",
    "63.71.02",
    "64.72.01",
    "71.71.01",
    "72.71.02",
    "73.71.05",
    "74.71.01",
    "76.01.01",
    "81.71.01",
    "82.71.01",
    "91.71.01",
    "94.71.01",
)

ISLAMIC_MALE = (
    "Muhammad",
    "Ahmad",
    "Abdul",
    "Rizki",
    "Fajar",
    "Hasan",
    "Yusuf",
    "Ilham",
    "Arif",
    "Irfan",
    "Hendra",
    "Rahmat",
    "Syaiful",
    "Taufik",
    "Hidayat",
    "Ridwan",
    "Fauzi",
    "Zainal",
    "Ali",
)
ISLAMIC_FEMALE = (
    "Siti",
    "Nur",
    "Aisyah",
    "Fatimah",
    "Dewi",
    "Rina",
    "Putri",
    "Indah",
    "Ayu",
    "Wulan",
    "Nurul",
    "Halimah",
    "Aminah",
    "Khadijah",
    "Rahmawati",
    "Lestari",
    "Fitri",
    "Yuliana",
)
JAVANESE_MALE = (
    "Budi",
    "Slamet",
    "Joko",
    "Agus",
    "Bambang",
    "Eko",
    "Wahyu",
    "Dwi",
    "Tri",
    "Sugeng",
    "Heru",
    "Bayu",
    "Teguh",
    "Sutrisno",
    "Suparman",
    "Suharto",
    "Wawan",
    "Prasetyo",
)
JAVANESE_FEMALE = (
    "Sri",
    "Suwarni",
    "Sumarni",
    "Wahyuni",
    "Endang",
    "Sulastri",
    "Sutarmi",
    "Rukmini",
    "Ningsih",
    "Winarti",
    "Dwi",
    "Tri",
    "Retno",
    "Kartini",
    "Murni",
)
JAVANESE_SURNAMES = (
    "Santoso",
    "Wibowo",
    "Susanto",
    "Setiawan",
    "Purnomo",
    "Nugroho",
    "Saputra",
    "Pratama",
    "Kurniawan",
    "Hartono",
    "Gunawan",
    "Hidayat",
    "Wijaya",
    "Utomo",
    "Sulistyo",
)
SUNDANESE_MALE = ("Asep", "Ujang", "Dede", "Cecep", "Dadang", "Ade", "Iwan", "Yayan", "Encep", "Aceng")
SUNDANESE_FEMALE = ("Euis", "Neng", "Iis", "Enok", "Cucu", "Imas", "Lilis", "Yati", "Nining", "Teti")
SUNDANESE_SURNAMES = ("Sunarya", "Suryana", "Permana", "Hermawan", "Rukmana", "Supriatna", "Kusnadi")
BATAK_SURNAMES = (
    "Simanjuntak",
    "Siregar",
    "Nasution",
    "Harahap",
    "Lubis",
    "Sitompul",
    "Hutapea",
    "Pardede",
    "Sinaga",
    "Situmorang",
    "Panjaitan",
    "Simatupang",
    "Tambunan",
    "Manurung",
)
CHRISTIAN_MALE = (
    "Yohanes",
    "Agustinus",
    "Fransiskus",
    "Petrus",
    "Stefanus",
    "Daniel",
    "Yosef",
    "Markus",
    "Paulus",
    "Samuel",
    "Yakob",
    "Marthen",
    "Benyamin",
    "Thomas",
)
CHRISTIAN_FEMALE = (
    "Maria",
    "Yuliana",
    "Veronika",
    "Elisabeth",
    "Theresia",
    "Agnes",
    "Ruth",
    "Debora",
    "Magdalena",
    "Kristina",
    "Yohana",
    "Martha",
)
MINAHASA_SURNAMES = ("Lumowa", "Sondakh", "Rumengan", "Wenas", "Pangemanan", "Tumbelaka", "Mandagi")
MINANG_MALE = ("Rizal", "Syahrul", "Firdaus", "Zulkifli", "Afrizal", "Yulianto", "Hendri", "Darmawan")
MINANG_FEMALE = ("Yusnimar", "Rosmaniar", "Nurhayati", "Elvira", "Yenni", "Desi", "Rahmi", "Fitriani")
MINANG_SURNAMES = ("", "Chaniago", "Piliang", "Koto", "Sikumbang")
EASTERN_SURNAMES = ("Ndun", "Bessie", "Lay", "Pattiasina", "Latuheru", "Manuputty")
CHINESE_SURNAMES = ("Wijaya", "Halim", "Gunawan", "Santoso", "Tanoto")
BALINESE_BIRTH_ORDER = ("Wayan", "Putu", "Gede", "Made", "Kadek", "Nengah", "Nyoman", "Komang", "Ketut")
BALINESE_GIVEN = (
    "Sudarta",
    "Suardana",
    "Artawan",
    "Astawa",
    "Sukerta",
    "Ayu Lestari",
    "Sri Utami",
    "Dewi Kartika",
    "Mahendra",
    "Sudiarsa",
    "Suarni",
    "Yuliani",
)
BUGIS_GIVEN = ("Andi", "Daeng", "Baso", "Muh.", "Hj.", "Besse", "Becce")
BUGIS_SURNAMES = ("Mappanyukki", "Rahman", "Amiruddin", "Mattalitti", "Pawelloi", "Mallarangeng")
PAPUAN_GIVEN = ("Yakob", "Marthen", "Elias", "Natalis", "Yulianus", "Frida", "Rosalina", "Mince", "Ance")
PAPUAN_SURNAMES = ("Wenda", "Kogoya", "Tabuni", "Wonda", "Murib", "Yikwa", "Kambu", "Rumbiak", "Mandowen")
CHINESE_INDONESIAN = (
    "Hendra",
    "Lina",
    "Suryadi",
    "Linda",
    "Budiman",
    "Susanti",
    "Halim",
    "Tanoto",
    "Wijaya",
    "Gunawan",
    "Kurniadi",
    "Lim",
    "Tan",
)
# Javanese given names are built from a prefix and a root (Su-parman, Sri-yati, Tri-yanto).
JAVANESE_PREFIXES = (
    "Su",
    "Sri",
    "Tri",
    "Dwi",
    "Sa",
    "Pu",
    "Wi",
    "Har",
    "Mar",
    "Sar",
    "Kas",
    "Wal",
    "Sis",
    "Rus",
)
JAVANESE_ROOTS_MALE = (
    "parman",
    "yanto",
    "tarno",
    "giyanto",
    "marno",
    "wardi",
    "harto",
    "prapto",
    "kamto",
    "ripto",
    "jono",
    "radi",
    "wanto",
    "yono",
    "mijo",
    "diman",
    "ratno",
    "naryo",
    "pardi",
    "hadi",
    "santo",
    "widodo",
    "darto",
    "gito",
    "kirno",
    "lamet",
    "mono",
    "tomo",
)
JAVANESE_ROOTS_FEMALE = (
    "karmi",
    "darmi",
    "rati",
    "yati",
    "narti",
    "tini",
    "tinah",
    "yem",
    "wati",
    "warni",
    "lastri",
    "mini",
    "pini",
    "rini",
    "tuti",
    "yani",
    "sih",
    "ningsih",
    "inah",
    "asih",
    "murni",
    "wiyah",
    "tarmi",
    "kinah",
    "umi",
    "lestari",
)
# Second given names common across the archipelago.
MIDDLE_MALE = (
    "Adi",
    "Budi",
    "Cahya",
    "Dwi",
    "Eka",
    "Fajar",
    "Hadi",
    "Indra",
    "Jaya",
    "Kurnia",
    "Nur",
    "Putra",
    "Rahmat",
    "Satria",
    "Tegar",
    "Wira",
    "Yoga",
    "Aji",
    "Bagus",
    "Dimas",
    "Galih",
    "Arya",
)
MIDDLE_FEMALE = (
    "Ayu",
    "Dewi",
    "Eka",
    "Fitri",
    "Indah",
    "Kartika",
    "Lestari",
    "Mega",
    "Nur",
    "Puspita",
    "Ratna",
    "Sari",
    "Tri",
    "Utami",
    "Wulan",
    "Yuni",
    "Anggraini",
    "Permata",
    "Cahyani",
    "Kusuma",
)


def _javanese_given(rng: random.Random, female: bool) -> str:
    roots = JAVANESE_ROOTS_FEMALE if female else JAVANESE_ROOTS_MALE
    return _pick(rng, JAVANESE_PREFIXES) + _pick(rng, roots)


def _given(rng: random.Random, pool: Sequence[str], female: bool, middle: float = 0.5) -> str:
    first = _pick(rng, pool)
    if rng.random() < middle:
        second = _pick(rng, MIDDLE_FEMALE if female else MIDDLE_MALE)
        if second != first:
            return f"{first} {second}"
    return first


# Spellings that intake staff write differently: the duplicate finder's daily bread.
VARIANTS = {
    "Muhammad": ("Muhamad", "Mohammad", "Mohamad", "Moh.", "M."),
    "Siti": ("Sitti", "St."),
    "Ahmad": ("Achmad", "Akhmad"),
    "Yusuf": ("Jusuf", "Yusup"),
    "Joko": ("Djoko",),
    "Sukarno": ("Soekarno",),
    "Nurhayati": ("Nur Hayati",),
    "Hasan": ("Hassan",),
}
CLUSTERS = ("anak", "lansia", "disabilitas", "napza", "tuna_sosial", "bencana", "ppks_lainnya")
CHANNELS = ("walk_in", "dinsos_referral", "hotline", "public_report", "court", "hospital", "outreach")
NO_NIK_REASONS = ("identity_unknown", "never_registered", "documents_lost", "child_not_registered")
DISABILITIES = ("seeing", "hearing", "communication", "mobility", "cognition", "psychosocial", "intellectual")


@dataclass(frozen=True)
class Place:
    district: str  # PP.KK.CC
    village: str  # PP.KK.CC.DDDD or ""


def _style(province: int) -> str:
    if province == 12:
        return "batak"
    if province == 13:
        return "minang"
    if province in (32, 36):
        return "sunda"
    if province in (33, 34, 35):
        return "jawa"
    if province == 51:
        return "bali"
    if province in (71, 72):
        return "minahasa"
    if province == 73:
        return "bugis"
    if province in (53, 81, 82) or province >= 91:
        return "timur" if province < 91 else "papua"
    if province == 31:
        return "jakarta"
    return "islam"


def _pick(rng: random.Random, options: Sequence[str]) -> str:
    return options[rng.randrange(len(options))]


def person_name(rng: random.Random, province: int, sex: str) -> str:
    """A plausible name for someone first registered in ``province``."""
    female = sex == "F"
    pool: tuple[str, ...]
    style = _style(province)
    if style == "jakarta":
        style = _pick(rng, ("jawa", "sunda", "islam", "batak", "chinese", "timur"))
    if rng.random() < 0.15 and style in ("jawa", "sunda", "islam"):
        if rng.random() < 0.7:
            return _javanese_given(rng, female)  # a single name
        singles: tuple[str, ...] = JAVANESE_FEMALE if female else JAVANESE_MALE
        return _pick(rng, (*singles, "Sukarno", "Nurhayati", "Suharti", "Paijo", "Tukiyem"))
    if style == "jawa":
        pool = (JAVANESE_FEMALE + ISLAMIC_FEMALE) if female else (JAVANESE_MALE + ISLAMIC_MALE)
        first = _javanese_given(rng, female) if rng.random() < 0.4 else _given(rng, pool, female)
        return f"{first} {_pick(rng, JAVANESE_SURNAMES)}" if rng.random() < 0.7 else first
    if style == "sunda":
        pool = (SUNDANESE_FEMALE + ISLAMIC_FEMALE) if female else (SUNDANESE_MALE + ISLAMIC_MALE)
        first = _given(rng, pool, female)
        return f"{first} {_pick(rng, SUNDANESE_SURNAMES)}" if rng.random() < 0.7 else first
    if style == "batak":
        pool = (CHRISTIAN_FEMALE + ISLAMIC_FEMALE) if female else (CHRISTIAN_MALE + ISLAMIC_MALE)
        return f"{_given(rng, pool, female)} {_pick(rng, BATAK_SURNAMES)}"
    if style == "minang":
        given = _given(rng, MINANG_FEMALE if female else MINANG_MALE, female)
        return f"{given} {_pick(rng, MINANG_SURNAMES)}".strip()
    if style == "bali":
        prefix = "Ni" if female else "I"
        return f"{prefix} {_pick(rng, BALINESE_BIRTH_ORDER)} {_pick(rng, BALINESE_GIVEN)}"
    if style == "minahasa":
        given = _given(rng, CHRISTIAN_FEMALE if female else CHRISTIAN_MALE, female)
        return f"{given} {_pick(rng, MINAHASA_SURNAMES)}"
    if style == "bugis":
        title = _pick(rng, BUGIS_GIVEN) if rng.random() < 0.4 else ""
        first = _pick(rng, ISLAMIC_FEMALE if female else ISLAMIC_MALE)
        return " ".join(part for part in (title, first, _pick(rng, BUGIS_SURNAMES)) if part)
    if style == "papua":
        return f"{_given(rng, PAPUAN_GIVEN, female, middle=0.3)} {_pick(rng, PAPUAN_SURNAMES)}"
    if style == "timur":
        given = _given(rng, CHRISTIAN_FEMALE if female else CHRISTIAN_MALE, female)
        return f"{given} {_pick(rng, EASTERN_SURNAMES)}"
    if style == "chinese":
        return f"{_pick(rng, CHINESE_INDONESIAN)} {_pick(rng, CHINESE_SURNAMES)}"
    first = _given(rng, ISLAMIC_FEMALE if female else ISLAMIC_MALE, female)
    middle = _pick(rng, ISLAMIC_FEMALE if female else ISLAMIC_MALE) if rng.random() < 0.4 else ""
    return " ".join(
        part
        for part in (first, middle, _pick(rng, ("Saputra", "Hidayat", "Rahman", "Ramadhan", "Lubis", "")))
        if part
    )


def variant(rng: random.Random, name: str) -> str:
    """The same name as another clerk might write it."""
    words = name.split()
    for index, word in enumerate(words):
        if word in VARIANTS and rng.random() < 0.7:
            words[index] = _pick(rng, VARIANTS[word])
    return " ".join(words)


def _birth_date(rng: random.Random, cluster: str, today: datetime.date) -> datetime.date:
    low, high = {"anak": (1, 17), "lansia": (60, 95)}.get(cluster, (18, 70))
    age_days = rng.randrange(low * 365, high * 365 + 1)
    return today - datetime.timedelta(days=age_days)


def generate(
    count: int,
    *,
    seed: int,
    places: Sequence[Place] | None = None,
    today: datetime.date | None = None,
    repeat_share: float = 0.02,
) -> Iterator[dict[str, str]]:
    """``count`` rows in the import format, identical for the same seed, places and day.

    ``repeat_share`` of the rows re-register someone generated earlier, without NIK and often with a
    spelling variant: the duplicates a registry really receives.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    today = today or datetime.date(2026, 1, 1)
    spots = list(places) if places else [Place(code, "") for code in FALLBACK_DISTRICTS]
    used: set[tuple[str, datetime.date, str, int]] = set()
    serial_base = 1 + seed % 7000
    previous: list[dict[str, str]] = []
    for _ in range(count):
        place = spots[rng.randrange(len(spots))]
        sex = "F" if rng.random() < 0.5 else "M"
        cluster = _pick(rng, CLUSTERS)
        born = _birth_date(rng, cluster, today)
        province = int(place.district[:2])
        if previous and rng.random() < repeat_share:  # a second registration of someone already generated
            earlier = previous[rng.randrange(len(previous))]
            row = dict(earlier)
            row["full_name"] = variant(rng, earlier["full_name"])
            row["nik"] = ""
            row["no_nik_reason"] = "documents_lost"
            row["kk_number"] = ""
            yield row
            continue
        name = person_name(rng, province, sex)
        row = {
            "full_name": variant(rng, name) if rng.random() < 0.1 else name,
            "sex": sex,
            "intake_channel": _pick(rng, CHANNELS),
            "nik": "",
            "no_nik_reason": "",
            "kk_number": "",
            "birth_date": born.isoformat(),
            "region_code": place.village or place.district,
            "clusters": cluster,
            "disability_types": _pick(rng, DISABILITIES) if cluster == "disabilitas" else "",
            "phone": f"08{rng.randrange(11, 99)}{rng.randrange(10_000_000, 99_999_999)}"
            if rng.random() < 0.6
            else "",
        }
        if rng.random() < 0.12:
            row["no_nik_reason"] = _pick(rng, NO_NIK_REASONS)
        else:
            serial = serial_base + rng.randrange(2000)
            while (place.district, born, sex, serial) in used:
                serial = serial % 9999 + 1
            used.add((place.district, born, sex, serial))
            row["nik"] = build_nik(district_code=place.district, birth_date=born, sex=sex, serial=serial)
            row["kk_number"] = place.district.replace(".", "") + f"{rng.randrange(10**9, 10**10)}"
        if len(previous) < 5000:
            previous.append(row)
        elif rng.random() < 0.01:
            previous[rng.randrange(len(previous))] = row
        yield row
