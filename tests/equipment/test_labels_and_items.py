"""QR labels open the item page; inspections set the condition; photos are checked by their bytes."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import segno
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sentra.core.models import Role, User
from sentra.equipment.models import Condition, ItemType
from sentra.equipment.services.inventory import ItemInput, inspection_record, item_create, photo_add
from sentra.network.models import Sentra
from tests.equipment import factories as f

pytestmark = pytest.mark.django_db
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\x81\x1c\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_the_label_sheet_encodes_each_item_page(
    centre_a: Sentra, personas: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    item = f.item(centre_a, ItemType.objects.get(code="patient_hoist"), asset_number="HOIST-1")
    response = client_for(personas[Role.CENTRE_HEAD]).get(reverse("equipment:labels", args=[centre_a.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-item="{item.pk}"' in page
    expected = segno.make(f"http://testserver/equipment/items/{item.pk}/", error="m").svg_inline(
        scale=3, title="HOIST-1"
    )
    assert expected in page


def test_a_scanned_label_needs_sign_in_and_the_item_s_centre(
    centre_a: Sentra, centre_b: Sentra, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    item = f.item(centre_a, ItemType.objects.get(code="patient_hoist"))
    url = reverse("equipment:item_detail", args=[item.pk])
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/login/")
    stranger = make_user(role=Role.CENTRE_HEAD, centres=(centre_b,))
    assert client_for(stranger).get(url).status_code == 404


def test_the_latest_inspection_sets_the_condition(centre_a: Sentra, personas: dict[str, User]) -> None:
    head = personas[Role.CENTRE_HEAD]
    item = f.item(centre_a, ItemType.objects.get(code="patient_hoist"), acquired_on=datetime.date(2020, 1, 1))
    inspection_record(
        actor=head, item=item, inspected_on=datetime.date(2025, 6, 1), condition=Condition.BROKEN
    )
    inspection_record(actor=head, item=item, inspected_on=datetime.date(2024, 6, 1), condition=Condition.GOOD)
    item.refresh_from_db()
    assert (item.condition, item.condition_on) == (Condition.BROKEN, datetime.date(2025, 6, 1))
    assert item.inspections.count() == 2
    with pytest.raises(ValidationError) as error:
        inspection_record(
            actor=head, item=item, inspected_on=datetime.date(2019, 1, 1), condition=Condition.GOOD
        )
    assert "inspected_on" in error.value.message_dict


def test_item_rules_name_the_field(centre_a: Sentra, personas: dict[str, User]) -> None:
    head = personas[Role.CENTRE_HEAD]
    f.item(centre_a, ItemType.objects.get(code="laptop"), asset_number="LAP-1")
    with pytest.raises(ValidationError) as error:
        item_create(
            actor=head,
            sentra=centre_a,
            data=ItemInput(item_type_id=None, asset_number="lap-1", acquired_on=None, lifespan_years=99),
        )
    assert set(error.value.message_dict) == {"item_type", "asset_number", "acquired_on", "lifespan_years"}


def test_photos_are_checked_and_served_through_the_item_s_scope(
    centre_a: Sentra,
    centre_b: Sentra,
    personas: dict[str, User],
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    head = personas[Role.CENTRE_HEAD]
    item = f.item(centre_a, ItemType.objects.get(code="patient_hoist"))
    with pytest.raises(ValidationError):
        photo_add(actor=head, item=item, upload=SimpleUploadedFile("x.png", b"not a picture"))
    photo = photo_add(actor=head, item=item, upload=SimpleUploadedFile("hoist.png", PNG), caption="Depan")
    url = reverse("equipment:item_photo", args=[photo.pk])
    response = client_for(head).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    stranger = make_user(role=Role.CENTRE_HEAD, centres=(centre_b,))
    assert client_for(stranger).get(url).status_code == 404
