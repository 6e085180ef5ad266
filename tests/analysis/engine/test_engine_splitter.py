"""Splitting a pasted letter into single-claim arguments."""

from analysis import engine

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
