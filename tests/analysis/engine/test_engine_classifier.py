"""The classifier: every ground, Ferguson's nine arguments, substance over label, and invariants."""

import subprocess
import sys

import pytest
from engine_examples import EXAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import engine
from analysis.engine import classifier


def _id(example):
    return f"{example[1]}/{example[2]}:{example[0][:40]}"


def rules_alone(text, circuit=None):
    return engine.classifier.assess(text, engine.current_rule_pack(), circuit, None)


@pytest.mark.parametrize("text,disposition,ground,alternatives", EXAMPLES, ids=[_id(e) for e in EXAMPLES])
def test_each_ground_is_recognised_in_several_voices(text, disposition, ground, alternatives):
    # The rules' lexicons recognise every example on their own. Since pack 2026.12.06 a learned model reads
    # beside them (issue #10): where the combined answer differs, it must say so with needs_review.
    assessment = rules_alone(text)
    assert assessment.disposition == disposition
    assert assessment.ground in (ground, *alternatives)
    combined = engine.classify(text)
    assert (combined.disposition, combined.ground in (ground, *alternatives)) == (disposition, True) or (
        combined.needs_review and combined.reviewer_note
    )


def test_every_ground_of_the_taxonomy_has_examples():
    covered = {(disposition, ground) for _, disposition, ground, _ in EXAMPLES}
    expected = {(d, g) for d, grounds in engine.TAXONOMY.items() for g in grounds}
    assert expected <= covered


# The nine arguments of United States v. Ferguson, as a staffer might enter them.
FERGUSON = [
    (
        "He has asthma and high blood pressure, which he says put him at a higher risk of dying if he gets COVID-19.",
        "compassionate_release",
        ("medical",),
    ),
    (
        "Says the indictment never alleged that the gun had a silencer, so the 30-year 924(c) minimum on Count Seven "
        "was unlawful.",
        "collateral_attack",
        ("indictment_defect",),
    ),
    (
        "The jury was not instructed that possessing a silencer was an element it had to find.",
        "collateral_attack",
        ("trial_error",),
    ),
    # Not told the Count Seven penalty at arraignment: a defect in how the conviction was obtained. He went to
    # trial, so it is not a guilty-plea defect; Ferguson lists it on its own, hence collateral_attack/other.
    (
        "Nobody told him at his arraignment what the penalty on Count Seven was.",
        "collateral_attack",
        ("other", "plea_invalid", "trial_error"),
    ),
    ("His guideline range was miscalculated at sentencing.", "collateral_attack", ("sentencing_error",)),
    (
        "Trial counsel failed to subpoena a witness who would have helped the defense.",
        "collateral_attack",
        ("ineffective_assistance",),
    ),
    (
        "His lawyer gave him the wrong guideline range when advising him.",
        "collateral_attack",
        ("ineffective_assistance",),
    ),
    (
        "Counsel failed to object to the guideline calculation on Count Seven.",
        "collateral_attack",
        ("ineffective_assistance",),
    ),
    (
        "His attorney told him he faced the same penalty at trial as he would by pleading guilty.",
        "collateral_attack",
        ("ineffective_assistance",),
    ),
]


@pytest.mark.parametrize("text,disposition,grounds", FERGUSON)
def test_fergusons_nine_arguments(text, disposition, grounds):
    assessment = engine.classify(text, circuit="4th")
    assert (assessment.disposition, assessment.ground in grounds) == (disposition, True)
    assert assessment.authorities


def test_ferguson_collateral_attacks_cite_ferguson():
    for text, _, _ in FERGUSON[1:]:
        assert "United States v. Ferguson, 55 F.4th 262 (4th Cir. 2022)" in engine.classify(text).authorities


@pytest.mark.parametrize(
    "validity,change",
    [
        (
            "My 924(c) conviction is void under Davis because the predicate is not a crime of violence.",
            "Today I'd get 25 fewer years on the stacked 924(c) counts.",
        ),
        (
            "I never should have been a career offender; my priors don't qualify.",
            "I would not be a career offender if I were sentenced today.",
        ),
    ],
)
def test_substance_over_label_validity_attack_versus_change_in_law(validity, change):
    assert engine.classify(validity).disposition == "collateral_attack"
    changed = engine.classify(change)
    assert (changed.disposition, changed.ground) == ("foreclosed", "change_in_law")


def test_medical_argument_complaining_about_bop_care_stays_medical():
    assessment = engine.classify(
        "I have kidney disease and the medical staff here keep denying me a specialist. I am asking to go home."
    )
    assert (assessment.disposition, assessment.ground) == ("compassionate_release", "medical")
    assert assessment.ussg_subsection == "§ 1B1.13(b)(1)(C)"


def test_plea_offer_never_conveyed_is_ineffective_assistance_without_the_word():
    text = "nobody ever told me the government offered a plea deal of 8 years"
    assessment = rules_alone(text)
    assert (assessment.disposition, assessment.ground) == ("collateral_attack", "ineffective_assistance")
    combined = engine.classify(text)
    assert combined.disposition == "collateral_attack"
    assert combined.ground == "ineffective_assistance" or combined.needs_review


def test_codefendant_disparity_is_weak_and_needs_review():
    assessment = engine.classify("My codefendant got 5 years and I got 20 for the same thing.")
    assert (assessment.disposition, assessment.ground, assessment.needs_review) == (
        "compassionate_release", "other", True)  # fmt: skip


def test_rehabilitation_alone_is_foreclosed_but_with_another_ground_supports_it():
    alone = engine.classify("I finished the drug program and every class and have no write-ups in 9 years.")
    assert (alone.disposition, alone.ground) == ("foreclosed", "rehabilitation_alone")
    beside = engine.classify("Besides my cancer, I finished every class and have no write-ups in 9 years.")
    assert (beside.disposition, beside.ground) == ("compassionate_release", "rehabilitation")


REHABILITATION_ALONE = [
    # A treatment or mental-health programme is rehabilitation, not a medical ground: its words ("treatment",
    # "mental health") once made CR-REHABILITATION-WITH-GROUND fire on rehabilitation alone.
    "My client has an exemplary prison record, mentors younger inmates and has completed drug treatment. He asks "
    "for release on his rehabilitation.",
    "I finished the residential drug treatment program and anger management, and I have no write-ups. Please let "
    "me go home because I am rehabilitated.",
    "He completed RDAP and the mental health program, works in the kitchen, and his recidivism risk is minimum.",
]


@pytest.mark.parametrize("text", REHABILITATION_ALONE)
def test_rehabilitation_alone_in_treatment_words_is_foreclosed_by_rules_and_combined(text):
    # 28 U.S.C. § 994(t): rehabilitation alone is not extraordinary and compelling (LAW.md).
    rules = rules_alone(text)
    assert (rules.disposition, rules.ground, rules.rule_id) == (
        "foreclosed", "rehabilitation_alone", "FC-REHABILITATION-ALONE")  # fmt: skip
    combined = engine.classify(text)
    assert (combined.disposition, combined.ground) == ("foreclosed", "rehabilitation_alone")


@pytest.mark.parametrize(
    "text",
    [
        "I completed the drug treatment program and have no write-ups. I also have stage 4 cancer and the doctors "
        "give me months to live.",
        "My mother is dying and no one else can care for her. I have also completed every program and have no "
        "infractions.",
    ],
)
def test_rehabilitation_beside_a_cognizable_ground_is_not_foreclosed(text):
    for assessment in (rules_alone(text), engine.classify(text)):
        assert assessment.disposition == "compassionate_release"
        assert assessment.ground != "rehabilitation_alone"


def test_unrecognised_text_falls_back_to_other_with_review():
    assessment = engine.classify("Please help me.")
    assert (assessment.disposition, assessment.ground, assessment.needs_review) == (
        "compassionate_release", "other", True)  # fmt: skip
    assert assessment.confidence < 0.3


def test_assessment_carries_rationale_rule_and_pack():
    assessment = engine.classify("My lawyer never told me about the plea offer.")
    data = assessment.to_dict()
    assert data["rule_id"] == "CA-IAC" and data["rule_pack_version"] == engine.RULE_PACK_VERSION
    assert 1 <= data["rationale"].count(".") <= 4 and "plea offer" in data["rationale"]
    assert data["evidence"][0]["text"] in "My lawyer never told me about the plea offer."


def test_verify_flags_follow_law_md():
    innocence = engine.classify("I am actually innocent.")
    assert any("Fernandez v. United States" in item for item in innocence.verify)
    family = engine.classify("My mother has dementia and I am her only caregiver.")
    assert family.ussg_subsection == "§ 1B1.13(b)(3)" and family.verify


def test_circuit_forms_are_accepted():
    for form in ("4th", "4", "fourth", "CA4", "4th Cir."):
        assert engine.normalise_circuit(form) == "4th"
    assert engine.normalise_circuit("D.C. Cir.") == "DC"
    assert engine.normalise_circuit("moon") is None
    assert engine.classify("I have cancer", circuit="moon").circuit is None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=5000))
def test_any_text_gives_a_valid_deterministic_assessment(text):
    first = engine.classify(text)
    assert first == engine.classify(text)
    assert first.ground in engine.TAXONOMY[first.disposition]
    assert 0.0 <= first.confidence <= 1.0
    for span in first.evidence:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([e[0] for e in EXAMPLES]), min_size=1, max_size=4), st.text(max_size=200))
def test_realistic_mixtures_keep_spans_exact(parts, noise):
    text = "\n".join(parts) + noise
    assessment = engine.classify(text)
    assert all(text[s.start : s.end] == s.text for s in assessment.evidence)
    assert assessment.ground in engine.TAXONOMY[assessment.disposition]


def test_classify_rejects_non_text():
    with pytest.raises(TypeError):
        engine.classify(None)


def test_engine_imports_without_django():
    code = "import analysis.engine, sys; assert 'django' not in sys.modules"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=_repo_root())
    assert result.returncode == 0, result.stderr


def _repo_root():
    from pathlib import Path

    return str(Path(__file__).resolve().parents[3])


@pytest.mark.parametrize(
    ("text", "ground"),
    [
        (
            "The police searched my car without a warrant and the judge should have suppressed the drugs.",
            "trial_error",
        ),
        (
            "The officers kicked in my door with no warrant and everything they found was used against me.",
            "trial_error",
        ),
        ("My confession was coerced and should not have been used at trial.", "trial_error"),
        ("The judge gave me an enhancement for obstruction of justice that was wrong.", "sentencing_error"),
        (
            "My PSR gave me a two-point enhancement for a firearm that belonged to my roommate.",
            "sentencing_error",
        ),
    ],
)
def test_fourth_amendment_and_enhancement_disputes_are_collateral_attacks(text, ground):
    # Police conduct before the conviction is not abuse in custody; disputing an enhancement's facts is not
    # a claim of innocence.
    assessment = engine.classify(text, circuit="4th")
    assert (assessment.disposition, assessment.ground) == ("collateral_attack", ground)


def test_guards_kicking_a_prisoner_is_still_abuse_in_custody_and_innocence_still_innocence():
    assert (
        engine.classify("The guards kicked me in the ribs while I was handcuffed.").ground == "custody_abuse"
    )
    assert engine.classify("I am innocent; the gun belonged to my roommate.").ground == "innocence"


@pytest.mark.parametrize(
    "text",
    [
        "CL: 0 shots in 12 yrs, GED, 30+ programs. No medical/family issues reported. Asks for release on rehab.",
        "He asks for a reduction because he has changed and mentors younger men. He does not claim any illness or "
        "family need.",
        "Reason: good conduct & programming (RDAP, GED, 2 trades). Asked re health, family, age - none.",
    ],
)
def test_a_ground_the_text_denies_does_not_set_rehabilitation_alone_aside(text):
    # "no medical issues" is not a medical ground: rehabilitation alone stays foreclosed (28 U.S.C. § 994(t)).
    rules = rules_alone(text)
    assert (rules.disposition, rules.ground) == ("foreclosed", "rehabilitation_alone")


@pytest.mark.parametrize(
    "text,rule_id",
    [
        # LAW.md § 5: a covered crack offense is a First Step Act § 404 motion; post-sentencing cooperation a
        # government motion under Fed. R. Crim. P. 35(b). In plain words these fell to the fallback or § 2255.
        (
            "I got sentenced for crack back in 2007 before they changed the crack law, can I get my time cut",
            "OV-FSA-404",
        ),
        (
            "i gave the agents information after i was sentenced and they arrested two people, i want credit for that",
            "OV-RULE-35",
        ),
        (
            "After sentencing, our client provided information that led to the indictment of three people.",
            "OV-RULE-35",
        ),
    ],
)
def test_other_vehicles_in_plain_words_name_their_authority(text, rule_id):
    rules = rules_alone(text)
    assert (rules.disposition, rules.ground, rules.rule_id) == ("other_vehicle", "other", rule_id)
    assert engine.classify(text).rule_id == rule_id


@pytest.mark.parametrize(
    "text",
    [
        # Rehabilitation as people without a lawyer put it (faith, remorse, "not the same man", restitution paid, a
        # trade licence) fell to the fallback: it is rehabilitation alone, foreclosed (28 U.S.C. § 994(t)).
        "I accepted Jesus in 2019 and lead the prayer group on my unit. I am a new person and ready to go home.",
        "I am truly sorry to my victims. I am not the same man who was sentenced in 2012 and I ask for release.",
        "I paid off all my restitution and got my barber license. Please let me go home.",
        "i been leading bible study 6 years, im a model inmate, please judge",
    ],
)
def test_rehabilitation_in_plain_words_is_foreclosed_alone(text):
    rules = rules_alone(text)
    assert (rules.disposition, rules.ground, rules.rule_id) == (
        "foreclosed", "rehabilitation_alone", "FC-REHABILITATION-ALONE")  # fmt: skip
    combined = engine.classify(text)
    assert (combined.disposition, combined.ground) == ("foreclosed", "rehabilitation_alone")


def test_faith_beside_a_terminal_illness_is_not_foreclosed():
    text = "I have stage 4 cancer and they refuse treatment. I found God in here too. Please release me."
    for assessment in (rules_alone(text), engine.classify(text)):
        assert assessment.disposition == "compassionate_release"


@pytest.mark.parametrize(
    "text",
    [
        # LAW.md § 5: conditions of confinement go to a BOP grievance, then a civil action. Asked to be fixed in plain
        # words (dental care, a diet, bedding, a broken fan) they fell to the fallback or to medical.
        "The dentist has me on a waiting list for 18 months and my tooth is rotting. I want them to fix it.",
        "They will not give me my diabetic diet tray. I want the kitchen to provide the right food.",
        "Our fans are broke and there are no blankets in the winter, I want the warden to fix it.",
    ],
)
def test_conditions_asked_to_be_fixed_are_a_grievance(text):
    rules = rules_alone(text)
    assert (rules.disposition, rules.ground, rules.rule_id) == (
        "other_vehicle",
        "conditions",
        "OV-CONDITIONS",
    )
    combined = engine.classify(text)
    assert (combined.disposition, combined.ground) == ("other_vehicle", "conditions")


def test_release_because_of_an_untreated_condition_stays_medical():
    # LAW.md § 2: a reduction asked because of a condition BOP does not treat is (b)(1)(C), even about teeth.
    text = (
        "My teeth are all infected and the infection spread to my jaw bone, the oral surgeon says it could go to "
        "my heart. I ask the judge to release me so I can get surgery."
    )
    for assessment in (rules_alone(text), engine.classify(text)):
        assert (assessment.disposition, assessment.ground) == ("compassionate_release", "medical")


@pytest.mark.parametrize(
    "text",
    [
        # LAW.md § 4: disparity with co-defendants (not from a change in law) is compassionate_release/other, weak,
        # for a reviewer. Told without the word "co-defendant" it fell to the fallback.
        "The leader of the whole thing took a plea and got 7 years. I got 30 for driving the car one time.",
        "everybody in my case got less than me because they took deals, i got 25 years",
        "my brother got 5 years and i got 20 for the same thing, thats not fair",
    ],
)
def test_codefendant_disparity_in_plain_words_is_other_for_a_reviewer(text):
    rules = rules_alone(text)
    assert (rules.disposition, rules.ground, rules.rule_id) == (
        "compassionate_release", "other", "CR-CODEFENDANT-DISPARITY")  # fmt: skip
    combined = engine.classify(text)
    assert (combined.disposition, combined.ground, combined.needs_review) == (
        "compassionate_release",
        "other",
        True,
    )


def test_a_codefendant_inside_a_counsel_failure_stays_a_collateral_attack():
    text = "My lawyer never told me my brother was cooperating against me and the plea offer was 5 years."
    for assessment in (rules_alone(text), engine.classify(text)):
        assert assessment.disposition == "collateral_attack"


def test_a_prison_named_terminal_island_is_not_a_terminal_illness():
    assessment = engine.classify("I am in FCI Terminal Island since 2020.")
    assert assessment.ground != "medical"
    assert all("Terminal" not in span.text for span in assessment.evidence)
    assert engine.classify("I am at FCI Terminal Island and I have terminal cancer.").ground == "medical"


@pytest.mark.parametrize(
    "text",
    [
        "The two guys who ran the operation took deals and got 5 and 6 years. I went to trial and I got 27 years "
        "for the same conspiracy.",
        "I got 30 years and my brother, who was in it with me, got 4 years for the same robbery.",
    ],
)
def test_a_sentence_compared_with_the_others_in_the_case_reads_as_a_codefendant_disparity(text):
    analysis = classifier.analyse(text, engine.current_rule_pack())
    assert "codefendant_disparity" in analysis.hits
    assert engine.classify(text).disposition == "compassionate_release"


@pytest.mark.parametrize(
    "text",
    [
        "They added two points because I was on probation when this happened. I read that the guidelines changed "
        "and those points dont count anymore for most people. Can I get my range lowered?",
        "I had zero points, no record at all, and I heard there is a 2 level reduction now for people like me even "
        "if already sentenced.",
    ],
)
def test_a_retroactive_guideline_amendment_in_plain_words_is_another_vehicle_flagged_to_confirm(text):
    assessment = engine.classify(text)
    assert (assessment.disposition, assessment.ground) == ("other_vehicle", "guideline_amendment")
    assert assessment.needs_review  # which amendment is for a reviewer to confirm, never guessed


@pytest.mark.parametrize(
    "text",
    [
        "My family all lives in Ohio and I am in Florida. Please ask them to move me to a prison near Columbus.",
        "Client wants BOP to redesignate him to a low, he says his security points were scored wrong.",
        "The psychology department says I am not eligible for RDAP because of an old gun charge. That is wrong.",
    ],
)
def test_a_transfer_a_security_level_or_rdap_eligibility_is_for_bop_not_a_reduction(text):
    # LAW.md § 5: BOP decides designation and its programmes (administrative remedy): the rules of pack 2026.12.07
    # read it (those of 2026.12.06.2 did not; the learned model sometimes did).
    rules = classifier.assess(text, engine.load_rule_pack_version("2026.12.07"), None, None)
    assert (rules.disposition, rules.ground, rules.rule_id) == ("other_vehicle", "other", "OV-OTHER")
    assert "other_vehicle_misc" in classifier.analyse(text, engine.current_rule_pack()).hits
    assert (
        "other_vehicle_misc"
        not in classifier.analyse(text, engine.load_rule_pack_version("2026.12.06.2")).hits
    )


def test_a_redesignation_asked_in_staff_shorthand_goes_to_bop():
    text = "Client wants BOP to redesignate him to a low, he says his security points were scored wrong."
    assessment = engine.classify(text, as_of="2026-12-07")
    assert (assessment.disposition, assessment.ground) == ("other_vehicle", "other")


def test_a_drug_table_told_as_new_is_a_guideline_amendment_flagged_to_confirm():
    text = "Under the new drug table my base level would be 2 levels lower and I want my range recalculated."
    assessment = engine.classify(text, as_of="2026-12-07")
    assert (assessment.disposition, assessment.ground) == ("other_vehicle", "guideline_amendment")
    assert assessment.needs_review


def test_points_wrongly_added_at_sentencing_stay_a_collateral_attack():
    text = (
        "The judge wrongly gave me two extra points for being on probation, but my probation had already ended "
        "before the offense. My lawyer never objected."
    )
    assert engine.classify(text).disposition == "collateral_attack"


@pytest.mark.parametrize(
    "text",
    [
        "Had Ms. Alvarez been sentenced after the Supreme Court's later decision, her minimum would be five years.",
        "Were Mr. Doe sentenced today he would face ten years less.",
        "Since the later decision, defendants in his position today would not face the fifteen-year minimum.",
    ],
)
def test_if_sentenced_today_told_of_a_named_client_is_a_change_in_law_disparity(text):
    # the rules alone (the splitter reads sentences with them), and the whole pipeline
    assert classifier.classify_by_rules(text).ground == "change_in_law"
    assert engine.classify(text).ground == "change_in_law"


@pytest.mark.parametrize(
    "text",
    [
        "Two years of lockdowns with no visits and no programs made my time much harder than the judge intended, "
        "so I am asking for a shorter sentence.",
        "Client spent 14 months in the SHU during the pandemic and wants the court to count those conditions as a "
        "reason to reduce his sentence.",
    ],
)
def test_harsh_confinement_offered_for_a_reduction_is_an_other_reason_for_a_reviewer(text):
    # LAW.md § 2 (b)(5): a request for a shorter sentence because confinement was harsher than intended can only be
    # an 'other reason'; pack 2026.12.07.2 reads it so (2026.12.07's rules filed it as a conditions complaint).
    assessment = engine.classify(text, as_of="2026-12-07")
    assert (assessment.disposition, assessment.ground, assessment.needs_review) == (
        "compassionate_release",
        "other",
        True,
    )
    old = classifier.assess(text, engine.load_rule_pack_version("2026.12.07"), None, None)
    assert (old.disposition, old.ground) != ("compassionate_release", "other")


@pytest.mark.parametrize(
    "text",
    [
        "CL at FCI Hazelton says two officers beat him in the SHU and staff denied him medical care afterwards. He wants "
        "to sue for damages and get an injunction.",
        "the CO slammed me on the floor for nothing and broke my wrist. i want them held accountable and paid for what "
        "they did to me",
    ],
)
def test_mistreatment_complained_of_for_a_civil_remedy_is_a_conditions_matter_for_a_reviewer(text):
    # LAW.md § 5: what is asked is damages or an injunction (a grievance, then a civil action), not a reduction; pack
    # 2026.12.07.3 reads it so (2026.12.07.2 read abuse offered for release, § 1B1.13(b)(4)). The model, which has seen
    # few such texts, still leans to abuse: the reviewer is asked to look.
    assessment = engine.classify(text, as_of="2026-12-07")
    assert (assessment.disposition, assessment.ground, assessment.needs_review) == (
        "other_vehicle",
        "conditions",
        True,
    )
    old = classifier.assess(text, engine.load_rule_pack_version("2026.12.07.2"), None, None)
    assert (old.disposition, old.ground) == ("compassionate_release", "custody_abuse")


def test_abuse_offered_as_a_reason_for_release_stays_custody_abuse():
    text = "A lieutenant sexually assaulted me in 2023 and was convicted for it. I ask the court for compassionate release."
    assessment = engine.classify(text, as_of="2026-12-07")
    assert (assessment.disposition, assessment.ground) == ("compassionate_release", "custody_abuse")


@pytest.mark.parametrize(
    "text",
    [
        "Reyes (D. Kan.) - IAC at the plea stage; says counsel's advice about the guideline range was deficient.",
        "His first ground is that plea counsel's performance was deficient in advising him to take the deal.",
    ],
)
def test_an_intake_note_s_iac_and_deficient_advice_are_ineffective_assistance(text):
    assessment = engine.classify(text, as_of="2026-12-07")
    assert (assessment.disposition, assessment.ground) == ("collateral_attack", "ineffective_assistance")
    old = classifier.assess(text, engine.load_rule_pack_version("2026.12.07.2"), None, None)
    assert old.rule_id != "CA-IAC"


def test_conditions_complained_of_without_asking_for_a_reduction_stay_a_grievance():
    text = "We have been on lockdown for three months, there is mold in the showers and the food comes cold."
    assessment = engine.classify(text, as_of="2026-12-07")
    assert (assessment.disposition, assessment.ground) == ("other_vehicle", "conditions")


def test_home_confinement_asked_as_a_condition_of_supervised_release_is_not_bop_placement():
    # LAW.md § 5: a reduced sentence may carry supervised release with a home-confinement condition.
    text = (
        "I have bad asthma and the virus keeps going around my unit. I am asking the court to release me to home "
        "detention with supervised release for the rest of my time."
    )
    assessment = engine.classify(text, as_of="2026-12-07")
    assert (assessment.disposition, assessment.ground) == ("compassionate_release", "medical")
    old = classifier.assess(text, engine.load_rule_pack_version("2026.12.07"), None, None)
    assert old.ground == "home_confinement"
    bop = engine.classify("I want BOP to put me on home confinement under the CARES Act.", as_of="2026-12-07")
    assert (bop.disposition, bop.ground) == ("other_vehicle", "home_confinement")


def test_a_restitution_payment_plan_or_a_hold_to_lift_is_for_another_process():
    for text in (
        "I need the court to set a reasonable payment schedule for my restitution that I can keep up with.",
        "How do I get the federal hold on me lifted so I can go to a camp?",
    ):
        hits = classifier.analyse(text, engine.current_rule_pack()).hits
        assert "other_vehicle_misc" in hits
        assert (
            "other_vehicle_misc"
            not in classifier.analyse(text, engine.load_rule_pack_version("2026.12.07")).hits
        )


def test_a_number_in_words_before_a_unit_is_not_an_age():
    text = "Ninety percent of his left lung was removed and he has trouble breathing."
    assert "age_strong" not in classifier.analyse(text, engine.current_rule_pack()).hits
    assert "age_strong" in classifier.analyse(text, engine.load_rule_pack_version("2026.12.07")).hits
    assert "age_strong" in classifier.analyse("He is ninety and frail.", engine.current_rule_pack()).hits


@pytest.mark.parametrize(
    "text",
    [
        "CL at FCI Aliceville - hip replacement approved by the outside ortho 8 months ago, still not scheduled. "
        "Wants BOP to schedule the surgery. No release request.",
        "My teeth are rotting and the dentist here keeps putting me off. I am not asking to get out early, I just "
        "need them to fix my teeth.",
    ],
)
def test_care_asked_of_the_prison_is_a_conditions_matter(text):
    # LAW.md § 5: care asked OF the prison goes through a grievance, then a civil action; it is not a reason for
    # release. Pack 2026.12.07.5's rules read it so (2026.12.07.4's read the illness, or nothing), and the rules and
    # the model now agree, so it no longer waits for a reviewer.
    rules = classifier.assess(text, engine.current_rule_pack(), None, None)
    assert rules.rule_id == "OV-CONDITIONS"
    assert (
        classifier.assess(text, engine.load_rule_pack_version("2026.12.07.4"), None, None).rule_id
        != "OV-CONDITIONS"
    )
    assessment = engine.classify(text, as_of="2026-12-07")
    assert (assessment.disposition, assessment.ground, assessment.needs_review) == (
        "other_vehicle",
        "conditions",
        False,
    )


def test_care_asked_of_the_prison_that_the_model_reads_as_illness_goes_to_a_reviewer():
    text = (
        "My seizures are getting worse since they cut my dose. I want the court to order the prison to give me back "
        "the medication the neurologist prescribed."
    )
    assert classifier.assess(text, engine.current_rule_pack(), None, None).rule_id == "OV-CONDITIONS"
    assessment = engine.classify(text, as_of="2026-12-07")
    assert assessment.needs_review
    assert (
        "other vehicle / conditions" in assessment.summary and "compassionate release" in assessment.summary
    )


def test_release_asked_because_of_the_same_illness_stays_medical():
    # The prison's failure to treat, offered as the reason for release, is § 1B1.13(b)(1)(C).
    text = (
        "My seizures are getting worse since they cut my dose and the prison will not send me to a neurologist. "
        "I am asking the court for compassionate release so I can get treated at home."
    )
    assessment = engine.classify(text, as_of="2026-12-07")
    assert (assessment.disposition, assessment.ground, assessment.rule_id) == (
        "compassionate_release",
        "medical",
        "CR-MEDICAL",
    )


@pytest.mark.parametrize(
    "text",
    [
        "He is not asking for release. He was jumped twice on the yard and wants to be moved to another prison.",
        "This is not a compassionate release motion: I ask to be placed on home confinement under the CARES Act "
        "because of my asthma.",
    ],
)
def test_a_text_that_does_not_ask_for_release_is_never_a_release_reason(text):
    pack = engine.current_rule_pack()
    assessment = engine.classify(text, as_of="2026-12-07")
    assert assessment.disposition == "other_vehicle"
    analysis = classifier.analyse(text, pack)
    assert "release_not_sought" in analysis.hits
    assert not [item for item in analysis.ranked if item.rule.disposition == "compassionate_release"]
    # and the model's release readings get no vote (the pack's [model.ruled_out])
    assert ("compassionate_release", "medical") in pack.model.ruled_out["release_not_sought"]


def test_a_model_reading_the_text_rules_out_is_named_as_such_not_as_a_rival():
    # The model leans to a release ground the text itself disclaims ("not asking to go home"): the reviewer is told
    # that the text's own words rule the model's reading out, not asked to choose between two readings.
    text = (
        "I had hip surgery approved by the outside doctor eight months ago and they still have not scheduled it. "
        "I am not asking to go home, I just want the court to make BOP schedule the surgery."
    )
    assessment = engine.classify(text, as_of="2026-12-07")
    assert assessment.model["disposition"] == "compassionate_release"
    assert (assessment.disposition, assessment.ground, assessment.needs_review) == (
        "other_vehicle",
        "conditions",
        True,
    )
    assert assessment.summary == engine.current_rule_pack().model.say(
        "ruled_out", model="compassionate release / medical", words="“am not asking to go home”"
    )
    assert (
        "rules that reading out" in assessment.summary
        and "Decide this one yourself" not in assessment.summary
    )
    # a pack without the sentence (2026.12.07.4) says what it always said
    assert "ruled_out" not in engine.load_rule_pack_version("2026.12.07.4").model.text


@pytest.mark.parametrize(
    "text",
    [
        "I am not asking to go home. I have terminal cancer and diabetes and my heart is failing.",
        "He is not asking for release. His mother is dying of cancer and he is her only son.",
    ],
)
def test_a_text_that_asks_no_release_and_matches_nothing_else_is_answered_not_crashed(text):
    # Every release rule stands aside and every release reading of the model is ruled out; nothing else matches.
    # 2026.12.07.5 as first made divided by zero here (the release disposition kept a share of the model's vote
    # although none of its grounds had any), which would have failed triage and the letter page.
    assessment = engine.classify(text, as_of="2026-12-07")
    assert assessment.disposition != "compassionate_release"
    assert assessment.needs_review and assessment.confidence < 0.5
    assert "rules that reading out" in assessment.summary


def test_nothing_matched_in_a_text_that_asks_no_release_is_not_filed_as_an_other_release_reason():
    # The fallback files what nothing matched as a compassionate-release 'other' reason for a reviewer; a text that
    # says it asks no release rules that out, so the model's best reading left is given instead, for review.
    text = "He doesn't want release, he wants his CPAP machine back."
    assert "release_not_sought" in classifier.analyse(text, engine.current_rule_pack()).hits
    assessment = engine.classify(text, as_of="2026-12-07")
    assert assessment.disposition != "compassionate_release"
    assert assessment.needs_review and assessment.confidence < 0.5
    assert (
        classifier.assess(text, engine.current_rule_pack(), None, None).rule_id == "FALLBACK"
    )  # the rules alone


@pytest.mark.parametrize(
    "text",
    [
        "Caller says a male CO in CL's unit has been touching CL during counts and CL is afraid to report it.",
        "A CO at FCI Fort Dix made me do sexual things with him in the laundry room for months.",
        "Client states camp officer coerced sex in exchange for not writing her up. OIG substantiated.",
        "Mr. Grady was struck repeatedly with a baton by a correctional officer while handcuffed.",
    ],
)
def test_abuse_by_an_officer_in_plain_active_words_is_evidence_of_abuse_in_custody(text):
    # § 1B1.13(b)(4) (LAW.md § 2). Pack 2026.12.07.6's rules found no evidence in these (the model alone read some).
    pack = engine.current_rule_pack()
    assert classifier.assess(text, pack, None, None).rule_id == "CR-CUSTODY-ABUSE"
    assert (
        "custody_abuse_cues"
        not in classifier.analyse(text, engine.load_rule_pack_version("2026.12.07.6")).hits
    )
    assessment = engine.classify(text, as_of="2026-12-07")
    assert (assessment.disposition, assessment.ground) == ("compassionate_release", "custody_abuse")
    assert assessment.evidence


def test_an_officer_touching_the_mail_is_no_abuse():
    pack = engine.current_rule_pack()
    text = "The officer in the mailroom keeps touching my legal mail before I get it."
    assert "custody_abuse_cues" not in classifier.analyse(text, pack).hits


@pytest.mark.parametrize(
    "idiom",
    [
        "It breaks my heart that my kids are growing up without me.",
        "From the bottom of my heart I am sorry for what I did.",
        "I was heartbroken when I missed my daughter's graduation.",
    ],
)
def test_heart_in_an_idiom_of_feeling_is_no_heart_condition(idiom):
    medical = {"medical_condition", "medical_self", "medical_serious"}
    assert medical.isdisjoint(classifier.analyse(idiom, engine.current_rule_pack()).hits)
    assert not medical.isdisjoint(
        classifier.analyse(idiom, engine.load_rule_pack_version("2026.12.07.6")).hits
    )


@pytest.mark.parametrize(
    "condition",
    [
        "I have problems with my heart and the doctors here do nothing.",
        "My heart is failing and I need a valve replacement.",
        "He had a heart attack in 2024 and his heart is weak.",
    ],
)
def test_a_heart_condition_is_still_one(condition):
    hits = classifier.analyse(condition, engine.current_rule_pack()).hits
    assert {"medical_condition", "medical_self", "medical_serious"} & hits.keys()
    assert engine.classify(condition, as_of="2026-12-07").ground == "medical"


@pytest.mark.parametrize(
    "text",
    [
        "The judge should have run my federal sentence concurrent with my state sentence because it was the same conduct.",
        "CL says sentencing court should have run fed term concurrent w/ undischarged state term under 5G1.3(b).",
        "The court thought it had no power to run the federal term together with the state sentence, so it made it consecutive.",
        "the judge didnt take off the 2 years i already did for the same meth on the state side",
    ],
)
def test_the_sentencing_courts_concurrency_decision_attacked_as_wrong_is_a_sentencing_error(text):
    # LAW.md § 3: a legal error at sentencing is a collateral attack (§ 2255), whatever words of time it uses; pack
    # 2026.12.07.7's rules read the first two as BOP's sentence computation (LAW.md § 5) and the others as nothing.
    pack = engine.current_rule_pack()
    assert classifier.assess(text, pack, None, None).rule_id == "CA-SENTENCING"
    assert (
        classifier.assess(text, engine.load_rule_pack_version("2026.12.07.7"), None, None).rule_id
        != "CA-SENTENCING"
    )
    assessment = engine.classify(text)
    assert (assessment.disposition, assessment.ground) == ("collateral_attack", "sentencing_error")


def test_counsel_who_never_asked_for_concurrent_time_is_ineffective_assistance():
    text = (
        "my lawyer should of asked the judge to make my federal time run with my state time but he never did"
    )
    assert classifier.assess(text, engine.current_rule_pack(), None, None).rule_id == "CA-IAC"
    assert engine.classify(text).disposition == "collateral_attack"


@pytest.mark.parametrize(
    "text",
    [
        # what BOP computes from the judgment, and credit for time in custody (Wilson; LAW.md § 5)
        "The judge ordered my federal sentence to run concurrent with my state sentence but BOP is running them back to back.",
        "The judge said my time was supposed to run concurrent with the state case, but the BOP computation has it consecutive.",
        "My judge ordered concurrent time, so BOP should have run my sentence together with the state one.",
        "The judge should have given me credit for the time I did in county jail.",
    ],
)
def test_bops_computation_of_concurrent_terms_and_credit_stays_a_computation_matter(text):
    pack = engine.current_rule_pack()
    assert "court_concurrency_error" not in classifier.analyse(text, pack).hits
    assessment = engine.classify(text)
    assert (assessment.disposition, assessment.ground) == ("other_vehicle", "sentence_computation")


def test_the_splitters_light_reading_is_the_rules_reading_without_the_explanation():
    # `rules_reading` skips building the explanation; what it returns must be what `classify_by_rules` says, on
    # every corpus item and on each of their sentences (the splitter reads sentences)
    import json
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[3] / "analysis" / "corpus" / "corpus_a.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line][
        :300
    ]
    texts += [sentence for text in texts for sentence in text.split(". ")]
    texts += ["", "Sincerely, Tom", "12345-678"]
    fallbacks = 0
    for text in texts:
        full = classifier.classify_by_rules(text)
        light = classifier.rules_reading(text)
        if full.evidence:
            assert light == ((full.disposition, full.ground), full.confidence), text
        else:
            fallbacks += 1
            assert light is None, text
    assert fallbacks  # both branches were compared
