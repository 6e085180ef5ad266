"""An argument's effective disposition and ground: the one answer every page, count, document and export shows.

Once a reviewer has decided an argument, the decision is what counts, whether it accepted the engine's assessment
or overrode it; until then the engine's assessment stands. Everything that shows a disposition goes through
``outcome_of`` (model rows), ``snapshot_outcome`` (the plain dicts documents render from) or ``EFFECTIVE_DISPOSITION``
(SQL counts), which all apply ``_pick``.
"""

from dataclasses import dataclass

from django.db.models import Value
from django.db.models.functions import Coalesce


@dataclass(frozen=True)
class Outcome:
    disposition: str
    ground: str
    decided: bool  # a reviewer's decision, not (only) the engine's assessment
    engine_disposition: str = ""
    engine_ground: str = ""

    @property
    def overridden(self) -> bool:
        """The reviewer decided something other than what the engine says."""
        engine = (self.engine_disposition, self.engine_ground)
        return self.decided and (self.disposition, self.ground) != engine

    @property
    def disposition_label(self) -> str:
        from analysis.models import DISPOSITIONS  # documents import this module outside the app registry too

        return DISPOSITIONS.get(self.disposition, self.disposition)


def ground_label(disposition: str, ground: str) -> str:
    """Return the current rule pack's name for ``ground`` under ``disposition`` ("Family circumstances").

    The documents print it, and the pipeline shows it; a key outside the pack's labels reads as itself."""
    from analysis.engine.rulepack import current_rule_pack

    key = f"label.ground.{disposition}.{ground}"
    pack = current_rule_pack()
    return pack.text(key).plain if pack.has_text(key) else ground.replace("_", " ").capitalize()


def _pick(engine: tuple[str, str] | None, decided: tuple[str, str] | None) -> Outcome | None:
    engine_disposition, engine_ground = engine or ("", "")
    if decided and decided[0]:
        return Outcome(decided[0], decided[1], True, engine_disposition, engine_ground)
    if engine and engine_disposition:
        return Outcome(engine_disposition, engine_ground, False, engine_disposition, engine_ground)
    return None


def outcome_of(argument) -> Outcome | None:
    """The effective outcome of an Argument row (select_related its assessment and decision), None if untriaged."""
    assessment = getattr(argument, "assessment", None)
    decision = getattr(argument, "decision", None)
    return _pick(
        (assessment.disposition, assessment.ground) if assessment else None,
        (decision.disposition, decision.ground) if decision else None,
    )


def snapshot_outcome(argument: dict) -> Outcome | None:
    """The effective outcome of an argument in a case snapshot (``analysis.snapshot``)."""
    assessment = argument.get("assessment") or {}
    decision = argument.get("decision") or {}
    return _pick(
        (assessment.get("disposition") or "", assessment.get("ground") or "") if assessment else None,
        (decision.get("disposition") or "", decision.get("ground") or "") if decision else None,
    )


# The same rule for counts made in SQL over Argument rows.
EFFECTIVE_DISPOSITION = Coalesce("decision__disposition", "assessment__disposition", Value("unassessed"))
