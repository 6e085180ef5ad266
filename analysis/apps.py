from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "analysis"
    verbose_name = "Triage and review"

    def ready(self) -> None:
        # exhibits registers the receiver that removes deleted exhibits' files
        from analysis import case_reads, exhibits  # noqa: F401
        from intake import access

        access.register_case_reads(
            "analysis", kinds=case_reads.KINDS, details=case_reads.DETAILS, not_reads=case_reads.NOT_READS
        )
