"""``sentra place-synth --people N --sites S --seed K OUT.json``: write a synthetic national instance.

The generator is documented in ``sentra.placement.rules.synthetic`` and ``docs/placement.md``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sentra.placement.rules import instance_to_data
from sentra.placement.rules.synthetic import synthetic_instance


class Command(BaseCommand):
    help = (
        "Write a synthetic national placement instance: people spread by population over the islands, "
        "1-3 needs out of 8 services, urgency 1-5, the 31 sentra (3-7 services) and small partners "
        "(1-3 services, 1-5 places), capacity about 80% of demand."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="where to write the instance JSON")
        parser.add_argument("--people", type=int, required=True, help="people waiting")
        parser.add_argument("--sites", type=int, default=31, help="centres: 31 sentra, then partners")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--cells", type=int, default=7_000, help="kecamatan-like home points")
        parser.add_argument("--capacity-ratio", type=float, default=0.8, help="capacity per service ÷ demand")
        parser.add_argument(
            "--children", type=float, default=0.0, help="share flagged child (province policy)"
        )
        parser.add_argument("--families", type=float, default=0.0, help="share living in families (policy)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["people"] < 0 or options["sites"] < 1:
            raise CommandError(_("--people must be ≥ 0 and --sites ≥ 1."))
        if not 0 < options["capacity_ratio"] <= 10:
            raise CommandError(_("--capacity-ratio must be above 0 and at most 10."))
        for flag in ("children", "families"):
            if not 0 <= options[flag] <= 1:
                raise CommandError(_("--{flag} must be between 0 and 1.").format(flag=flag))
        instance = synthetic_instance(
            people=options["people"],
            sites=options["sites"],
            seed=options["seed"],
            cells=options["cells"],
            capacity_ratio=options["capacity_ratio"],
            children=options["children"],
            families=options["families"],
        )
        out: Path = options["out"]
        try:
            with out.open("w", encoding="utf-8") as stream:
                json.dump(instance_to_data(instance), stream, ensure_ascii=False)
        except OSError as exc:
            raise CommandError(_("Cannot write {path}: {error}").format(path=out, error=exc)) from None
        sentra = min(options["sites"], 31)
        self.stdout.write(
            _("Wrote {path}: {people} people, {sites} sites ({sentra} sentra, {partners} partners).").format(
                path=out,
                people=options["people"],
                sites=options["sites"],
                sentra=sentra,
                partners=options["sites"] - sentra,
            )
        )
