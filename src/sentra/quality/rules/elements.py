"""The wording of the nine survey elements: the regulation's Indonesian text is data, kept with English.

The Indonesian questions and the four answer labels per element follow the sample questionnaire of
PermenPANRB 14/2017 as reproduced by public SKM implementations (domain-indonesia.md §2.3, where the
labels of elements 6-9 are verified and the others partly verified, e.g. "Gratis" = 4 for biaya).
They are shown verbatim in Indonesian and are not run through gettext; the English is our translation.
"""

from __future__ import annotations

from dataclasses import dataclass

from sentra.quality.rules.ikm import ELEMENT_NAMES


@dataclass(frozen=True)
class ElementText:
    name: str
    title_id: str
    title_en: str
    question_id: str
    question_en: str
    answers_id: tuple[str, str, str, str]  # the labels of the answers 1, 2, 3 and 4
    answers_en: tuple[str, str, str, str]

    def title(self, language: str) -> str:
        return self.title_en if language.startswith("en") else self.title_id

    def question(self, language: str) -> str:
        return self.question_en if language.startswith("en") else self.question_id

    def answers(self, language: str) -> tuple[str, str, str, str]:
        return self.answers_en if language.startswith("en") else self.answers_id


ELEMENT_TEXTS: tuple[ElementText, ...] = (
    ElementText(
        name="persyaratan",
        title_id="Persyaratan",
        title_en="Requirements",
        question_id=(
            "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"
        ),
        question_en="How well do the service requirements fit the kind of service?",
        answers_id=("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        answers_en=("Not fitting", "Hardly fitting", "Fitting", "Very fitting"),
    ),
    ElementText(
        name="prosedur",
        title_id="Sistem, Mekanisme, dan Prosedur",
        title_en="Systems, mechanisms and procedures",
        question_id="Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        question_en="How easy are the service procedures of this unit?",
        answers_id=("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
        answers_en=("Not easy", "Hardly easy", "Easy", "Very easy"),
    ),
    ElementText(
        name="waktu",
        title_id="Waktu Penyelesaian",
        title_en="Completion time",
        question_id="Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        question_en="How quickly was the service given?",
        answers_id=("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
        answers_en=("Not fast", "Hardly fast", "Fast", "Very fast"),
    ),
    ElementText(
        name="biaya",
        title_id="Biaya/Tarif",
        title_en="Cost / fee",
        question_id="Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        question_en="How fair is the cost or fee of the service?",
        answers_id=("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
        answers_en=("Very expensive", "Rather expensive", "Cheap", "Free"),
    ),
    ElementText(
        name="produk",
        title_id="Produk Spesifikasi Jenis Pelayanan",
        title_en="Service product",
        question_id=(
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
            "dalam standar pelayanan dengan hasil yang diberikan?"
        ),
        question_en="How well does what you received match what the service standard promises?",
        answers_id=("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        answers_en=("Not matching", "Hardly matching", "Matching", "Fully matching"),
    ),
    ElementText(
        name="kompetensi",
        title_id="Kompetensi Pelaksana",
        title_en="Staff competence",
        question_id="Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        question_en="How competent were the staff who served you?",
        answers_id=("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
        answers_en=("Not competent", "Hardly competent", "Competent", "Very competent"),
    ),
    ElementText(
        name="perilaku",
        title_id="Perilaku Pelaksana",
        title_en="Staff conduct",
        question_id=(
            "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan "
            "dan keramahan?"
        ),
        question_en="How polite and friendly were the staff who served you?",
        answers_id=(
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
        answers_en=(
            "Not polite and friendly",
            "Hardly polite and friendly",
            "Polite and friendly",
            "Very polite and friendly",
        ),
    ),
    ElementText(
        name="pengaduan",
        title_id="Penanganan Pengaduan, Saran dan Masukan",
        title_en="Handling of complaints, suggestions and feedback",
        question_id="Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        question_en="How are complaints from service users handled?",
        answers_id=(
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
        answers_en=(
            "There is none",
            "There is one but it does not work",
            "It works, not fully",
            "Well managed",
        ),
    ),
    ElementText(
        name="sarana",
        title_id="Sarana dan Prasarana",
        title_en="Facilities and infrastructure",
        question_id="Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        question_en="How good are the facilities and infrastructure?",
        answers_id=("Buruk", "Cukup", "Baik", "Sangat baik"),
        answers_en=("Bad", "Fair", "Good", "Very good"),
    ),
)

ELEMENT_TEXT_BY_NAME = {text.name: text for text in ELEMENT_TEXTS}

if tuple(ELEMENT_TEXT_BY_NAME) != ELEMENT_NAMES:  # pragma: no cover - a guard for whoever edits the data
    raise RuntimeError("ELEMENT_TEXTS must list exactly the elements of ELEMENT_NAMES, in order")
