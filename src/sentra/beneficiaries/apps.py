from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeneficiariesConfig(AppConfig):
    name = "sentra.beneficiaries"
    label = "beneficiaries"
    verbose_name = _("Beneficiaries")
