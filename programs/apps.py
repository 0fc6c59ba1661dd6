from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programmes and allowances")

    def ready(self) -> None:
        from programs.personal_data import register_sections  # noqa: PLC0415

        register_sections()
