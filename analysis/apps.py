from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "analysis"
    verbose_name = "Triage and review"

    def ready(self) -> None:
        from analysis import exhibits  # noqa: F401  (registers the receiver that removes deleted exhibits' files)
