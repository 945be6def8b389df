from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sentra.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # The registry announces registrations and edits; the case rules keep the documentation task.
        from sentra.beneficiaries.signals import (
            beneficiaries_registered,
            beneficiary_updated,
            profile_tasks_collected,
            subject_data_collected,
        )
        from sentra.cases.services import documentation, subject_data

        beneficiaries_registered.connect(documentation.on_registered, dispatch_uid="cases.documentation.open")
        beneficiary_updated.connect(documentation.on_updated, dispatch_uid="cases.documentation.sync")
        profile_tasks_collected.connect(
            documentation.on_profile_tasks, dispatch_uid="cases.documentation.profile"
        )
        subject_data_collected.connect(
            subject_data.on_subject_data_collected, dispatch_uid="cases.subject_data"
        )
