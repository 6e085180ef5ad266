"""The organisation admin's pipeline (#13 item 9): cases by status, days from intake to filing, and the rulings
on filed motions by the grounds argued. Three queries whatever the number of cases; the page draws the figures
as inline SVG bars (widths as SVG attributes, colours by CSS class: no script, no inline style) beside a table.
"""

from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from django.db.models import Count

from analysis.engine.taxonomy import TAXONOMY
from analysis.models import DISPOSITIONS, Decision, Filing
from analysis.outcomes import ground_label
from intake.models import Case, User

_TAXONOMY_GROUNDS = [(disposition, ground) for disposition, grounds in TAXONOMY.items() for ground in grounds]
# The page lists grounds in the taxonomy's order.
_TAXONOMY_ORDER = {pair: n for n, pair in enumerate(_TAXONOMY_GROUNDS)}
# Ground keys that more than one disposition uses ("other"): their heading names the disposition too.
_SHARED_GROUNDS = {ground for ground, n in Counter(g for _d, g in _TAXONOMY_GROUNDS).items() if n > 1}


@dataclass
class Bar:
    label: str
    value: int
    percent: float  # of the chart's largest value, for the SVG width


@dataclass
class Pipeline:
    statuses: list[Bar]
    median_days_to_filing: float | None
    cases_filed: int
    # (ground's label, a bar per ruling: the number of filed motions that argued that ground)
    outcomes_by_ground: list[tuple[str, list[Bar]]] = field(default_factory=list)


def _bars(pairs: list[tuple[str, int]]) -> list[Bar]:
    top = max((value for _label, value in pairs), default=0) or 1
    return [Bar(label, value, round(100 * value / top, 1)) for label, value in pairs]


def _ground_heading(disposition: str, ground: str) -> str:
    label = ground_label(disposition, ground)
    if ground in _SHARED_GROUNDS:
        return f"{DISPOSITIONS.get(disposition, disposition)}: {label}"
    return label


def pipeline_for(admin: User) -> Pipeline:
    organisation_id = admin.organisation_id
    by_status = dict(
        Case.objects.filter(organisation_id=organisation_id)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    statuses = _bars([(label, by_status.get(value, 0)) for value, label in Case.Status.choices])

    # A case's first filing measures intake to filing; its latest filing's ruling is the motion's outcome.
    first_filed, latest_ruling, intake_day = {}, {}, {}
    for case_id, created_at, filed_on, ruling in (
        Filing.objects.filter(case__organisation_id=organisation_id)
        .order_by("filed_on", "number")
        .values_list("case_id", "case__created_at", "filed_on", "ruling")
    ):
        first_filed.setdefault(case_id, filed_on)
        intake_day[case_id] = created_at.date()
        latest_ruling[case_id] = ruling
    # A motion filed before its case was entered here (history typed in afterwards) says nothing about our own
    # pace; it is left out of the median rather than counted as negative days.
    days = [
        (first_filed[case_id] - intake_day[case_id]).days
        for case_id in first_filed
        if first_filed[case_id] >= intake_day[case_id]
    ]

    # By disposition and ground: "other" is a ground of three dispositions, which must not be counted as one.
    grounds: dict[tuple[str, str], dict[str, int]] = {}
    for case_id, disposition, ground in (
        Decision.objects.filter(argument__case_id__in=list(latest_ruling))
        .values_list("argument__case_id", "disposition", "ground")
        .distinct()
    ):
        counts = grounds.setdefault((disposition, ground), {})
        counts[latest_ruling[case_id]] = counts.get(latest_ruling[case_id], 0) + 1
    rulings = Filing.Ruling.choices
    top = max((n for counts in grounds.values() for n in counts.values()), default=0) or 1
    outcomes = [
        (
            _ground_heading(*key),
            [
                Bar(label, counts.get(value, 0), round(100 * counts.get(value, 0) / top, 1))
                for value, label in rulings
            ],
        )
        for key, counts in sorted(
            grounds.items(), key=lambda item: (_TAXONOMY_ORDER.get(item[0], 999), item[0])
        )
    ]
    return Pipeline(statuses, median(days) if days else None, len(days), outcomes)
