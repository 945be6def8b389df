"""``sentra ikm FILE.csv [--population N] [--json]``: the IKM of paper questionnaires."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sentra.quality.messages import csv_problem_message
from sentra.quality.rules.csvfile import detect_delimiter, parse_answers_csv
from sentra.quality.rules.ikm import ELEMENT_NAMES, IkmResult, compute, krejcie_morgan_minimum

# --delimiter values; None = read it from the header.
DELIMITER_NAMES: dict[str, str | None] = {"auto": None, ",": ",", ";": ";", "tab": "\t"}


def summary(result: IkmResult, population: int | None) -> dict[str, Any]:
    """The figures as plain JSON values (decimals as numbers with the published precision)."""
    grade = result.grade
    data: dict[str, Any] = {
        "respondents": result.respondents,
        "elements": {
            name: {
                "answered": result.elements[name].answered,
                "nrr": float(nrr) if (nrr := result.elements[name].nrr_rounded) is not None else None,
            }
            for name in ELEMENT_NAMES
        },
        "elements_answered": result.elements_answered,
        "ikm_unit": float(result.ikm_unit_rounded) if result.ikm_unit_rounded is not None else None,
        "ikm": float(result.ikm) if result.ikm is not None else None,
        "grade": grade.letter if grade else None,
        "label": grade.label_id if grade else None,
        "label_en": grade.label_en if grade else None,
    }
    if population is not None:
        minimum = krejcie_morgan_minimum(population)
        data.update(population=population, sample_min=minimum, sample_ok=result.respondents >= minimum)
    return data


class Command(BaseCommand):
    help = (
        "Compute the IKM (PermenPANRB 14/2017) of a CSV of questionnaires: one row per respondent, one "
        "column per element named persyaratan, prosedur, waktu, biaya, produk, kompetensi, perilaku, "
        "pengaduan, sarana (values 1-4, empty = not answered; other columns are ignored)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            type=Path,
            help="CSV file, UTF-8, separated by commas, semicolons or tabs, header in row 1",
        )
        parser.add_argument(
            "--delimiter",
            choices=sorted(DELIMITER_NAMES),
            default="auto",
            help="Column separator; auto (default) reads it from the header (Excel in Indonesian writes ';')",
        )
        parser.add_argument(
            "--population",
            type=int,
            help="Service users in the period: adds the Krejcie-Morgan minimum sample and whether it is met",
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        population: int | None = options["population"]
        if population is not None and population < 1:
            raise CommandError(_("--population must be a whole number of at least 1."))
        if not path.is_file():
            raise CommandError(_("No such file: {path}").format(path=path))
        try:
            with path.open(encoding="utf-8-sig", newline="") as stream:
                delimiter = DELIMITER_NAMES[options["delimiter"]]
                if delimiter is None:
                    delimiter = detect_delimiter(stream.readline())
                    stream.seek(0)
                parsed = parse_answers_csv(stream, delimiter=delimiter)
        except (UnicodeDecodeError, OSError) as exc:
            raise CommandError(_("Cannot read {path}: {error}").format(path=path, error=exc)) from None
        if parsed.problems:
            for problem in parsed.problems:
                self.stderr.write(csv_problem_message(problem))
            raise CommandError(
                _("{count} problem(s) in {path}; no IKM was computed.").format(
                    count=len(parsed.problems), path=path
                )
            )
        data = summary(compute(parsed.rows), population)
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self._write_text(data)

    def _write_text(self, data: dict[str, Any]) -> None:
        self.stdout.write(_("Respondents: {count}").format(count=data["respondents"]))
        for name, element in data["elements"].items():
            nrr = "-" if element["nrr"] is None else f"{element['nrr']:.4f}"
            self.stdout.write(f"  {name:<12} {element['answered']:>6}  NRR {nrr}")
        if data["ikm"] is None:
            self.stdout.write(_("No element has answers: there is no IKM."))
        else:
            self.stdout.write(
                _("IKM {unit:.4f} (1-4) = {ikm:.2f} (25-100), grade {grade} ({label})").format(
                    unit=data["ikm_unit"], ikm=data["ikm"], grade=data["grade"], label=data["label"]
                )
            )
        if "sample_min" in data:
            verdict = _("enough") if data["sample_ok"] else _("not enough")
            self.stdout.write(
                _("Population {population}: minimum sample {minimum} (Krejcie-Morgan), {verdict}.").format(
                    population=data["population"], minimum=data["sample_min"], verdict=verdict
                )
            )
