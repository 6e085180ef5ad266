"""python manage.py retriage [--changed-only] [--dry-run]

Run after installing a new rule pack. Re-runs the engine on every open case's arguments and lists the cases
whose disposition or ground would change. Each change is filed as a pending decision for a reviewer (the
"law changed" banner); no assessment, reviewed decision, approved revision or document is rewritten.
The output names cases by id and docket number only: no client names or argument text.
"""

from django.core.management.base import BaseCommand

from analysis import engine, retriage


class Command(BaseCommand):
    help = "Re-run the current rule pack on open cases; list and record what a reviewer must decide."

    def add_arguments(self, parser):
        parser.add_argument(
            "--changed-only", action="store_true", help="List only the cases whose assessments would change."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List the changes without recording them for reviewers."
        )

    def handle(self, *args, changed_only: bool = False, dry_run: bool = False, **options):
        pack = engine.current_rule_pack()
        self.stdout.write(f"Rule pack {pack.version} (as of {pack.as_of.isoformat()}).")
        report = retriage.retriage_open_cases(record=not dry_run)
        for case_report in report.cases:
            case = case_report.case
            if changed_only and not case_report.changes:
                continue
            heading = (
                f"Case {case.pk}  No. {case.docket_number}  ({case.district_abbreviation}, {case.circuit} Cir.)  "
                f"{case.get_status_display().lower()}"
            )
            if not case_report.changes:
                self.stdout.write(f"{heading}: no change ({case_report.checked} checked)")
                continue
            self.stdout.write(self.style.WARNING(heading))
            for change in case_report.changes:
                old_rule, new_rule = change.rule_ids
                self.stdout.write(
                    f"  argument {change.position}: {change.old.disposition}/{change.old.ground} "
                    f"({change.old.rule_pack_version}, {old_rule or 'no rule'}) -> "
                    f"{change.new.disposition}/{change.new.ground} ({new_rule or 'no rule'})"
                    + (
                        f"  [already filed: {change.existing.get_status_display().lower()}]"
                        if change.existing
                        else ""
                    )
                )
            if case_report.stale:
                self.stdout.write(f"  {case_report.stale} edited argument(s) need a new triage first")
        changed = report.changed
        summary = (
            f"{len(report.cases)} open case(s), {report.arguments_checked} argument(s) assessed under an older "
            f"pack checked; {len(changed)} case(s) would change "
            f"({sum(len(r.changes) for r in changed)} argument(s))."
        )
        if dry_run:
            summary += " Dry run: nothing recorded."
        else:
            summary += f" {report.recorded} new decision(s) filed for reviewers; nothing was overwritten."
        self.stdout.write(self.style.SUCCESS(summary))
