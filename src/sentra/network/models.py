"""Centres (sentra, UPTD, LKS), who works in them, Kemendagri regions and the ATENSI catalogue."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet, centre_ids_of, sees_all_centres

PATH_SEPARATOR = " \u203a "  # a single right-pointing angle quotation mark between region names


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    REGENCY = 2, _("Regency / city")
    DISTRICT = 3, _("District")
    VILLAGE = 4, _("Village")


class Region(models.Model):
    """A Kemendagri region (Kepmendagri 300.2.2-2138/2025), keyed by its dotted code."""

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def lineage(self) -> list[Region]:
        """Province first, this region last; free of queries when loaded with ``REGION_CHAIN``."""
        chain: list[Region] = []
        node: Region | None = self
        while node is not None:
            chain.append(node)
            node = node.parent if node.parent_id else None
        return list(reversed(chain))

    @property
    def path_display(self) -> str:
        return PATH_SEPARATOR.join(region.name for region in self.lineage())

    @property
    def ancestry_display(self) -> str:
        """The regions this one lies in, province first (empty for a province)."""
        return PATH_SEPARATOR.join(region.name for region in self.lineage()[:-1])


# select_related() argument that fetches a region's whole ancestry (at most three levels up).
REGION_CHAIN = "parent__parent__parent"


class Cluster(models.TextChoices):
    """ATENSI target clusters (Permensos 7/2021 Pasal 3); ODGJ sit under disability."""

    CHILDREN = "anak", _("Children")
    ELDERLY = "lansia", _("Elderly")
    DISABILITY = "disabilitas", _("Persons with disabilities")
    NAPZA = "napza", _("NAPZA victims")
    TUNA_SOSIAL = "tuna_sosial", _("Tuna sosial and trafficking victims")
    DISASTER = "bencana", _("Disaster victims")
    OTHER_PPKS = "ppks_lainnya", _("Other PPKS")


class Setting(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    FAMILY = "family", _("Family-based")
    COMMUNITY = "community", _("Community-based")


class SentraKind(models.TextChoices):
    NATIONAL = "sentra", _("National sentra")
    UPTD = "uptd", _("Regional UPTD")
    LKS = "lks", _("Partner LKS")


class TimeZoneChoice(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


class Provenance(models.TextChoices):
    REFERENCE = "reference", _("Named in the project's reference sources")
    PUBLIC_REPORTING = "public_reporting", _("Known from public reporting, not verified against the decree")
    INVENTED = "invented", _("Invented for the demo")
    ENTERED = "entered", _("Entered by an administrator")


class SentraQuerySet(ScopedQuerySet["Sentra"]):
    def visible_to(self, user: Any) -> SentraQuerySet:
        """National roles see every centre; everyone else the centres they belong to."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if sees_all_centres(user):
            return self
        return self.filter(pk__in=centre_ids_of(user))


class Sentra(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=SentraKind.choices)
    address = models.TextField(_("address"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kemendagri code of the regency/city, district or village where the centre stands."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-11), MaxValueValidator(6)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(94), MaxValueValidator(142)],
    )
    time_zone = models.CharField(_("time zone"), max_length=20, choices=TimeZoneChoice.choices)
    clusters = models.JSONField(_("clusters served"), default=list)
    settings_offered = models.JSONField(_("settings offered"), default=list)
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9 ()-]{6,30}$", _("Use digits, spaces, brackets or dashes."))],
    )
    email = models.EmailField(_("email"), blank=True)
    # How the public gets help (shown on the public directory page).
    walk_in_hours = models.CharField(
        _("walk-in hours"), max_length=200, blank=True, help_text=_("e.g. Mon-Fri 08:00-16:00 WIB")
    )
    referral_route = models.TextField(
        _("referral route"),
        blank=True,
        help_text=_("How a family, village office or agency refers someone to this centre."),
    )
    hotline = models.CharField(
        _("hotline"),
        max_length=30,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9 ()-]{3,30}$", _("Use digits, spaces, brackets or dashes."))],
    )
    provenance = models.CharField(_("data provenance"), max_length=20, choices=Provenance.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SentraQuerySet.as_manager()

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def province_code(self) -> str:
        return self.region_id.split(".")[0] if self.region_id else ""

    @property
    def cluster_labels(self) -> list[str]:
        labels = dict(Cluster.choices)
        return [str(labels.get(value, value)) for value in self.clusters]

    @property
    def setting_labels(self) -> list[str]:
        labels = dict(Setting.choices)
        return [str(labels.get(value, value)) for value in self.settings_offered]


def _localised(name_id: str, name_en: str) -> str:
    language = (get_language() or "id").lower()
    return name_en if language.startswith("en") and name_en else name_id


class ServiceComponent(models.Model):
    """One of the seven ATENSI direct-service components (Permensos 7/2021; domain-indonesia.md §1.4)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)

    class Meta:
        verbose_name = _("ATENSI component")
        verbose_name_plural = _("ATENSI components")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name_id}"

    @property
    def label(self) -> str:
        """The name in the active language (Indonesian unless English is chosen)."""
        return _localised(self.name_id, self.name_en)


class ServiceSubtype(models.Model):
    component = models.ForeignKey(ServiceComponent, on_delete=models.CASCADE, related_name="subtypes")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)

    class Meta:
        verbose_name = _("ATENSI sub-type")
        verbose_name_plural = _("ATENSI sub-types")
        ordering = ["component__number", "code"]

    def __str__(self) -> str:
        return f"{self.component.number}. {self.name_id}"

    @property
    def label(self) -> str:
        return _localised(self.name_id, self.name_en)


class CentreCapacity(models.Model):
    """How many people a centre can serve at once for one component in one setting."""

    sentra = models.ForeignKey(Sentra, on_delete=models.CASCADE, related_name="capacities")
    component = models.ForeignKey(
        ServiceComponent, verbose_name=_("ATENSI component"), on_delete=models.PROTECT
    )
    setting = models.CharField(_("setting"), max_length=12, choices=Setting.choices)
    places = models.PositiveIntegerField(_("places"))

    class Meta:
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        ordering = ["component__number", "setting"]
        constraints = [
            models.UniqueConstraint(
                fields=["sentra", "component", "setting"], name="network_capacity_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sentra} {self.component.code} {self.setting}: {self.places}"


class Membership(models.Model):
    """A user works in a centre. Centre-bound roles see only the records of their centres."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    sentra = models.ForeignKey(Sentra, on_delete=models.CASCADE, related_name="memberships")
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("centre membership")
        verbose_name_plural = _("centre memberships")
        constraints = [models.UniqueConstraint(fields=["user", "sentra"], name="network_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.sentra}"
