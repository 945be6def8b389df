"""Sessions: scheduling, enrolment, completion raising competencies, evaluation, the summary figure."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sentra.core.models import User
from sentra.training import selectors, services
from sentra.training.models import Course, TrainingSession
from sentra.workforce.models import CompetencyEvidence, StaffCompetency
from tests.training.conftest import Net


@pytest.fixture
def session(net: Net, course: Course) -> TrainingSession:
    today = timezone.localdate()
    return services.session_create(
        actor=net.hr_a,
        course=course,
        sentra=net.a,
        data=services.SessionInput(today, today + datetime.timedelta(days=2), "Dr. Sari", capacity=2),
    )


def test_bad_session_names_the_fields(net: Net, course: Course) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        services.session_create(
            actor=net.hr_a,
            course=course,
            sentra=net.a,
            data=services.SessionInput(today, today - datetime.timedelta(days=1), " ", capacity=0),
        )
    assert set(caught.value.message_dict) == {"ends_on", "trainer", "capacity"}
    with pytest.raises(PermissionDenied):
        services.session_create(
            actor=net.ani,
            course=course,
            sentra=net.a,
            data=services.SessionInput(today, today, "X", capacity=1),
        )


def test_enrolment_checks_scope_duplicates_and_capacity(net: Net, session: TrainingSession) -> None:
    services.participant_enrol(actor=net.hr_a, session=session, staff=net.ani_staff)
    with pytest.raises(ValidationError):
        services.participant_enrol(actor=net.hr_a, session=session, staff=net.ani_staff)
    with pytest.raises(PermissionDenied):  # HR of B does not manage Bayu
        services.participant_enrol(actor=net.hr_b, session=session, staff=net.bayu_staff)
    services.participant_enrol(actor=net.hr_a, session=session, staff=net.bayu_staff)
    with pytest.raises(ValidationError) as caught:
        services.participant_enrol(actor=net.hr_b, session=session, staff=net.citra_staff)
    assert "session" in caught.value.message_dict


def test_completion_raises_competencies_once(net: Net, session: TrainingSession) -> None:
    ani = services.participant_enrol(actor=net.hr_a, session=session, staff=net.ani_staff)
    bayu = services.participant_enrol(actor=net.hr_a, session=session, staff=net.bayu_staff)
    with pytest.raises(ValidationError):  # every participant needs a status
        services.session_complete(
            actor=net.hr_a, session=session, attendance={ani.pk: "completed"}, completed_on=session.ends_on
        )
    done = services.session_complete(
        actor=net.hr_a,
        session=session,
        attendance={ani.pk: "completed", bayu.pk: "absent"},
        completed_on=session.ends_on,
    )
    assert done == 1
    levels = dict(
        StaffCompetency.objects.filter(staff=net.ani_staff).values_list("competency__code", "level")
    )
    assert levels["elderly-daily-care"] >= 2
    assert levels["elderly-psychosocial"] >= 1
    assert not StaffCompetency.objects.filter(
        staff=net.bayu_staff, competency__code="elderly-daily-care", level__gte=2
    ).exists()
    assert (
        CompetencyEvidence.objects.filter(
            staff=net.ani_staff, source=f"training.session:{session.pk}"
        ).count()
        == 2
    )
    with pytest.raises(ValidationError):  # closed
        services.session_complete(
            actor=net.hr_a,
            session=session,
            attendance={ani.pk: "completed", bayu.pk: "absent"},
            completed_on=session.ends_on,
        )


def test_only_the_participant_evaluates_an_attended_session(net: Net, session: TrainingSession) -> None:
    ani = services.participant_enrol(actor=net.hr_a, session=session, staff=net.ani_staff)
    with pytest.raises(ValidationError):  # not attended yet
        services.participant_evaluate(actor=net.ani, participant=ani, rating=5)
    services.session_complete(
        actor=net.hr_a, session=session, attendance={ani.pk: "completed"}, completed_on=session.ends_on
    )
    ani.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.participant_evaluate(actor=net.hr_a, participant=ani, rating=5)
    with pytest.raises(ValidationError):
        services.participant_evaluate(actor=net.ani, participant=ani, rating=6)
    services.participant_evaluate(actor=net.ani, participant=ani, rating=4, feedback="Bermanfaat")
    ani.refresh_from_db()
    assert ani.rating == 4


def test_training_summary_share_of_staff_completing(net: Net, session: TrainingSession) -> None:
    from sentra.workforce.models import StaffMember

    staff_in_a = StaffMember.objects.filter(sentra=net.a).active().count()
    assert selectors.training_summary(net.a.pk) == 0.0
    ani = services.participant_enrol(actor=net.hr_a, session=session, staff=net.ani_staff)
    services.session_complete(
        actor=net.hr_a, session=session, attendance={ani.pk: "completed"}, completed_on=session.ends_on
    )
    assert selectors.training_summary(net.a.pk, today=session.ends_on) == pytest.approx(1 / staff_in_a)
    assert selectors.training_summary(net.a.pk, today=session.ends_on + datetime.timedelta(days=400)) == 0.0


def test_training_summary_is_none_without_staff(db: None) -> None:
    from tests.factories import SentraFactory

    assert selectors.training_summary(SentraFactory().pk) is None


def test_participants_shown_by_scope(
    net: Net, session: TrainingSession, client_for: Callable[[User], Client]
) -> None:
    ani = services.participant_enrol(actor=net.hr_a, session=session, staff=net.ani_staff)
    bayu = services.participant_enrol(actor=net.hr_a, session=session, staff=net.bayu_staff)
    url = reverse("training:session_detail", args=[session.pk])
    hr_page = client_for(net.hr_a).get(url).content.decode()
    assert f'data-participant="{ani.pk}"' in hr_page
    assert f'data-participant="{bayu.pk}"' in hr_page
    own = client_for(net.ani).get(url).content.decode()
    assert f'data-participant="{ani.pk}"' in own
    assert f'data-participant="{bayu.pk}"' not in own
    assert client_for(net.citra).get(url).status_code == 404  # a centre-A session, Citra is in B
    assert client_for(net.analyst).get(url).status_code == 200
    assert f'data-participant="{ani.pk}"' not in client_for(net.analyst).get(url).content.decode()


def test_calendar_page_and_api(
    net: Net,
    session: TrainingSession,
    client_for: Callable[[User], Client],
    django_assert_max_num_queries: Callable[[int], object],
) -> None:
    client = client_for(net.ani)
    with django_assert_max_num_queries(25):  # type: ignore[attr-defined]
        response = client.get(reverse("training:calendar"))
    assert response.status_code == 200
    assert f'data-session="{session.pk}"' in response.content.decode()
    items = client.get("/api/v1/training/sessions").json()["items"]
    assert [row["id"] for row in items] == [session.pk]
    assert client_for(net.citra).get("/api/v1/training/sessions").json()["items"] == []
