"""Splitting a pasted letter into single-claim arguments."""

import re
import sys

import pytest

from analysis import engine
from analysis.engine import splitter
from analysis.engine.splitter import split_letter

LETTER = """Dear Sir or Madam,

I hope this letter finds you well. My name is Tom and I am writing about my case.

I was diagnosed with stage 4 prostate cancer in March and the doctors here say it has spread to my bones.
The treatment they give me is not working.

Another thing, the public defender I had never showed me the discovery and didnt call the alibi witness.

On top of that if I was sentenced today under the First Step Act my gun counts would not be stacked.

Thank you for your time and God bless.
Sincerely,
Tom R.
"""


def test_three_claim_letter_gives_three_arguments():
    arguments = engine.split_arguments(LETTER)
    assert len(arguments) == 3
    labels = [(a.disposition, a.ground) for a in map(engine.classify, arguments)]
    assert labels == [
        ("compassionate_release", "medical"),
        ("collateral_attack", "ineffective_assistance"),
        ("foreclosed", "change_in_law"),
    ]
    assert all(argument in LETTER for argument in arguments)
    assert not any("Sincerely" in argument or "Dear" in argument for argument in arguments)


def test_one_sentence_with_two_claims_is_split():
    arguments = engine.split_arguments("I am innocent and I also have cancer that is spreading.")
    assert [engine.classify(a).disposition for a in arguments] == [
        "collateral_attack",
        "compassionate_release",
    ]


def test_follow_up_sentences_stay_with_their_claim():
    text = "My mother is dying of cancer. She lives alone. Nobody else can take care of her."
    assert engine.split_arguments(text) == [text]


def test_empty_and_pleasantry_only_letters_give_nothing():
    assert engine.split_arguments("") == []
    assert engine.split_arguments("Dear Judge,\n\nThank you.\nSincerely,\nJ.") == []


# --- Splitter v2 ----------------------------------------------------------------------------------------------


MEDICAL = "I have stage 4 lung cancer and the chemo is not working."
IAC = "My lawyer never told me about the plea offer of 10 years."
CONDITIONS = "We have been on lockdown for six months with no visits and cold food."


def _labels(arguments):
    return [(a.disposition, a.ground) for a in map(engine.classify, arguments)]


@pytest.mark.parametrize(
    "joined",
    [
        f"{MEDICAL} Also, my lawyer never told me about the plea offer of 10 years.",
        f"{MEDICAL} And another thing, my lawyer never told me about the plea offer of 10 years.",
        f"{MEDICAL} On top of that, my lawyer never told me about the plea offer of 10 years.",
        f"{MEDICAL} Second, my lawyer never told me about the plea offer of 10 years.",
        f"{MEDICAL}\n{IAC}",
        f"{MEDICAL}\n\n{IAC}",
        f"1. {MEDICAL}\n2. {IAC}",
        f"- {MEDICAL}\n- {IAC}",
    ],
)
def test_connectives_lists_and_new_lines_split_two_claims(joined):
    arguments = engine.split_arguments(joined)
    assert _labels(arguments) == [
        ("compassionate_release", "medical"),
        ("collateral_attack", "ineffective_assistance"),
    ]
    assert not arguments[1].startswith(("1.", "2.", "-"))


def test_ps_starts_a_claim_and_ps_pleasantry_is_dropped():
    letter = f"Dear Judge,\n\n{MEDICAL}\n\nSincerely,\nTom\n\nP.S. {IAC}\nP.S. Thank you again."
    result = split_letter(letter)
    assert _labels([a.text for a in result.arguments]) == [
        ("compassionate_release", "medical"),
        ("collateral_attack", "ineffective_assistance"),
    ]
    assert result.arguments[1].text.startswith("P.S. My lawyer")
    assert "P.S. Thank you again." in [d.text for d in result.dropped]


def test_multi_sentence_claim_stays_together_with_pronouns_and_no_signal_sentences():
    text = (
        "My mother had a stroke and she cannot walk anymore. She lives alone in Ohio. It is getting worse every "
        "month and nobody else can take care of her."
    )
    assert engine.split_arguments(text) == [text]


def test_strong_claim_of_another_disposition_inside_a_paragraph_splits():
    arguments = engine.split_arguments(f"{MEDICAL} The prosecutor hid the deal he gave the informant.")
    assert [engine.classify(a).disposition for a in arguments] == [
        "compassionate_release",
        "collateral_attack",
    ]


def test_also_with_a_pronoun_referring_back_continues_the_claim():
    text = f"{MEDICAL} Also, it has spread to my bones and I am in pain every day."
    assert engine.split_arguments(text) == [text]


@pytest.mark.parametrize(
    "attack",
    [
        "He also insists that he is innocent and that his cousin did the robbery, and the cousin admitted it in a "
        "signed statement.",
        "He also believes his lawyer should have called the alibi witness who was with him that night.",
        "She also maintains that the prosecutor hid the deal the government made with the informant.",
    ],
)
def test_he_also_insists_starts_another_claim(attack):
    # a relative's or an intake note's "He also insists…" was taken for more of the age claim, and the whole read
    # as a collateral attack or the attack was lost
    age = "He is 76, has served 15 years of a 20-year sentence, uses a walker and has fallen three times this year."
    arguments = engine.split_arguments(f"{age} {attack}")
    assert arguments == [age, attack]
    assert [engine.classify(a).disposition for a in arguments] == [
        "compassionate_release",
        "collateral_attack",
    ]


def test_a_lettered_list_gives_one_argument_per_item_without_its_letter():
    family = (
        "Her husband (74) had a major stroke in June, is paralysed on his left side, and she is the only one who can "
        "care for him."
    )
    medical = (
        "She herself has lupus, flares three or four times a year, and has waited seven months for a consult."
    )
    memo = f"New intake. Grounds, in the client's words:\n   a. {family}\n   b. {medical}\n"
    assert engine.split_arguments(memo) == [family, medical]
    upper = "The indictment never alleged that he knew he was a felon."
    mother = "His mother, 81, has dementia and he is the only child who can care for her."
    assert engine.split_arguments(f"Counsel's summary:\n\nA. {upper}\nB. {mother}\n") == [upper, mother]


def test_on_top_of_that_at_the_head_of_a_hand_copied_line_starts_another_claim():
    # the line went on with the medical claim, and the whole was read as foreclosed: the illness was lost
    medical = (
        "i got diabetes real bad they cut off two of my toes last\n"
        "year and now the other foot is going black the doctor\n"
        "here says they cant do nothing more for it"
    )
    today = "on top of that if I got sentenced today with the first\nstep act my 924c counts would not be stacked no more"
    arguments = engine.split_arguments(f"{medical}\n{today}\n")
    assert arguments == [medical, today]
    assert [engine.classify(a).disposition for a in arguments] == ["compassionate_release", "foreclosed"]


def test_an_initial_at_the_start_of_a_line_is_not_a_list_letter():
    # "D." opens no run of letters ("C." before it, or "a." with a "b."): it is a name
    text = (
        "My lawyer was appointed in 2019.\nD. Harris never told me about the plea offer the government made."
    )
    assert engine.split_arguments(text) == [text]
    # nor after a line that holds only an item's number: the item opens on the name
    appeal = "D. Harris, my second lawyer, never filed the appeal I asked him to file."
    listed = f"My lawyer never told me about the plea offer.\n\nTwo.\n{appeal}"
    assert engine.split_arguments(listed)[-1] == appeal


def test_also_starts_a_new_claim_even_when_the_engine_reads_both_the_same():
    other = "Also, I have diabetes and my kidneys are failing."
    assert engine.split_arguments(f"{MEDICAL} {other}") == [MEDICAL, other]


def test_greeting_and_sign_off_are_dropped_with_their_reason():
    letter = (
        "Dear Sir or Madam,\nTo whom it may concern,\nHello my name is Ray.\n\n"
        f"{MEDICAL}\n\nThank you for your time.\nSincerely,\nRay Smith\nReg. No. 12345-678\nGod bless."
    )
    result = split_letter(letter)
    assert [a.text for a in result.arguments] == [MEDICAL]
    reasons = {d.text: d.reason for d in result.dropped}
    assert reasons == {
        "Dear Sir or Madam,": "greeting",
        "To whom it may concern,": "greeting",
        "Hello my name is Ray.": "greeting",
        "Thank you for your time.": "sign_off",
        "Sincerely,": "sign_off",
        "Ray Smith": "sign_off",
        "Reg. No. 12345-678": "sign_off",
        "God bless.": "sign_off",
    }
    assert all(letter[d.start : d.end] == d.text for d in result.dropped)


def test_a_greeting_that_carries_a_strong_claim_is_kept():
    text = (
        "Hello my name is Ann and I am 74 years old with stage 4 breast cancer that has spread to my liver."
    )
    assert engine.split_arguments(text) == [text]


def test_background_is_dropped_and_does_not_pull_a_medical_claim_into_2255():
    letter = (
        "I filed a 2255 in 2017 and it was denied. My appeal was affirmed in 2019. I got your address from a man "
        "in my unit. I have been locked up since 2009.\n\n"
        "I have end stage kidney disease and dialysis three times a week, and my heart is failing."
    )
    result = split_letter(letter)
    assert [engine.classify(a.text).ground for a in result.arguments] == ["medical"]
    assert [d.reason for d in result.dropped] == ["background"] * 4
    assert splitter.REASONS["background"].startswith("background")


def test_background_with_a_claim_in_it_is_kept():
    text = "I was convicted in 2012 of a robbery I did not commit, the witness has since recanted."
    assert split_letter(text).dropped == ()
    assert engine.split_arguments(text) == [text]


def test_run_on_sentence_is_cut_at_an_inner_connective():
    text = "my mother is dying of cancer and nobody can care for her plus my lawyer never told me about the plea offer"
    assert _labels(engine.split_arguments(text)) == [
        ("compassionate_release", "family"),
        ("collateral_attack", "ineffective_assistance"),
    ]


def test_strong_connective_keeps_a_claim_the_engine_cannot_read():
    unread = (
        "And another thing, the paperwork from the county says something different from what they told me."
    )
    arguments = engine.split_arguments(f"{MEDICAL} {unread}")
    assert arguments == [MEDICAL, unread]


def test_no_claim_is_lost_every_claim_sentence_is_in_an_argument_or_listed():
    letter = (
        "Dear Judge,\nHello my name is Joe, I am writing about my case and I have COPD on oxygen every night.\n"
        f"{MEDICAL} {IAC}\nAlso, {CONDITIONS}\nThank you, my wife is dying of cancer and my kids have no one."
    )
    result = split_letter(letter)
    kept = " ".join(a.text for a in result.arguments)
    for sentence in ("COPD on oxygen", "lung cancer", "plea offer", "lockdown", "my wife is dying"):
        assert sentence in kept


def test_wrapped_lines_are_one_sentence_but_short_lines_are_not():
    wrapped = (
        "I have been diagnosed with stage 4 lung cancer and the doctors at the\n"
        "medical center say it has spread to my bones, the chemo they give me is\n"
        "not working and I have lost forty pounds since the summer started here."
    )
    assert engine.split_arguments(wrapped) == [wrapped]


def test_abbreviations_and_citations_do_not_end_sentences():
    spans = splitter._sentences(
        t := "Under 18 U.S.C. § 3582(c)(1)(A). I ask Mr. Smith. It is No. 5.", 0, len(t)
    )
    assert [t[s:e] for s, e in spans] == [
        "Under 18 U.S.C. § 3582(c)(1)(A).",
        "I ask Mr. Smith.",
        "It is No. 5.",
    ]


def test_arguments_are_made_of_letter_spans():
    letter = f"Dear Judge,\n\n{MEDICAL} I was sentenced to 20 years in 2010. The tumor is growing.\n\nSincerely,\nAl"
    (argument,) = split_letter(letter).arguments
    assert argument.text == f"{MEDICAL} The tumor is growing."
    assert [letter[s:e] for s, e in argument.spans] == [MEDICAL, "The tumor is growing."]


# --- Linear time: counted, not timed ------------------------------------------------------------------------


def _nested_repeat(tree) -> bool:
    from re import _parser  # the stdlib parser: the structure of a compiled pattern

    def walk(items, inside):
        for op, arg in items:
            name = str(op)
            if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                low, high, sub = arg
                unbounded = high == _parser.MAXREPEAT
                if inside and unbounded:
                    return True
                if walk(sub, inside or unbounded):
                    return True
            elif name == "SUBPATTERN":
                if walk(arg[-1], inside):
                    return True
            elif name == "BRANCH":
                if any(walk(branch, inside) for branch in arg[1]):
                    return True
            elif name in ("ASSERT", "ASSERT_NOT"):
                if walk(arg[1], inside):
                    return True
        return False

    return walk(tree, False)


def test_no_splitter_regex_has_a_nested_unbounded_quantifier():
    from re import _parser

    patterns = [value for value in vars(splitter).values() if isinstance(value, re.Pattern)]
    assert len(patterns) >= 10
    for pattern in patterns:
        assert not _nested_repeat(_parser.parse(pattern.pattern, pattern.flags)), pattern.pattern


def _work(text: str) -> tuple[int, int]:
    """(lines of splitter code executed, characters handed to classify) for one split of `text`."""
    lines = 0
    classified = 0
    source = splitter.__file__

    def tracer(frame, event, arg):
        nonlocal lines
        if frame.f_code.co_filename != source:
            return None
        if event == "line":
            lines += 1
        return tracer

    real = splitter.rules_reading

    def counting(fragment):
        nonlocal classified
        classified += len(fragment)
        return real(fragment)

    splitter.rules_reading = counting
    sys.settrace(tracer)
    try:
        split_letter(text)
    finally:
        sys.settrace(None)
        splitter.rules_reading = real
    return lines, classified


@pytest.mark.parametrize(
    "unit",
    [
        f"{MEDICAL} Also, {IAC}\n\n",  # an ordinary letter
        "i have cancer and also my lawyer lied plus my mom is sick and also ",  # one endless run-on sentence
        "!!!?..",  # punctuation with nothing between
        "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p ",  # long tokens full of stops
        "word " * 15 + "\n",  # hard-wrapped lines
        "U.S. v. Mr. No. ",  # abbreviations only
    ],
)
def test_work_grows_linearly_with_the_length_of_the_letter(unit):
    small = unit * (2000 // len(unit) + 1)
    large = small * 4
    small_lines, small_chars = _work(small)
    large_lines, large_chars = _work(large)
    assert large_lines <= 4.4 * small_lines  # quadratic work would be 16 times
    assert small_chars <= 2 * len(small) and large_chars <= 2 * len(large)


def test_story_words_inside_a_claim_do_not_make_it_background():
    text = "the drug table went down 2 levels after i was sentenced. can i still get them 2 levels off."
    assert split_letter(text).dropped == ()
    (opening,) = split_letter(f"I was sentenced in 2010 to 240 months. {MEDICAL}").dropped
    assert (opening.text, opening.reason) == ("I was sentenced in 2010 to 240 months.", "background")


@pytest.mark.parametrize("opening", ["Last month", "Second Amendment cases", "Next week"])
def test_ordinal_words_that_are_not_connectives_do_not_split(opening):
    text = f"{MEDICAL} {opening} the doctors said the tumor is growing."
    units = splitter.segment(text)
    assert units[1].cue is None


def test_a_connective_on_a_dropped_background_sentence_opens_the_claim_after_it():
    abuse = "Two officers beat me in the SHU and broke my jaw, and I am scared every day here."
    letter = f"{IAC} Also, I lost my 2255 and my appeal so I cant go that way no more. {abuse}"
    result = split_letter(letter)
    assert [a.text for a in result.arguments] == [IAC, abuse]
    assert [d.reason for d in result.dropped] == ["background"]


def test_a_greeting_inside_a_paragraph_starts_a_new_claim():
    second = "The doctors here say the cancer has spread to my bones and I have six months to live."
    letter = f"{IAC} Dear Sir or Madam, my name is Terrell. {second}"
    assert engine.split_arguments(letter) == [IAC, second]


def test_i_am_writing_because_is_a_claim_not_a_greeting():
    text = "I am writing because my lawyer did not do his job at trial."
    assert engine.split_arguments(text) == [text]
    assert split_letter("I am writing to ask for your help.").dropped[0].reason == "greeting"


@pytest.mark.parametrize(("confidence", "expected"), [(0.5, "claim"), (0.9, None)])
def test_two_paragraphs_that_agree_only_weakly_are_two_claims(confidence, expected):
    text = "The court held my trial while I was still not competent and nobody ever checked on it again."
    label = ("collateral_attack", "other")
    unit = splitter._Unit(0, len(text), block=1, block_start=True, label=label, confidence=confidence)
    group = splitter._Group([], label=label, confidence=confidence)
    block = splitter._Block(label=label, confidence=confidence, words=len(text.split()))
    assert splitter._starts_new(text, unit, group, block) == expected


def test_after_a_paragraph_the_engine_cannot_read_a_paragraph_it_reads_is_another_claim():
    unread = (
        "The paperwork from the county says something different from what the marshals told me back then."
    )
    assert engine.classify(unread).rule_id == "FALLBACK"  # the premise: nothing in it is read
    assert engine.split_arguments(f"Dear Judge,\n\n{unread}\n\n{MEDICAL}") == [unread, MEDICAL]


def test_an_abbreviation_that_ends_a_sentence_before_a_capital_ends_it():
    spans = splitter._sentences(
        t := "Mental health deteriorating per CL. Also asks. Cl. states he was hurt.", 0, len(t)
    )
    assert [t[s:e] for s, e in spans] == [
        "Mental health deteriorating per CL.",
        "Also asks.",
        "Cl. states he was hurt.",
    ]


def test_also_opens_a_claim_the_engine_cannot_read():
    unread = "Also, the paperwork from the county says something different from what the marshals said."
    assert engine.split_arguments(f"{MEDICAL} {unread}") == [MEDICAL, unread]


def test_procedural_history_is_background_even_when_it_retells_an_old_claim():
    history = "Back in 2012 I filed a 2255 saying I was innocent, the judge denied it and I moved on."
    (dropped,) = split_letter(f"{history} {MEDICAL}").dropped
    assert (dropped.text, dropped.reason) == (history, "background")


def test_history_that_turns_to_a_claim_is_kept():
    text = "My appeal was denied because my lawyer missed the deadline to file the brief."
    assert split_letter(text).dropped == ()


def test_an_inline_numbered_list_splits_but_statute_subsections_do_not():
    letter = f"I have two reasons: 1) {MEDICAL[:-1]} 2) {IAC}"
    assert _labels(engine.split_arguments(letter)) == [
        ("compassionate_release", "medical"),
        ("collateral_attack", "ineffective_assistance"),
    ]
    statute = "Under § 922(g)(1) and (2) the law is void."
    assert splitter._inner_cut(statute, 0, len(statute)) == []


# --- Real letters (issue #10 family 8): an opening about the writer, claims of several sentences ------------------

INTRODUCTION = (
    "I am at FCI Pekin and I been down since 2016 on a 188 month sentence for a drug case. "
    "I want to tell you my problems."
)
HEART = (
    "I had a heart attack in the unit in August and now part of my heart is dead. "
    "I get short of breath walking to the shower and I have chest pain most nights."
)
APPEAL = "My lawyer never filed the appeal I asked for after sentencing, he said there was no point."


def test_an_opening_paragraph_about_the_writer_is_set_aside_as_introduction():
    result = split_letter(f"Dear Sir or Madam,\n\n{INTRODUCTION}\n\n{HEART}\n\n{APPEAL}\n\nSincerely,\nFrank")
    assert [a.text for a in result.arguments] == [HEART, APPEAL]
    introduction = [d.text for d in result.dropped if d.reason == "introduction"]
    assert " ".join(introduction) == INTRODUCTION
    assert splitter.REASONS["introduction"].startswith("introduction")


def test_an_opening_that_reads_as_the_first_claim_joins_it():
    opening = (
        "I been trying to get help for a long time. I was arrested in 2018 for a bank robbery that I did not do "
        "and I been down since then at USP Big Sandy."
    )
    innocence = (
        "The man on the bank camera was a foot taller than me. Another man later told his lawyer he did that "
        "robbery, I have his statement. I am innocent of this crime."
    )
    result = split_letter(f"{opening}\n\n{innocence}\n\n{APPEAL}")
    assert [a.text for a in result.arguments] == [f"{opening}\n\n{innocence}", APPEAL]


def test_first_of_all_thank_you_opens_an_introduction_not_a_list():
    opening = (
        "First of all thank you for taking the time to read this. I am at FCI Aliceville serving 151 months."
    )
    result = split_letter(f"{opening}\n\n{HEART}\n\nSecond, {APPEAL[0].lower()}{APPEAL[1:]}")
    assert len(result.arguments) == 2
    assert all("thank you" not in a.text for a in result.arguments)


def test_a_weak_claim_before_also_is_kept_not_taken_for_an_introduction():
    weak = "The judge never told the jury they had to find the drug amount, I got 20 years for it."
    arguments = engine.split_arguments(f"{weak}\n\nAlso, {CONDITIONS[0].lower()}{CONDITIONS[1:]}")
    assert len(arguments) == 2 and arguments[0] == weak


def test_a_paragraph_opening_with_also_they_is_a_new_claim():
    shower = (
        "Also they took away the handicap shower in our unit for a construction project and never put it back. "
        "I have to shower sitting on a plastic chair."
    )
    arguments = engine.split_arguments(f"{APPEAL} I would of took the deal if I knew.\n\n{shower}")
    assert arguments == [f"{APPEAL} I would of took the deal if I knew.", shower]


def test_a_paragraph_that_goes_on_about_the_same_person_continues_the_claim():
    abuse = "A lieutenant here made me perform sexual acts on him in the laundry room more than once."
    after = (
        "He was convicted later and I was listed as a victim. Since then I can not sleep, I have flashbacks "
        "every night and psychology diagnosed me with severe PTSD."
    )
    arguments = engine.split_arguments(f"{abuse}\n\n{after}\n\nAlso, {IAC[0].lower()}{IAC[1:]}")
    assert arguments[0] == f"{abuse}\n\n{after}" and len(arguments) == 2


def test_and_before_a_new_subject_can_start_another_claim_inside_a_paragraph():
    credit = (
        "I also think my release date is wrong because they did not give me credit for the 7 months I was in "
        "the county jail on a federal hold before sentencing."
    )
    arguments = engine.split_arguments(f"{HEART} {credit} And {APPEAL[0].lower()}{APPEAL[1:]}")
    assert len(arguments) == 3
    assert splitter._continues("And she can not lift him.", splitter._Unit(0, 25, 0, True))
    assert not splitter._continues("And my lawyer lied.", splitter._Unit(0, 19, 0, True))


def test_district_abbreviations_do_not_end_a_sentence():
    note = "Sentenced 2014 (S.D. Ill.) to 210 months. Prior 2255 denied."
    assert splitter._sentences(note, 0, len(note)) == [(0, 41), (42, len(note))]


@pytest.mark.parametrize("closing", ["Yours sincerely,", "stay blessed"])
def test_more_sign_offs(closing):
    result = split_letter(f"{MEDICAL}\n\n{closing}\nTommy")
    assert engine.split_arguments(f"{MEDICAL}\n\n{closing}\nTommy") == [MEDICAL]
    assert {d.reason for d in result.dropped} == {"sign_off"}


@pytest.mark.parametrize(
    "sentence",
    [
        "I already filed a 2255 last year.",
        "My §2255 got denied in 2019.",
        "The appeals court affirmed it.",
        "I lost my appeal.",
        "They denied my petition.",
        "I got your address from a friend.",
        "My out date is 2031.",
        "I wrote to the warden in May.",
        "A friend on my unit told me about y'all.",
        "I have cancer and it has spread.",
    ],
)
def test_the_history_prefilter_agrees_with_the_full_search(sentence):
    assert splitter._history(sentence) == bool(splitter._HISTORY.search(sentence))


def test_a_repeated_sentence_is_read_once_per_split(monkeypatch):
    calls = []
    real = splitter.rules_reading
    monkeypatch.setattr(splitter, "rules_reading", lambda text: calls.append(text) or real(text))
    split_letter(f"{MEDICAL}\n\nSincerely,\nTom\n\n{IAC}\n\nSincerely,\nTom")
    assert calls.count("Sincerely,") == 1


def _reasons(letter: str) -> dict[str, str]:
    return {sentence.text: sentence.reason for sentence in split_letter(letter).dropped}


def test_a_staff_note_of_tasks_is_not_a_claim():
    note = (
        "Client reports stage 4 colon cancer; the oncologist gives him less than a year and the BOP has not "
        "scheduled the surgery.\n\nTo do: request the medical records; check for an earlier 3582 motion.\n\n"
        "Will send the warden request form on Monday."
    )
    split = split_letter(note)
    assert [argument.text for argument in split.arguments] == [note.split("\n\n")[0]]
    reasons = _reasons(note)
    assert reasons["To do: request the medical records; check for an earlier 3582 motion."] == "staff_note"
    assert reasons["Will send the warden request form on Monday."] == "staff_note"


def test_a_staff_note_that_makes_a_claim_is_kept():
    # a strong reading outweighs the "Follow-up:" label: no claim is lost to it
    note = "Follow-up: the client says a correctional officer sexually assaulted her in the shower in May."
    assert len(split_letter(note).arguments) == 1


def test_a_list_heading_after_a_claim_is_not_called_an_introduction():
    # the letter page said "introduction: who writes and the case so far, before the first claim" of it
    family = (
        "I had a spinal cord injury in a fall at work in August and I am now paralyzed from the waist down. Kwame "
        "is the only one who can care for me; my mother passed and his family is in Ghana."
    )
    heading = "His counsel's notes list two more points:"
    items = (
        "1. He insists he is innocent: his cousin did the robbery and admitted it in a signed statement.\n"
        "2. His mother, 81, has dementia and he is the only child who can care for her.\n"
    )
    split = split_letter(f"{family}\n\n{heading}\n{items}")
    assert len(split.arguments) == 3
    [dropped] = split.dropped
    assert (dropped.text, dropped.reason) == (heading, "list_heading")
    assert "before the first claim" not in dropped.reason_text


def test_weak_text_before_a_numbered_list_introduces_it():
    letter = (
        "Summary of what the client's brother read to me on Tuesday from the letter he got last week:\n"
        "1. His mother, who raised his two children, died in October and the children are now in foster care.\n"
        "2. He has been diagnosed with end-stage liver disease and the doctors give him six months.\n"
    )
    split = split_letter(letter)
    assert len(split.arguments) == 2
    assert split.arguments[0].text.startswith("His mother")
    assert [sentence.reason for sentence in split.dropped] == ["introduction"]


def test_an_unread_claim_before_on_top_of_that_is_not_taken_for_an_introduction():
    # "On top of that" adds to the claim before it; only a list ("First", "1.") makes what precedes it an
    # introduction
    letter = (
        "After sentencing I asked my lawyer to file the appeal and he promised he would, then he never did it and "
        "the deadline passed. On top of that, my wife died in May and our two small children have nobody to "
        "take care of them."
    )
    assert len(split_letter(letter).arguments) == 2


def test_procedural_history_in_an_introduction_is_not_kept_as_a_claim():
    letter = (
        "I got your adress from the law library. I am at FCI Marianna with 6 years left. My 2255 was dismissed "
        "in 2019 because they said I filed it too late.\n\n"
        "I have congestive heart failure and the doctor says my heart is only working at 20 percent. I get out "
        "of breath walking to chow."
    )
    split = split_letter(letter)
    assert [argument.text[:30] for argument in split.arguments] == ["I have congestive heart failur"]


@pytest.mark.parametrize(
    "line",
    [
        "To Legal Aid",
        "I hope this find you in good health.",
        "Very truly yours,",
        "I would be grateful for any help you can give.",
    ],
)
def test_more_greetings_and_closings(line):
    letter = f"{line}\n\nMy mother is 82, has dementia and nobody else can care for her since my father died."
    split = split_letter(letter)
    assert len(split.arguments) == 1
    assert line not in split.arguments[0].text


def test_a_number_that_a_hard_wrap_puts_at_the_start_of_a_line_is_not_a_list_item():
    # hard-wrapped at 60 characters, as a PDF or an e-mail pastes
    letter = (
        "First, Mr. Ruiz was diagnosed this year with early-onset\n"
        "Alzheimer's disease, which is rare at the young age of\n"
        "52. His wife reports he no longer knows where he is on\n"
        "visits, and the unit notes describe him as disoriented.\n"
        "\n"
        "Second, his trial counsel never told him about the plea\n"
        "offer of 60 months before he went to trial.\n"
    )
    split = split_letter(letter)
    assert len(split.arguments) == 2
    assert "52. His wife reports" in split.arguments[0].text


def test_a_hard_wrapped_numbered_list_splits_at_its_items_and_the_line_before_introduces_it():
    letter = (
        "My problems are these ones that I have had for a long long\n"
        "1. my lawyer never told me about the plea offer of 5 years\n"
        "2. I have stage 4 lung cancer and they will not treat me\n"
    )
    assert len(split_letter(letter).arguments) == 2


def test_a_list_run_into_one_paragraph_with_bare_ordinals_splits():
    letter = (
        "I am at FCI Yazoo and I got 3 problems. first they will not give me my FSA time credits because of an old "
        "detainer. second my lawyer never told me the government offered 7 years before trial. third I have stage "
        "4 kidney disease and they will not send me to dialysis on time."
    )
    split = split_letter(letter)
    assert [argument.text.split()[0] for argument in split.arguments] == ["first", "second", "third"]


def test_a_staff_note_that_reports_another_request_starts_another_claim():
    note = (
        "Client says his mother, who cared for his two young daughters, died in March and the girls are now in "
        "foster care with no relative able to take them. He also asks about home confinement under the CARES "
        "Act because his FSA credits should bring him close to his date. Send records request."
    )
    split = split_letter(note)
    assert len(split.arguments) == 2
    assert split.arguments[1].text.startswith("He also asks about home confinement")
    assert _reasons(note)["Send records request."] == "staff_note"


def test_a_stack_of_papers_is_not_a_stacking_argument():
    assessment = engine.classify("His daughter brought his letter and a stack of papers.")
    assert assessment.disposition != "foreclosed"
    assert (
        engine.classify("If sentenced today my 924(c) counts would not be stacked.").ground == "change_in_law"
    )


def test_a_number_closing_a_parenthesis_is_not_an_inline_list_item():
    claim = "Client says her son (age 6) is now with a neighbor because her mother had a stroke and cannot care for him."
    note = f"Intake call with the client's mother. Client at FCI Tallahassee, sentenced 2019.\n{claim}"
    split = split_letter(note)
    assert [argument.text for argument in split.arguments] == [claim]
    # an inline list still splits
    listed = "My problems are 1) my lawyer never told me about the plea offer 2) I have stage 4 lung cancer."
    assert len(split_letter(listed).arguments) == 2


KIDNEY = "I have end-stage kidney disease and the dialysis here is missed every other week."
PLEA_OFFER = "His lawyer never told him about the plea offer of ten years before the trial."


@pytest.mark.parametrize(
    ("opening", "claim"),
    [
        # the families: the lost § 2255, how the client found the address, the story of the case
        ("My appeal and my 2255 are long over. The pastor here gave me this address.", KIDNEY),
        ("I did not appeal or file a 2255. A cousin mailed me your address.", KIDNEY),
        ("I went to trial on two counts and pled to the third. A man on my tier told me about you.", KIDNEY),
        (
            "A jury in Tampa convicted me in 2014. I know the court has told me no before. I am asking you to look "
            "at my case again.",
            KIDNEY,
        ),
        ("I have served a little over half. My mother suggested I write to you.", KIDNEY),
        # memo headers, time served, earlier motions
        ("From: J. Ruiz\nQuick summary: the client has served about 14 years at FCI Oxford.", PLEA_OFFER),
        ("He was found guilty at trial in 2011 and got 30 years. He has done about 13 years.", PLEA_OFFER),
        ("I am on my third motion for compassionate release.", PLEA_OFFER),
        ("Memo - second motion, Mr. Dale. Mr. Dale has served about 9 years at FCI Elkton.", PLEA_OFFER),
    ],
)
def test_background_and_introductions_before_the_first_claim_are_not_claims(opening, claim):
    split = split_letter(f"Dear Sir,\n\n{opening}\n\n{claim}\n\nSincerely,\nLeon")
    assert [argument.text for argument in split.arguments] == [claim]


def test_a_claim_that_the_lawyer_never_filed_the_appeal_is_not_background():
    letter = "My lawyer never filed my appeal. I asked him three times in writing and he never answered."
    assert len(split_letter(letter).arguments) == 1
    assert not splitter._is_background("My lawyer never filed my appeal.")


def test_staff_shorthand_history_and_promised_documents_are_left_out():
    note = (
        "Pleaded guilty (E.D. Mo.) to a fraud count, 63 months. No appeal, no 2255.\n\n"
        "Client's wife has advanced multiple sclerosis and he is the only one who can care for their son.\n\n"
        "Documents promised: the neurologist's letter."
    )
    split = split_letter(note)
    assert [argument.text[:20] for argument in split.arguments] == ["Client's wife has ad"]
    assert _reasons(note)["Documents promised: the neurologist's letter."] == "staff_note"


def test_a_release_plan_is_set_aside_for_the_motion_not_proposed_as_a_claim():
    plan = "My sister can house me in Dayton and her husband has a job waiting for me at his shop."
    letter = (
        "I have stage 3 lung cancer and the chemo here keeps getting cancelled.\n\n"
        "Also my lawyer never told me about the plea offer of 8 years.\n\n"
        f"{plan}"
    )
    split = split_letter(letter)
    assert [argument.text[:12] for argument in split.arguments] == ["I have stage", "Also my lawy"]
    assert _reasons(letter)[plan] == "release_plan"


def test_a_sentence_that_ends_with_the_release_plan_keeps_its_claim():
    letter = (
        "I have stage 3 lung cancer and the chemo here keeps getting cancelled, and I have a release plan to "
        "live with my sister."
    )
    assert len(split_letter(letter).arguments) == 1


WRAPPED = (
    "Dear Sir,\n\n"
    "my name is Leon im 51 and I been at FCI Yazoo since 2016 I did not\n"
    "appeal or file a 2255 since I did not know how to do it a man in my\n"
    "unit gave me this address\n\n"
    "my wife has stage 4 breast cancer and our two kids have nobody else\n"
    "to take care of them\n\n"
    "Also my lawyer never told me about the plea offer of eight years so\n"
    "I went to trial and got twenty\n\n"
    "Thank you,\nLeon"
)


def test_a_hard_wrap_inside_a_sentence_does_not_hide_its_words_from_the_patterns():
    split = split_letter(WRAPPED)
    assert [argument.text[:10] for argument in split.arguments] == ["my wife ha", "Also my la"]
    background = next(d for d in split.dropped if d.text.startswith("my name is Leon"))
    assert "\n" in background.text  # the letter's own text, line breaks kept


def test_a_letter_posted_from_a_browser_with_crlf_line_breaks_splits_as_the_same_letter_pasted_from_a_file():
    from_file = split_letter(WRAPPED)
    from_browser = split_letter(WRAPPED.replace("\n", "\r\n"))
    assert [a.text for a in from_browser.arguments] == [a.text for a in from_file.arguments]
    assert [(d.text, d.reason) for d in from_browser.dropped] == [
        (d.text, d.reason) for d in from_file.dropped
    ]
    assert len(from_file.arguments) == 2


def test_a_letter_copied_by_hand_with_one_long_line_is_still_read_as_wrapped():
    letter = (
        "my father is 80 and he had a stroke last winter so he\n"
        "cant walk or feed himself and my mother died in 2022 so\n"
        "there is nobody to take care of him at the house and the neighbors only check on him once in a while if\n"
        "they can and he fell two times already this year\n"
        "\n"
        "i also have bad asthma and the inhaler they give me here\n"
        "is expired half the time and i been to the hospital twice\n"
    )
    split = split_letter(letter)
    assert [argument.text[:15] for argument in split.arguments] == ["my father is 80", "i also have bad"]


FAMILY_CLAIM = (
    "Client's wife died in May and their two children, 6 and 9, are in foster care with nobody to take them."
)
CANCER_CLAIM = "I have stage 3 lung cancer and the chemo here keeps getting cancelled."


@pytest.mark.parametrize(
    ("claim", "sentence", "reason"),
    [
        # a colleague's request or remark in a memo
        (FAMILY_CLAIM, "Can someone pull the BOP medical file before we draft?", "staff_note"),
        (FAMILY_CLAIM, "Please calendar the response deadline.", "staff_note"),
        (FAMILY_CLAIM, "Point A needs to go to the 2255 team.", "staff_note"),
        (FAMILY_CLAIM, "Note that he names no other circumstance.", "staff_note"),
        (
            FAMILY_CLAIM,
            "He is vaccinated, so I doubt the first point gets far, but let's discuss.",
            "staff_note",
        ),
        # where the client would live, told in more ways
        (CANCER_CLAIM, "My wife has the house in Tampa and I can go straight there.", "release_plan"),
        (CANCER_CLAIM, "CL would return to his mother's home in Revere on release.", "release_plan"),
        (CANCER_CLAIM, "My wife and two kids are waiting for me in the Bronx.", "release_plan"),
    ],
)
def test_a_sentence_after_the_claim_that_is_not_one_is_left_out_with_its_reason(claim, sentence, reason):
    split = split_letter(f"{claim}\n\n{sentence}")
    assert [argument.text for argument in split.arguments] == [claim]
    assert _reasons(f"{claim}\n\n{sentence}")[sentence] == reason


def test_a_story_that_is_someone_else_s_conviction_still_tells_the_claim():
    # "He was convicted later" is the abuser's case, told inside the abuse claim: not the client's background
    assert not splitter._is_background("He was convicted later and I was listed as a victim in his case.")


def test_a_relative_writing_about_him_throughout_keeps_his_grounds_apart():
    # In a letter about someone else every paragraph opens with "He": the pronoun does not make the age paragraph
    # a continuation of the medical one.
    medical = (
        "He has end-stage liver disease and the specialist says it cannot be treated. He uses a wheelchair."
    )
    age = "He is 81 years old and has served 19 years, and his body is worn out from old age."
    letter = (
        "To the Federal Defender,\n\nI am writing for my father. He got 30 years for a drug case. "
        f"I found you through the prison chaplain.\n\n{medical}\n\n{age}\n\nThank you,\nRosa"
    )
    split = split_letter(letter)
    assert [argument.text for argument in split.arguments] == [medical, age]
    reasons = _reasons(letter)
    assert reasons["To the Federal Defender,"] == "greeting"
    assert reasons["I found you through the prison chaplain."] == "background"


def test_an_intake_header_paragraph_is_an_introduction_not_an_unread_claim():
    header = (
        "CL: Dion M., FCI Yazoo City. Long sentence, projected release 2029 per CL. Called from unit phone."
    )
    claim = "CL says BOP has not applied his First Step Act time credits and his release date is wrong."
    split = split_letter(f"{header}\n\n{claim}")
    assert [argument.text for argument in split.arguments] == [claim]
    assert {d.reason for d in split.dropped} <= {"introduction", "background", "greeting"}


def test_relief_asked_in_the_alternative_is_another_request():
    release = "My husband has stage 4 pancreatic cancer and the doctors give him a few months."
    alternative = "If the judge won't let him out, could he at least finish his time on home confinement?"
    arguments = engine.split_arguments(f"{release} {alternative}")
    assert arguments == [release, alternative]


def test_a_home_confinement_ask_is_its_own_request_whatever_its_opening_word():
    # "He has…, so could they…" opens like a follow-up; it was kept with the family claim and the ask was lost
    release = "His wife had a stroke in June and cannot walk or feed herself, and he is the only one who can care for her."
    ask = "He has eight months left, so could they at least send him home on an ankle monitor?"
    arguments = engine.split_arguments(f"{release} {ask}")
    assert arguments == [release, ask]
    assert engine.classify(arguments[1]).ground == "home_confinement"


def test_a_staff_task_that_mentions_medical_records_is_not_a_medical_claim():
    claim = "First, his health: he has COPD on oxygen and heart failure, and the unit has no elevator."
    task = "I can draft the warden request this week if someone can pull his BOP medical records."
    split = split_letter(f"New referral. He is pressing two reasons:\n\n{claim}\n\n{task}")
    assert [argument.text for argument in split.arguments] == [claim]
    assert _reasons(f"New referral. He is pressing two reasons:\n\n{claim}\n\n{task}")[task] == "staff_note"


def test_an_email_header_line_is_not_a_claim_and_a_short_remark_is_not_one_either():
    claims = "1. BOP has not applied his 300 days of time credits.\n2. He wants home confinement under the CARES Act."
    memo = f"Re: Alvarez - § 2241, FCI Herlong\n\nHi all - quick summary. Two issues:\n{claims}\n\nHe is vaccinated."
    split = split_letter(memo)
    assert len(split.arguments) == 2
    assert _reasons(memo)["Re: Alvarez - § 2241, FCI Herlong"] == "greeting"
    assert "He is vaccinated." in split.arguments[1].text


@pytest.mark.parametrize(
    "note",
    [
        "I recommend taking the case on the medical ground once the warden request has run 30 days.",
        "Recommendation: file after exhaustion, with the oncologist's letter attached.",
        "Find out if the warden ever answered his request.",
        "I'll need the BOP medical file before we draft anything.",
    ],
)
def test_counsel_s_view_of_the_grounds_is_a_staff_note_not_part_of_the_claim(note):
    # it went into the medical claim's argument, to be filed as if the client had said it
    claim = (
        "Client has metastatic prostate cancer; the oncologist gives him less than a year and BOP has not "
        "scheduled treatment."
    )
    split = split_letter(f"{claim}\n\n{note}")
    assert [argument.text for argument in split.arguments] == [claim]
    assert _reasons(f"{claim}\n\n{note}") == {note: "staff_note"}


def test_a_view_that_states_a_claim_confidently_is_kept():
    view = "My view: he has stage 4 pancreatic cancer with months to live, which is a terminal illness under (b)(1)(A)."
    assert engine.split_arguments(view) == [view]


def test_the_client_s_own_request_in_the_first_person_is_not_taken_for_a_staff_task():
    request = "I need to request a transfer to a medical center because I cannot walk anymore."
    assert [argument.text for argument in split_letter(request).arguments] == [request]
    task = "I need to request his BOP medical records."
    assert split_letter(task).arguments == () and _reasons(task)[task] == "staff_note"


def test_only_the_court_saying_no_opens_relief_in_the_alternative():
    claim = "I have stage 4 colon cancer and the doctors here keep cancelling my chemo. If they don't treat me soon I will die in here."
    assert [argument.text for argument in split_letter(claim).arguments] == [claim]


def test_an_ordinal_before_an_inner_also_stays_with_the_claim_it_opens():
    first = "First, I have stage 4 colon cancer and chemo is not working."
    second = "Second, I also have congestive heart failure and the doctors here do not treat it."
    assert engine.split_arguments(f"Dear Judge,\nI have two reasons. {first} {second}\nThank you.") == [
        first,
        second,
    ]


def test_a_salutation_line_is_not_glued_to_the_claim_after_it_in_a_short_letter():
    # Three lines, one long: the hand-copied heuristic took "Dear Judge," for a line wrapped mid-sentence.
    family = "First, my mother is dying of cancer and I am her only child."
    medical = "Second, I also have COPD and they will not treat it."
    letter = f"Dear Judge,\n{family} {medical}\nThank you."
    assert [argument.text for argument in split_letter(letter).arguments] == [family, medical]
    assert _reasons(letter)["Dear Judge,"] == "greeting"


def test_a_hand_copied_letter_without_stops_is_split_where_a_line_opens_another_claim():
    letter = (
        "Dear Judge\n"
        "I write you from FCI Yazoo City I been\n"
        "down since 2015 on a meth case\n"
        "I have kidney failure and they put me on\n"
        "dialysis three times a week and the doctor\n"
        "here says my heart is getting weak too\n"
        "my wife passed last year and my two little girls\n"
        "are with her mother who is 80 and cant take care\n"
        "of them no more there is nobody else\n"
        "thank you\n"
        "Ray Tolliver 12345-067\n"
    )
    split = split_letter(letter)
    assert [argument.text.split("\n")[0] for argument in split.arguments] == [
        "I have kidney failure and they put me on",
        "my wife passed last year and my two little girls",
    ]
    assert "Tolliver" not in " ".join(argument.text for argument in split.arguments)


def test_an_intake_header_in_shorthand_and_a_release_date_are_not_claims():
    header = "CL: Dwayne P., FCI Oakdale. Gun case, ~9 yrs. Out date 2029."
    claim = "Says BOP has not applied his First Step Act time credits and his release date should have moved up a year."
    split = split_letter(f"{header}\n{claim}")
    assert [argument.text for argument in split.arguments] == [claim]
    assert {d.text: d.reason for d in split.dropped} == {
        "CL: Dwayne P., FCI Oakdale.": "introduction",
        "Gun case, ~9 yrs.": "introduction",
        "Out date 2029.": "background",
    }


def test_a_question_to_the_office_about_which_filing_to_make_is_not_a_claim():
    claim = (
        "My lawyer never told me the government offered 8 years before trial, and I got 20 after the jury."
    )
    letter = f"{claim}\n\nI already lost one 2255. Can I do a 2241 instead?\n\nThank you,\nM. Ortiz"
    split = split_letter(letter)
    assert [argument.text for argument in split.arguments] == [claim]
    assert _reasons(letter)["Can I do a 2241 instead?"] == "question"


def test_a_signature_that_is_also_a_case_name_is_a_signature():
    claim = "I have stage 3 breast cancer and BOP keeps postponing my surgery."
    split = split_letter(f"Dear Judge,\n\n{claim}\n\nThank you,\nL. Davis")
    assert [argument.text for argument in split.arguments] == [claim]


def test_paragraphs_under_topic_labels_are_one_claim_each_even_of_the_same_ground():
    heart = "Heart. He had a triple bypass in 2021 and his ejection fraction is now below 30 percent."
    eyes = "Eyesight. Separately, glaucoma has left him almost blind and he cannot read his own mail."
    age = "Age. He is 72 and has served 14 years of a 20-year sentence."
    split = split_letter(
        f"Counsel,\n\nWe plan to raise three grounds.\n\n{heart}\n\n{eyes}\n\n{age}\n\nRegards,\nP. Ng"
    )
    assert [argument.text for argument in split.arguments] == [heart, eyes, age]


def test_the_first_reason_opens_a_list_and_the_text_before_it_introduces_the_list():
    intro = "Last year the court cut my life sentence to 40 years under the First Step Act. I ask you to go further now."
    first = "The first reason, I have heart failure and the doctors here say my heart works at 25 percent."
    second = "The second reason, my mother is 88 and bedridden and I am the only child she has left."
    split = split_letter(
        f"To the Honorable Court,\n\n{intro}\n\n{first}\n\n{second}\n\nRespectfully,\nT. Reed"
    )
    assert [argument.text for argument in split.arguments] == [first, second]
    assert {d.reason for d in split.dropped if d.text in intro} == {"introduction"}


def test_an_email_signature_after_a_dash_delimiter_and_a_relative_who_will_take_him_are_not_claims():
    claim = (
        "Second, BOP will not apply his time credits because of an immigration detainer with no final order."
    )
    plan = "He has an uncle in Fresno who will take him if released."
    memo = f"First, BOP has not applied 200 days of his First Step Act credits.\n\n{claim}\n\n{plan}\n\n-- R. Okafor"
    split = split_letter(memo)
    assert split.arguments[-1].text == claim
    assert _reasons(memo)[plan] == "release_plan" and _reasons(memo)["-- R. Okafor"] == "sign_off"


def test_a_register_number_heading_an_intake_note_does_not_close_the_letter():
    note = (
        "Client: Dana Ruiz, Reg. No. 12345-678.\nShe was moved to Aliceville last year.\n"
        "Reports that an officer at Dublin groped her during pat-downs in 2021; she wants compassionate release."
    )
    split = split_letter(note)
    assert "She was moved to Aliceville last year." in split.arguments[0].text
    assert _reasons(note).get("She was moved to Aliceville last year.") is None


def test_text_that_announces_a_list_with_a_colon_introduces_it_even_when_it_reads_as_a_claim():
    intro = (
        "Client was sentenced in 2020 to 87 months; his projected release date is March 2026. He has 310 days of "
        "First Step Act credits on the books. Two issues:"
    )
    first = "First, BOP counts his credits toward halfway house time instead of toward his release date."
    second = "Second, BOP says he cannot earn credits at all because of an immigration detainer."
    split = split_letter(f"{intro}\n\n{first}\n\n{second}")
    assert [argument.text for argument in split.arguments] == [first, second]
    assert {d.reason for d in split.dropped} == {"introduction"}


def test_counsel_is_a_topic_label_like_any_other():
    plea = "Plea. He says nobody told him the government had to prove he knew he was a felon."
    counsel = "Counsel. He says his lawyer never reviewed the discovery with him before he pleaded."
    split = split_letter(f"He wants to file a § 2255 raising the following:\n\n{plea}\n\n{counsel}")
    assert [argument.text for argument in split.arguments] == [plea, counsel]


def test_in_a_memo_about_the_client_a_paragraph_opening_with_he_can_be_the_next_claim():
    medical = "Half of his liver was removed last year and the cancer has come back in his bones, per his oncologist."
    age = "He is 71 and has served 16 years of a 20-year term, and he argues his body has worn out with age."
    memo = f"Re: Mr. Alvarez (D.N.J. 2009)\n\n{medical}\n\n{age}\n\nPlease assign."
    assert [argument.text for argument in split_letter(memo).arguments] == [medical, age]
    # in a letter the client writes, "He" is someone else and tells more of the claim before
    abuse = "A guard beat me in the shower in 2022 and broke two of my ribs."
    after = "He was fired later but I still cannot sleep and I jump at every sound."
    assert len(split_letter(f"{abuse}\n\n{after}").arguments) == 1


def test_separately_opens_another_claim_even_of_the_same_ground():
    heart = "He has heart failure and his cardiologist says his heart pumps at 20 percent."
    eyes = "Separately, he is nearly blind from glaucoma and cannot find his way around the unit."
    assert engine.split_arguments(f"{heart} {eyes}") == [heart, eyes]


def test_a_list_item_run_into_the_paragraph_after_a_full_stop_opens_a_claim():
    note = "1) Diabetes and kidney disease, says dialysis is next. 2) Wants his FSA credits applied to his release date."
    arguments = engine.split_arguments(note)
    assert len(arguments) == 2 and arguments[1].startswith("2) Wants his FSA credits")


def test_labels_with_a_parenthesis_and_staff_shorthand_headers():
    trial = "IAC (trial): no pretrial visits, no witness interviews, never objected to the agent's hearsay."
    appeal = "IAC (appeal): appellate counsel dropped the suppression issue despite CL's letters."
    note = f"Referred by: FPD, conflict.\nBkgd: jury trial 2016, 240 mo heroin consp.\n{trial}\n{appeal}\nAction: sent BP-9 form."
    split = split_letter(note)
    assert [argument.text for argument in split.arguments] == [trial, appeal]
    reasons = _reasons(note)
    assert reasons["Action: sent BP-9 form."] == "staff_note"
    assert {
        reasons["Referred by: FPD, conflict."],
        reasons["Bkgd: jury trial 2016, 240 mo heroin consp."],
    } <= {
        "introduction",
        "background",
    }


def test_in_a_memo_the_writer_s_own_view_is_a_staff_note_not_a_claim():
    first = "He maintains plea counsel never told him he would be sentenced as a career offender."
    second = "He is also asking whether the 2023 status-points amendment lowers his range."
    view = "I think the first point is time-barred and the second needs his PSR. Your call."
    memo = f"Quick summary for the file.\n\n{first} {second}\n\n{view}"
    split = split_letter(memo)
    assert [argument.text for argument in split.arguments] == [first, second]
    assert (
        _reasons(memo)["I think the first point is time-barred and the second needs his PSR."] == "staff_note"
    )


def test_claims_numbered_inline_in_a_staff_note_are_separate():
    one = "Claim 1: trial atty never moved to suppress the traffic stop."
    two = "Claim 2: same atty never told him about a 10-yr plea offer."
    assert engine.split_arguments(f"{one} {two}") == [one, two]


def test_earlier_motions_and_a_screening_note_header_introduce_the_letter():
    history = "This is my third time trying. First time (2021) was for covid and they said I didn't qualify. Second time they said no too."
    claim = "My trial lawyer never came to see me before trial and never interviewed my alibi witness."
    split = split_letter(f"Dear Legal Aid,\n\n{history}\n\n{claim}\n\nThank you,\nT. H.")
    assert [argument.text for argument in split.arguments] == [claim]
    header = "Screening note — R. Diaz (EDLA), 20 yr heroin consp. 3rd CR motion."
    rehab = "Rehab: RDAP, 3,000 hrs UNICOR, paralegal cert, mentors younger guys."
    medical = "Medical: stage 3 kidney disease, dialysis likely within the year."
    split = split_letter(f"{header}\n\n{rehab}\n\n{medical}")
    assert [argument.text for argument in split.arguments] == [rehab, medical]


def test_a_relative_naming_him_with_also_adds_a_claim_and_the_illness_also_goes_on():
    family = (
        "I have been raising his two boys since 2019 and I had a stroke in May, so I cannot care for them."
    )
    medical = "Marcus also has schizophrenia and they stopped his medication when he was moved to Hazelton."
    assert engine.split_arguments(f"Dear Sir,\n\n{family}\n\n{medical}\n\nLinda") == [family, medical]
    for claim in (
        "I have stage 4 colon cancer. The cancer also has spread to my liver and the chemo is not working.",
        "I have stage 4 colon cancer. It also has spread to my liver and the chemo is not working.",
    ):
        assert engine.split_arguments(claim) == [claim]


def test_a_claim_before_an_announced_list_is_kept():
    cancer = "I have stage 4 lung cancer and the chemo stopped working in March."
    first = "1. My lawyer never told me about the plea offer of 8 years."
    second = "2. The judge counted a juvenile conviction that should not have counted."
    letter = f"Dear Judge,\n\n{cancer}\n\nMy other issues:\n{first}\n{second}\n\nThank you"
    texts = [argument.text for argument in split_letter(letter).arguments]
    assert texts[0] == cancer and len(texts) == 3


def test_a_memo_whose_claims_open_with_ordinals_is_still_a_memo_about_the_client():
    # found clicking through the letter page: "First, he says…" hid the memo's third person
    first = "First, he says counsel never told him about a 12-year plea offer."
    second = "Second, he has end-stage renal disease and BOP has missed six dialysis sessions since June."
    memo = f"Two issues:\n\n{first}\n\n{second}\n\nI think the first point is time-barred. Your call.\n\n-- K. Lerner"
    assert [argument.text for argument in split_letter(memo).arguments] == [first, second]


def test_a_relative_s_own_view_stays_with_the_claim():
    letter = (
        "My son has stage 4 liver cancer and he weighs 110 pounds now. He cannot walk to chow. He falls in the "
        "shower. He has been refused a specialist twice. I think the prison is letting him die in there."
    )
    split = split_letter(letter)
    assert len(split.arguments) == 1 and "letting him die" in split.arguments[0].text


def test_an_opening_never_joins_a_claim_across_another_claim_so_no_text_is_repeated():
    # Found on the fourth round of fresh letters: an opening that read as the same disposition as the second claim
    # was joined to it over the first claim, and the joined argument ran from the opening to the second claim,
    # repeating the first claim's text.
    letter = (
        "Dear Judge or Legal aid\nI am asking for Compassionate Release for 3 reasons\nOne.\n"
        "the plea deal I signed is unlawful and unconstitutional\nthe prosecutor put terms in it that are not legal\n"
        "and I had no real choice but to sign it\nTwo.\nI am a diabetic and I have heart problems\n"
        "my sugar is all over the place and my chest hurts at night\nThree.\nCOVID is spreading in this prison\n"
        "we sleep 100 men in a dorm with no way to keep distance\nplease help me\nR.T."
    )
    split = split_letter(letter)
    spans = sorted(span for argument in split.arguments for span in argument.spans)
    assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:], strict=False)), spans
    assert [argument.text.split("\n")[0] for argument in split.arguments] == [
        "the plea deal I signed is unlawful and unconstitutional",
        "I am a diabetic and I have heart problems",
        "COVID is spreading in this prison",
    ]


def test_a_line_that_holds_only_a_spelled_number_opens_a_list_item():
    letter = (
        "Dear Judge\n"
        "I have two reasons\n"
        "One.\n"
        "my lawyer never told me about the plea offer of 7 years\n"
        "and I would of took it\n"
        "Two.\n"
        "I have stage 4 lung cancer\n"
        "the chemo here is not working and I lost 40 pounds\n"
        "please help me\n"
    )
    texts = [argument.text for argument in split_letter(letter).arguments]
    assert texts == [
        "my lawyer never told me about the plea offer of 7 years\nand I would of took it",
        "I have stage 4 lung cancer\nthe chemo here is not working and I lost 40 pounds",
    ]


def test_in_a_hand_copied_letter_a_line_opening_with_and_adds_to_the_claim_it_follows():
    letter = (
        "to the legal aid office\n"
        "my lawyer never filed the appeal i asked him to file\n"
        "he said he would do it and he never did\n"
        "and my guideline range was figured wrong at sentencing too\n"
        "i been writing him for 3 years\n"
        "please write back\n"
    )
    texts = [argument.text for argument in split_letter(letter).arguments]
    assert len(texts) == 1 and "figured wrong" in texts[0] and "never filed the appeal" in texts[0]


def test_a_caller_asking_whether_he_can_get_credit_is_still_a_claim():
    question = "CL asks whether he can get credit for the 9 months he did in state custody before sentencing."
    assert engine.split_arguments(question) == [question]


def test_the_writer_s_honest_view_in_a_memo_is_a_note_for_the_team():
    first = "First, he says the jury was never told it had to find the drug quantity."
    second = (
        "Second, his wife has stage 4 breast cancer and he is the only one who can care for their two boys."
    )
    view = "My honest view is that the first point is a § 2255 issue, not a release ground."
    split = split_letter(f"{first}\n\n{second}\n\n{view}")
    assert [argument.text for argument in split.arguments] == [first, second]
    assert [d.reason for d in split.dropped] == ["staff_note"]


def test_an_addressee_line_with_the_office_s_town_is_a_greeting():
    claim = "I have end stage liver disease and the doctors here say I have less than a year to live."
    split = split_letter(f"To the Federal Defender office\nKnoxville Tennessee\n\n{claim}\n\nthank you")
    assert [argument.text for argument in split.arguments] == [claim]
    assert split.dropped[0].reason == "greeting"


def test_in_a_hand_copied_letter_an_error_then_told_as_if_sentenced_today_is_one_claim():
    letter = (
        "Dear Legal Aid\n"
        "I am at FCI Beckley\n"
        "the judge made me a career offender because of my record\n"
        "if I was not a career offender my guideline would of been way lower\n"
        "my priors would not make me one today so I am doing years\n"
        "I would not get if I was sentenced now\n"
        "please help me\n"
    )
    texts = [argument.text for argument in split_letter(letter).arguments]
    assert len(texts) == 1 and "sentenced now" in texts[0] and "way lower" in texts[0]


def test_remedies_already_taken_that_a_hard_wrap_joins_to_a_claim_do_not_drop_the_claim():
    # Found clicking through the letter page: the wrap joined "we sleep 100 men…" and "I already did the BP-9"
    # into one sentence, and the remedies made the whole sentence background.
    letter = (
        "Dear Judge,\n\nI have asthma and COPD. COVID is all over this prison now\n"
        "we sleep 100 men in a dorm with no way to keep distance\nI already did the BP-9 and BP-10.\n\nThank you."
    )
    texts = [argument.text for argument in split_letter(letter).arguments]
    assert len(texts) == 1 and "we sleep 100 men" in texts[0]


@pytest.mark.parametrize(
    "story",
    [
        "i robbed two banks with my cousin back in 2013 and they gave me 40 years.",
        "I got 30 years for a gun case and the court of appeals already affirmed it.",
    ],
)
def test_the_crime_told_by_the_writer_and_an_affirmed_appeal_are_background(story):
    claim = "I have stage 4 colon cancer and the chemo stopped working in March."
    split = split_letter(f"Dear Sir,\n\n{story}\n\n{claim}\n\nThank you")
    assert [argument.text for argument in split.arguments] == [claim]
    assert [d.reason for d in split.dropped if d.text == story] == ["background"]


def test_a_forwarded_e_mail_s_headers_and_the_forwarder_s_name_are_not_claims():
    medical = "He has stage 4 pancreatic cancer and the oncologist gives him six months."
    family = "His wife died in May and their two children, 8 and 11, are in foster care."
    letter = (
        "From: Dana K. <dana@example.org>\nSent: Tuesday, March 14, 2023 4:52 PM\nTo: Intake <intake@example.org>\n"
        "Subject: FW: possible CR referral\n\nForwarding below for your intake queue.\n\nDana\n\n"
        "-----Original Message-----\nFrom: Dana K.\nSent: Monday, March 13, 2023 11:10 AM\nTo: Ray Ortiz\n\n"
        f"Ray,\n\n{medical}\n\n{family}\n\nThanks,\nDana"
    )
    split = split_letter(letter)
    assert [argument.text for argument in split.arguments] == [medical, family]


def test_an_intake_note_s_bullets_of_case_facts_are_set_aside_and_its_claim_bullets_kept():
    age = "Age at offense: CL was 19 and asks the court to count his youth at the time."
    medical = "Medical: CL has COPD on oxygen and lost 40 pounds this year."
    note = (
        "Intake note -- Kerby, J.  D. Neb.\n\nCase facts (from PSR summary):\n"
        "* Offenses committed 2002; sentenced 2003. Long sentence (multiple counts, consec.).\n"
        "* CL currently 39. Warden denied request >30 days ago.\n\n"
        f"Arguments CL wants made:\n* {age}\n* {medical}\n\nTasks:\n* Get updated BOP disciplinary printout.\n"
        "* Check 8th Cir. law on nonretroactive changes before drafting."
    )
    assert [argument.text for argument in split_letter(note).arguments] == [age, medical]


def test_a_note_addressed_to_the_lawyer_with_the_case_number_is_a_greeting():
    claim = (
        "my gun counts are stacked and the first step act says no more stacking so my 25 yrs is too much now"
    )
    split = split_letter(f"to the lawyer -- L. Brown, 14 Cr. 509, out date 2036\n\n{claim}")
    assert [argument.text for argument in split.arguments] == [claim]


def test_an_opening_that_says_who_the_client_is_and_when_he_gets_out_introduces_the_claims():
    opening = (
        "Mr. Hill is 36 and is serving a 60-month sentence on a drug plea. He is at FCI Milan; his projected "
        "release date is October 2027."
    )
    medical = "He has moderate persistent asthma and hypertension, and two inhalers do not control it."
    home = "In the alternative, he asks that BOP move him to home confinement for the rest of his term."
    split = split_letter(
        f"{opening}\n\n{medical}\n\n{home}\n\nI am aware of the decision in Alam on exhaustion."
    )
    assert [argument.text for argument in split.arguments] == [medical, home]


def test_cr_ends_a_sentence_before_a_capital_but_not_in_a_docket_number():
    note = "Asks CR. Also, his mother is dying."
    assert [note[s:e] for s, e in splitter._sentences(note, 0, len(note))] == [
        "Asks CR.",
        "Also, his mother is dying.",
    ]
    docket = "Case 14 Cr. 509 was filed."
    assert splitter._sentences(docket, 0, len(docket)) == [(0, len(docket))]


@pytest.mark.parametrize(
    "opening",
    [
        "Jury trial, 4 drug counts. Sentenced 2011 to 292 mos (low end).",
        "The Federal Defender was appointed to help me but I have not heard from them in months.",
        "He can only email family so he asked me to forward this to you. His message is below.",
    ],
)
def test_more_openings_that_introduce_the_claims(opening):
    medical = (
        "Medical: CL has a seizure disorder and bipolar disorder and BOP stopped his seizure medication."
    )
    family = "Family: his wife died in March and their three children are in foster care."
    split = split_letter(f"{opening}\n\n{medical}\n\n{family}")
    assert [argument.text for argument in split.arguments] == [medical, family]


def test_in_a_hand_copied_letter_rehabilitation_added_with_and_is_a_claim_of_its_own():
    letter = (
        "dear legal aid\n"
        "i got bad anxiety and i cant sleep and depression real bad\n"
        "since covid when they had us locked in the cell 23 hours\n"
        "and i done every class they offer, drug program, GED\n"
        "i work in food service everyday no shots in 4 years\n"
        "thank you\n"
    )
    texts = [argument.text for argument in split_letter(letter).arguments]
    assert len(texts) == 2 and texts[1].startswith("and i done every class")


def test_asking_the_office_to_help_fill_out_the_forms_is_a_question_not_a_claim():
    claim = "My father had a stroke and cannot cook or get to his appointments and I am the oldest son."
    ask = "please help me fill out what i need to send the judge because they said i didnt send no proof"
    split = split_letter(f"{claim}\n\n{ask}")
    assert [argument.text for argument in split.arguments] == [claim]
    assert [d.reason for d in split.dropped] == ["question"]


def test_a_forwarded_message_after_the_forwarder_s_close_is_read_as_a_letter_of_its_own():
    # Found on the letter page: after "Dana" and "-----Original Message-----" every short line of the forwarded
    # note was taken for the signature, so its "Case facts:" heading was lost and a fact became an argument.
    medical = "Medical: CL has a seizure disorder and BOP stopped his seizure medication twice this year."
    family = "Family: his wife died in March and their three children are in foster care."
    letter = (
        "From: Dana K. <dana@example.org>\nSubject: FW: possible CR referral\n\n"
        "Forwarding below for your intake queue.\n\nDana\n\n-----Original Message-----\nFrom: Dana K.\n\n"
        "Case facts (from PSR):\n* Jury trial 2011, 4 drug counts, 292 mos.\n* Has served a little over half.\n\n"
        f"Arguments CL wants made:\n* {medical}\n* {family}\n\nTasks:\n* Get updated BOP disciplinary printout."
    )
    assert [argument.text for argument in split_letter(letter).arguments] == [medical, family]


def test_a_claim_asked_as_a_question_is_still_a_claim():
    claim = "Can the court fix the loss amount? The government said $1.7 million but the banks got most of it back."
    assert engine.split_arguments(claim) == [claim]


@pytest.mark.parametrize(
    "opening",
    [
        "I am sorry if this is long, I have never done anything like this.",
        "Excuse me for my English, it is not my first language.",
        "i am trying to get my time cut and somebody in the law library said write yall.",
    ],
)
def test_apologies_and_how_the_writer_came_to_write_introduce_the_letter(opening):
    claim = "I have stage 4 lung cancer and the chemo stopped working in March."
    split = split_letter(f"{opening}\n\n{claim}")
    assert [argument.text for argument in split.arguments] == [claim]


@pytest.mark.parametrize(
    "notes",
    [
        # a hedged view and a list of documents needed
        "For what it is worth, my own impression is that the second point needs records.\n\nNeed: PSR, judgment.",
        # the writer's advice and a request
        "I have told him that the first point is weak.\n\nI would like someone to pull the prior 2255 filings.",
    ],
)
def test_the_writer_s_views_and_requests_in_a_memo_are_notes_for_the_team(notes):
    first = "First, he says his lawyer never told him about the 10-year plea offer."
    second = "Second, his mother is 81, has dementia and lives alone, and he is her only child."
    split = split_letter(f"{first}\n\n{second}\n\n{notes}")
    assert [argument.text for argument in split.arguments] == [first, second]
    assert [d.reason for d in split.dropped] == ["staff_note", "staff_note"]


def test_a_lot_of_questions_announced_introduces_the_letter():
    claim = "I have stage 4 lung cancer and the chemo stopped working in March."
    split = split_letter(f"I have a lot of questions and I hope somebody can answer them.\n\n{claim}")
    assert [argument.text for argument in split.arguments] == [claim]


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Plan: ask CL for his mother's medical records and a letter from the hospice.", "staff_note"),
        ("Advised: send the warden request first and keep a copy.", "staff_note"),
        ("Advised we would pull the docket and call back.", "staff_note"),
        ("F/u: mail the warden-request form.", "staff_note"),
        ("Need mother's med records + confirm no other caregiver.", "staff_note"),
        ("Before we file I need his BOP medical file and the latest labs.", "staff_note"),
        ("Caller asks whether the court will hold a hearing on the new evidence.", "question"),
        ("Do I need to go to the Central Office before I can file a 2241?", "question"),
        ("I already did the BP-9 and the BP-10.", "background"),
        ('CL says brother in Indianapolis "might" take him.', "release_plan"),
        ("Sister will provide housing in Wichita; she works days.", "release_plan"),
        ("CL did not raise disparity, so don't add it.", "background"),
        ("CL already filed a pro se motion for CR; asks us to take it over.", "background"),
        ("First CR motion (2019) denied; appeal affirmed.", "background"),
        ("Staff to call CL re: exhaustion docs.", "staff_note"),
        ("Gov't resp filed 1/13.", "staff_note"),
        ("Get updated BOP disciplinary printout.", "staff_note"),
        ("Happy to send the PSR if you open a file.", "staff_note"),
        ("For completeness: the warden request went in late.", "staff_note"),
        ("Wants to know if worth filing. Pls advise.", "question"),
        ("We are praying someone can help him.", "sign_off"),
        ("I know what I did was wrong and I have paid back part of the restitution.", "background"),
        ("If your clinic handles BOP grievances, please let me know and I will connect you.", "question"),
        ("How long does a 3582 motion take? Do I have to send it to the same judge?", "question"),
        ("Can you appoint me a lawyer or tell me how to ask the court for one?", "question"),
        ("What does it cost to have your office help?", "question"),
        ("Prior motions: Compassionate release denied 2022", "background"),
        ("Warden request: Submitted, no answer after 30+ days", "background"),
        ("Other notes: Client says he has no health problems.", "staff_note"),
        ("CL asked about the class action settlement (told her we'd check -- not a ground).", "staff_note"),
        ("Please tell me if you can help or who I should write to.", "question"),
        ("Asked whether we can file in court before BOP answers the BP-9.", "question"),
        ("Staff initials: K.W.", "background"),
    ],
)
def test_notes_questions_history_and_remarks_beside_a_claim_are_not_claims(sentence, reason):
    # what intake notes, relatives and clients write beside a claim (found on the fresh letters' tune halves)
    claim = "He has end-stage renal disease and BOP has missed six of his dialysis sessions since June."
    split = split_letter(f"{claim}\n\n{sentence}")
    assert [argument.text for argument in split.arguments] == [claim]
    assert {d.reason for d in split.dropped} == {reason}


def test_a_page_number_alone_on_a_line_is_not_a_list_marker():
    letter = (
        "Dear Judge,\n\nI have stage 4 lung cancer and the chemo stopped working and the doctors here\n2\n"
        "say I have six months to live and they will not send me to the hospital.\n\nThank you"
    )
    texts = [argument.text for argument in split_letter(letter).arguments]
    assert len(texts) == 1 and "six months to live" in texts[0]


def test_a_trial_complaint_at_the_opening_is_a_claim_not_the_case_s_facts():
    trial = "The jury trial was unfair because the judge let in hearsay evidence."
    claim = "I have stage 4 lung cancer and the chemo stopped working in March."
    assert [a.text for a in split_letter(f"{trial}\n\n{claim}").arguments] == [trial, claim]


def test_a_weak_claim_that_opens_with_to_the_judge_is_not_taken_for_an_addressee_line():
    claim = "to the judge i am asking for mercy because my mother is sick"
    assert engine.split_arguments(f"{claim}\n\nthank you") == [claim]


def test_a_medical_history_heading_heads_claims_not_the_case_s_facts():
    copd = "COPD on oxygen 24 hours a day and BOP will not send him to a pulmonologist."
    kidneys = "Stage 4 kidney disease; the nephrologist says dialysis within the year."
    note = f"Intake note -- R. Diaz\n\nMedical history:\n* {copd}\n* {kidneys}\n\nTasks:\n* Get his BOP medical records."
    texts = [argument.text for argument in split_letter(note).arguments]
    assert texts and all(any(claim in text for text in texts) for claim in (copd, kidneys))


@pytest.mark.parametrize(
    "bullet",
    [
        "2255 was denied because my lawyer missed the filing deadline and never told me.",
        "Offense: 922(g), but CL says the prior felony was expunged in 2009 so he was never a felon.",
    ],
)
def test_a_bullet_or_form_field_that_goes_on_to_a_claim_stays_a_claim(bullet):
    medical = "Medical: stage 4 kidney disease, the nephrologist says dialysis within the year."
    note = f"Intake note\n\n* {medical}\n* {bullet}"
    texts = [argument.text for argument in split_letter(note).arguments]
    assert any(bullet in text for text in texts)


def test_a_note_marked_note_that_tells_a_claim_is_kept():
    claim = "Note: client's mother is now in hospice care and he is the only one who can care for her."
    medical = "He has stage 4 colon cancer and the chemo stopped working in March."
    texts = [argument.text for argument in split_letter(f"{medical}\n\n{claim}").arguments]
    assert claim in texts
