"""The gap report page renders every kind of finding and suggestion (reassign, train, share, recruit)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from sentra.network.models import Sentra
from sentra.workforce.rules import gaps


def test_every_suggestion_kind_renders(centre_a: Sentra, centre_b: Sentra) -> None:
    report = gaps.GapReport(
        centre_id=centre_a.pk,
        beneficiaries=34,
        staff=3,
        profession_gaps=[
            gaps.ProfessionGap("psikolog", 34, 1, 0),
            gaps.ProfessionGap("pekerja_sosial", 34, 2, 3),
        ],
        competency_gaps=[gaps.CompetencyGap("mh-crisis", 3, 34, 2, 0)],
        outside_competence=[gaps.OutsideCompetence(1, 4, ("mh-crisis",))],
        expiring=[gaps.ExpiringCredential(9, 2, "str", datetime.date(2026, 1, 1), -3)],
        suggestions=[
            gaps.Suggestion(gaps.REASSIGN, profession="pekerja_sosial", count=4, staff_ids=(1, 2)),
            gaps.Suggestion(gaps.TRAIN, competency="mh-crisis", count=1, staff_ids=(2,)),
            gaps.Suggestion(gaps.SHARE, profession="psikolog", count=1, partner_centre_id=centre_b.pk),
            gaps.Suggestion(gaps.RECRUIT, profession="psikolog", competency="mh-crisis", count=1),
            gaps.Suggestion(gaps.RECRUIT, profession="psikolog", count=1),
        ],
    )
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override("id"):
        html = render_to_string(
            "workforce/gaps.html",
            {
                "centre": centre_a,
                "report": report,
                "competency_names": {"mh-crisis": "Krisis"},
                "profession_names": {"psikolog": "Psikolog", "pekerja_sosial": "Pekerja sosial"},
                "kind_names": {"str": "STR"},
                "names": {1: "Ani", 2: "Budi"},
                "partners": {centre_b.pk: "Sentra B"},
            },
            request=request,
        )
    for kind in ("reassign", "train", "share", "recruit"):
        assert f'data-kind="{kind}"' in html
    assert "Sentra B" in html
    assert 'data-profession="psikolog" data-shortfall="1"' in html
    assert "34" in html
