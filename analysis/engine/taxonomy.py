"""The triage taxonomy of DESIGN.md: dispositions and their grounds (exact strings, a contract)."""

TAXONOMY: dict[str, tuple[str, ...]] = {
    "compassionate_release": ("medical", "age", "family", "custody_abuse", "rehabilitation", "other"),
    "collateral_attack": (
        "ineffective_assistance",
        "trial_error",
        "indictment_defect",
        "sentencing_error",
        "innocence",
        "unconstitutional_statute",
        "misconduct",
        "plea_invalid",
        "other",
    ),
    "foreclosed": ("rehabilitation_alone", "change_in_law"),
    "other_vehicle": (
        "guideline_amendment",
        "sentence_computation",
        "conditions",
        "home_confinement",
        "other",
    ),
}

DISPOSITIONS: tuple[str, ...] = tuple(TAXONOMY)


def is_valid(disposition: str, ground: str) -> bool:
    """Return whether `ground` is one of `disposition`'s grounds."""
    return ground in TAXONOMY.get(disposition, ())
