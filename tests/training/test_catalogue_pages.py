"""The catalogue page, withdrawing an application and dismissing a reminder."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from sentra.core.models import User
from sentra.training import services
from sentra.training.models import ApplicationStatus, Course, ObligationReminder, OverseasProgramme
from tests.training.conftest import Net


def _course_post(**changes: str) -> dict[str, str]:
    data = {
        "code": "lansia-dasar",
        "title": "Perawatan lansia dasar",
        "kind": "course",
        "hours": "16",
        "competency": "elderly-daily-care",
        "level": "2",
    }
    data.update(changes)
    return data


def test_hr_adds_a_course_for_the_centre_and_everyone_sees_the_catalogue(
    net: Net, client_for: Callable[[User], Client]
) -> None:
    url = reverse("training:course_list")
    hr = client_for(net.hr_a)
    response = hr.post(url, _course_post(sentra=str(net.a.pk)))
    assert response.status_code == 302
    course = Course.objects.get(code="lansia-dasar")
    assert course.sentra == net.a
    assert [(o.competency.code, o.level) for o in course.outcomes.all()] == [("elderly-daily-care", 2)]
    assert 'data-course="lansia-dasar"' in client_for(net.ani).get(url).content.decode()
    assert 'data-course="lansia-dasar"' not in client_for(net.citra).get(url).content.decode()
    # A national course is for the administrator; the refusal lands on the centre field.
    refused = hr.post(url, _course_post(code="nasional"))
    assert refused.status_code == 200
    assert 'id="id_sentra_errors"' in refused.content.decode()
    assert not Course.objects.filter(code="nasional").exists()
    # Staff cannot add courses.
    assert client_for(net.ani).post(url, _course_post(code="x", sentra=str(net.a.pk))).status_code == 403


def test_applicant_withdraws_only_their_own(
    net: Net, open_programme: OverseasProgramme, client_for: Callable[[User], Client]
) -> None:
    ani = services.application_submit(actor=net.ani, programme=open_programme, language_level=3)
    url = reverse("training:application_withdraw", args=[ani.pk])
    assert client_for(net.bayu).post(url).status_code == 404
    assert client_for(net.hr_a).post(url).status_code == 403  # the committee sees it but cannot withdraw it
    ani.refresh_from_db()
    assert ani.status == ApplicationStatus.SUBMITTED
    client_for(net.ani).post(url)
    ani.refresh_from_db()
    assert ani.status == ApplicationStatus.WITHDRAWN
    services.programme_rank(actor=net.hr_a, programme=open_programme)
    ani.refresh_from_db()
    assert ani.status == ApplicationStatus.WITHDRAWN
    assert ani.rank is None


def test_a_reminder_is_dismissed_by_its_recipient_only(
    net: Net, open_programme: OverseasProgramme, client_for: Callable[[User], Client]
) -> None:
    services.application_submit(actor=net.ani, programme=open_programme, language_level=3)
    services.programme_rank(actor=net.hr_a, programme=open_programme)
    services.programme_decide(actor=net.hr_a, programme=open_programme)
    services.programme_mark_returned(
        actor=net.hr_a, programme=open_programme, today=open_programme.returns_on
    )
    reminder = ObligationReminder.objects.get(recipient=net.ani)
    calendar = reverse("training:calendar")
    assert 'data-testid="obligation-reminders"' in client_for(net.ani).get(calendar).content.decode()
    assert client_for(net.bayu).post(reverse("training:reminder_read", args=[reminder.pk])).status_code == 404
    assert client_for(net.hr_a).post(reverse("training:reminder_read", args=[reminder.pk])).status_code == 404
    client_for(net.ani).post(reverse("training:reminder_read", args=[reminder.pk]))
    reminder.refresh_from_db()
    assert reminder.read_at is not None
    assert 'data-testid="obligation-reminders"' not in client_for(net.ani).get(calendar).content.decode()
