"""Where the overseas merit's language and performance come from: the language level from the staff
record's languages when it lists any (the typed level only when it lists none); performance from the
workforce performance score (neutral when the records hold none)."""

from __future__ import annotations

from typing import Any

import pytest

from sentra.training import services
from sentra.training.models import ApplicationStatus, OverseasProgramme
from sentra.training.services.overseas import NEUTRAL_PERFORMANCE, RECORDED_LANGUAGE_LEVEL
from sentra.workforce import selectors as workforce_selectors
from sentra.workforce.models import StaffMember
from tests.training.conftest import Net


def _component(application: Any, name: str) -> dict[str, Any]:
    return next(c for c in application.components if c["name"] == name)


def test_the_staff_record_decides_the_language_level(net: Net, open_programme: OverseasProgramme) -> None:
    StaffMember.objects.filter(pk=net.ani_staff.pk).update(languages=["id", "ja"])
    StaffMember.objects.filter(pk=net.bayu_staff.pk).update(languages=["id"])
    # Ani typed 0 but her record lists Japanese; Bayu typed 4 but his record does not.
    ani = services.application_submit(actor=net.ani, programme=open_programme, language_level=0)
    bayu = services.application_submit(actor=net.bayu, programme=open_programme, language_level=4)
    services.programme_rank(actor=net.hr_a, programme=open_programme)
    ani.refresh_from_db()
    bayu.refresh_from_db()
    assert _component(ani, "language")["raw"] == RECORDED_LANGUAGE_LEVEL
    assert _component(ani, "language")["source"] == "record"
    assert ani.status != ApplicationStatus.INELIGIBLE
    assert bayu.status == ApplicationStatus.INELIGIBLE
    assert {r["code"]: r["actual"] for r in bayu.ineligibility}["language"] == "0"
    assert _component(bayu, "language")["source"] == "record"


def test_the_typed_level_counts_only_without_any_recorded_language(
    net: Net, open_programme: OverseasProgramme
) -> None:
    StaffMember.objects.filter(pk=net.ani_staff.pk).update(languages=[])
    ani = services.application_submit(actor=net.ani, programme=open_programme, language_level=2)
    services.programme_rank(actor=net.hr_a, programme=open_programme)
    ani.refresh_from_db()
    assert (_component(ani, "language")["raw"], _component(ani, "language")["source"]) == (2, "declared")


def test_performance_comes_from_the_workforce_score(
    net: Net, open_programme: OverseasProgramme, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def scores(staff_ids: list[int], *, today: Any = None) -> dict[int, float | None]:
        seen["ids"], seen["today"] = sorted(staff_ids), today
        return {net.ani_staff.pk: 80.0, net.bayu_staff.pk: None}

    monkeypatch.setattr(workforce_selectors, "performance_scores", scores)
    ani = services.application_submit(actor=net.ani, programme=open_programme, language_level=2)
    bayu = services.application_submit(actor=net.bayu, programme=open_programme, language_level=2)
    services.programme_rank(actor=net.hr_a, programme=open_programme)
    ani.refresh_from_db()
    bayu.refresh_from_db()
    assert seen == {"ids": sorted([net.ani_staff.pk, net.bayu_staff.pk]), "today": open_programme.closes_on}
    assert _component(ani, "performance")["raw"] == pytest.approx(0.8)
    assert _component(bayu, "performance")["raw"] == pytest.approx(NEUTRAL_PERFORMANCE)


def test_performance_scores_are_none_without_records(net: Net) -> None:
    scores = workforce_selectors.performance_scores([net.citra_staff.pk])
    assert set(scores) == {net.citra_staff.pk}
    assert scores[net.citra_staff.pk] is None or 0 <= scores[net.citra_staff.pk] <= 100


def test_the_application_page_says_where_the_language_level_comes_from(
    net: Net, open_programme: OverseasProgramme, client: Any
) -> None:
    from tests.fixtures import sign_in

    StaffMember.objects.filter(pk=net.ani_staff.pk).update(languages=["ja"])
    StaffMember.objects.filter(pk=net.bayu_staff.pk).update(languages=[])
    ani = services.application_submit(actor=net.ani, programme=open_programme, language_level=1)
    bayu = services.application_submit(actor=net.bayu, programme=open_programme, language_level=3)
    services.programme_rank(actor=net.hr_a, programme=open_programme)
    sign_in(client, net.ani)
    assert 'data-language-source="record"' in client.get(f"/training/applications/{ani.pk}/").content.decode()
    sign_in(client, net.bayu)
    page = client.get(f"/training/applications/{bayu.pk}/").content.decode()
    assert 'data-language-source="declared"' in page
