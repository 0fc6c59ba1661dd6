from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CisKisConfig(AppConfig):
    """The project package: shared template tags, the demo data, the
    deployment checks."""

    name = "cis_kis"
    verbose_name = _("cis-kis")

    def ready(self) -> None:
        # Importing the module registers the checks.
        from cis_kis import checks  # noqa: F401, PLC0415
