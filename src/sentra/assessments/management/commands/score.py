"""``sentra score CODE --answers JSON [--param NAME=VALUE] [--json]``: score one submission.

Answers map item numbers to answers, e.g. ``{"1": 2, "2": 1, ...}`` (``--answers @file.json`` reads a
file). Exit 0 when scored, 1 when the input is invalid; with ``--json`` the result is printed either
way, with every error naming its item.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sentra.assessments.rules import text_in
from sentra.assessments.scoring import Scored, UnknownInstrument, score_answers


def read_answers(raw: str) -> Any:
    """The JSON text itself, or ``@path`` to read it from a file; raises ``ValueError`` with the reason."""
    if raw.startswith("@"):
        path = Path(raw[1:])
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ValueError(_("cannot read {path}: {error}").format(path=path, error=exc.strerror)) from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(_("not valid JSON ({error})").format(error=exc)) from None


def read_parameters(pairs: list[str]) -> dict[str, str]:
    parameters = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CommandError(_("--param takes NAME=VALUE, not {pair!r}").format(pair=pair))
        parameters[name.strip()] = value.strip()
    return parameters


def describe(scored: Scored) -> list[str]:
    """The result for a person reading a terminal, in the active language."""
    language = get_language() or "en"
    instrument, result = scored.instrument, scored.result
    lines = [f"{instrument.short_name} ({instrument.code}, {_('version')} {instrument.version})"]
    if result.parameters:
        lines.append(
            _("Parameters: {values}").format(
                values=", ".join(f"{k}={v}" for k, v in result.parameters.items())
            )
        )
    if result.valid:
        if result.total is not None and result.headline_score:
            low, high = result.ranges[result.headline_score]
            lines.append(
                _("Total: {total} (range {low}-{high})").format(total=result.total, low=low, high=high)
            )
            if result.imputed:
                exact = float(result.unrounded[result.headline_score])
                lines.append(
                    _("Unanswered items prorated: {items}; unrounded total {exact:.3f}").format(
                        items=", ".join(result.imputed), exact=exact
                    )
                )
        for name, value in result.scores.items():
            if name != result.headline_score:
                lines.append(f"  {name}: {value}")
        for scheme in instrument.schemes:
            band = result.band_info.get(scheme.code)
            shown = f"{band.code} ({text_in(band.label, language)})" if band else _("undetermined")
            marker = " *" if scheme.code == result.band_scheme else ""
            lines.append(f"{_('Band')} [{scheme.code}]{marker}: {shown}")
    else:
        lines.append(_("Not scored."))
    for problem in scored.errors():
        lines.append(_("Error: {message}").format(message=problem["message"]))
    for code in result.flags:
        lines.append(
            _("Flag: {code} ({label})").format(
                code=code, label=text_in(instrument.flag(code).label, language)
            )
        )
    for recommendation in scored.recommendations:
        rule = recommendation.rule
        professions = ", ".join(rule.professions) or "-"
        lines.append(
            _("Recommended [{urgency}]: {service} ({component}); professions: {professions}").format(
                urgency=rule.urgency,
                service=text_in(rule.service, language),
                component="/".join(filter(None, (rule.component, rule.subtype))),
                professions=professions,
            )
        )
        lines.append("    " + _("rule {id}: {text}").format(id=rule.id, text=text_in(rule.text, language)))
    return lines


class Command(BaseCommand):
    help = (
        "Score one instrument submission. CODE is an instrument code (see 'sentra instruments'); "
        'ANSWERS is a JSON object mapping item numbers to answers, e.g. \'{"1": 2, "2": 0}\', or @file.json. '
        "Exit status 0 when scored, 1 when the input is invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="Instrument code, e.g. phq9")
        parser.add_argument("--answers", required=True, help="JSON object of item number -> answer, or @file")
        parser.add_argument(
            "--param",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="Instrument parameter, e.g. cutoff=8",
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        code: str = options["code"]
        as_json: bool = options["json"]
        parameters = read_parameters(options["param"])
        try:
            answers = read_answers(options["answers"])
        except ValueError as exc:
            message = _("--answers: {reason}").format(reason=exc)
            if as_json:
                error = {"item": None, "code": "bad_json", "message": message}
                failure: dict[str, Any] = {
                    "instrument": code,
                    "version": None,
                    "valid": False,
                    "errors": [error],
                }
                self._print_json(
                    failure | {"total": None, "band": None, "bands": {}, "flags": [], "recommendations": []}
                )
            raise CommandError(message, returncode=1) from None
        try:
            scored = score_answers(code=code, answers=answers, parameters=parameters)
        except UnknownInstrument as exc:
            if as_json:
                self._print_json(exc.as_dict())
            raise CommandError(exc.message, returncode=1) from None
        if as_json:
            self._print_json(scored.as_dict())
        else:
            self.stdout.write("\n".join(describe(scored)))
        if not scored.valid:
            raise CommandError(_("The answers cannot be scored; see the errors."), returncode=1)

    def _print_json(self, data: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
