"""The splitter's sentence model: what it learns from, its artifact, and how the splitter uses it (issue #10)."""

import json
from pathlib import Path

import pytest

from analysis import engine
from analysis.__main__ import cross_validate_letters, training_letters
from analysis.engine.model import ModelError, SentenceModel, artifact_bytes, read_artifact
from analysis.engine.splitter import SENTENCE_MODEL, letter_sentences, split_letter

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "analysis" / "corpus"

FATHER = (
    "My mother passed away in June and my father is 81 with Parkinson's, he cannot get out of bed and there is "
    "nobody else to care for him."
)
PLEA = "The lawyer I had at trial never told me the government offered 8 years, I would have taken it."


def letter_around(paragraph: str) -> str:
    return f"Dear Defender,\n\n{FATHER}\n\n{paragraph}\n\n{PLEA}\n\nSincerely,\nR. Mendez"


def fixture_letters() -> list[dict]:
    """Small letters whose claims are marked verbatim: a greeting, claims, remarks and a sign-off."""
    claims = [
        ("I have stage 4 lung cancer and the chemo is not working.", "compassionate_release", "medical"),
        ("My lawyer never told me about the plea offer.", "collateral_attack", "ineffective_assistance"),
        ("My wife died and my two kids are in foster care now.", "compassionate_release", "family"),
        ("The jury was never told it had to find the drug amount.", "collateral_attack", "trial_error"),
        ("I am 72 and I cannot walk without a walker anymore.", "compassionate_release", "age"),
        ("BOP will not give me my First Step Act credits.", "other_vehicle", "sentence_computation"),
    ]
    remarks = [
        "Thank you for the forms you sent me last month.",
        "Sorry it took me so long to write back to you.",
        "I hope you and your family are doing well.",
        "Please excuse my handwriting.",
    ]
    letters = []
    for number in range(6):
        first, second = claims[number], claims[(number + 1) % len(claims)]
        text = (
            f"Dear Sir,\n\n{remarks[number % 4]}\n\n{first[0]}\n\n{second[0]}\n\n"
            f"{remarks[(number + 1) % 4]}\n\nSincerely,\nJ. Doe"
        )
        letters.append(
            {
                "id": f"f{number}",
                "text": text,
                "file": f"file{number % 2}.jsonl",
                "claims": [{"text": c, "disposition": d, "ground": g} for c, d, g in (first, second)],
            }
        )
    return letters


class NothingLooksLikeAClaim:
    """A sentence model that finds no sentence like a claim: only the engine's reading keeps an argument."""

    def logit(self, text: str) -> float:
        return -9.0

    def in_context(self, own, reading, before, after) -> float:
        return 0.0


# --- What it learns from ---------------------------------------------------------------------------------------
def test_each_sentence_is_labelled_by_whether_it_lies_inside_a_claim():
    training = pytest.importorskip("analysis.engine.training")
    letter = fixture_letters()[0]
    examples = training.sentence_examples([letter])
    assert [example.text for example in examples] == [
        "Dear Sir,",
        "Thank you for the forms you sent me last month.",
        letter["claims"][0]["text"],
        letter["claims"][1]["text"],
        "Sorry it took me so long to write back to you.",
        "Sincerely,",
        "J. Doe",
    ]
    assert [example.label for example in examples] == [0, 0, 1, 1, 0, 0, 0]
    # the context stage learns which letter and file each sentence comes from, and the engine's reading of it
    assert {(example.letter, example.group) for example in examples} == {(0, "file0.jsonl")}
    assert [example.paragraph for example in examples][2:4] == [2, 3]  # the claims: paragraphs of their own
    readings = [example.reading for example in examples]
    assert readings[2] >= 0.3 and readings[3] >= 0.3  # the claims point at evidence
    assert readings[0] == readings[5] == readings[6] == 0.0  # "Dear Sir,", "Sincerely,", the name
    # a claim that is not verbatim in its letter cannot label the letter's sentences: the letter is left out
    retyped = {**letter, "claims": [{**letter["claims"][0], "text": "I have lung cancer."}]}
    assert training.sentence_examples([retyped]) == []


def test_the_sentence_model_never_learns_from_a_letter_that_still_measures():
    letters, sources = training_letters()
    texts = {letter["text"] for letter in letters}
    measuring = [
        json.loads(line)
        for path in [
            *CORPUS.glob("heldout-*/letters*.jsonl"),
            *CORPUS.glob("sentences-heldout/*.jsonl"),
            CORPUS / "frozen" / "letters.jsonl",
        ]
        for line in path.read_text().splitlines()
        if line
    ]
    kept_out = [letter for letter in measuring if letter.get("half") != "tune"]
    assert len(kept_out) > 550 and texts.isdisjoint(letter["text"] for letter in kept_out)
    assert any(source.endswith("(tune half)") for source in sources) and "letters_dev.jsonl" in sources
    assert any(source.startswith("sentences/") for source in sources)  # the letters invented for it


def test_the_letters_invented_for_the_sentence_model_never_train_the_text_model():
    from analysis.__main__ import training_set

    items, sources = training_set()
    invented = [letter for letter in training_letters()[0] if letter["file"].startswith("sentences/")]
    assert len(invented) >= 180
    claims = {claim["text"] for letter in invented for claim in letter["claims"]}
    assert claims.isdisjoint(item["text"] for item in items)
    assert not any("sentences" in source for source in sources)


# --- The artifact ----------------------------------------------------------------------------------------------
def test_training_twice_gives_identical_bytes_and_other_letters_other_bytes():
    training = pytest.importorskip("analysis.engine.training")
    pytest.importorskip("sklearn")
    examples = training.sentence_examples(fixture_letters())
    first = artifact_bytes(training.fit_sentence_artifact(examples))
    assert artifact_bytes(training.fit_sentence_artifact(examples)) == first
    changed = training.sentence_examples(fixture_letters()[1:])
    assert artifact_bytes(training.fit_sentence_artifact(changed)) != first


def test_pure_python_probabilities_match_scikit_learn():
    training = pytest.importorskip("analysis.engine.training")
    pytest.importorskip("sklearn")
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    from analysis.engine.model import document_features, row_scale, text_tokens

    examples = training.sentence_examples(fixture_letters())
    model = SentenceModel(training.fit_sentence_artifact(examples, prune=0))
    texts = [example.text for example in examples]
    counts = CountVectorizer(analyzer=document_features, min_df=2).fit(texts)
    tfidf = TfidfTransformer(norm=None).fit(counts.transform(texts))

    def rows(batch):
        scale = sparse.diags([row_scale(len(text_tokens(t))) for t in batch])
        return scale @ tfidf.transform(counts.transform(batch))

    reference = LogisticRegression(C=training.SENTENCE_DEFAULTS["C"], class_weight="balanced", max_iter=3000)
    reference.fit(rows(texts), [example.label for example in examples])
    probe = ["My lawyer never told me about the offer.", "Thank you for the forms.", "Sincerely, Tom"]
    for text, expected in zip(probe, reference.predict_proba(rows(probe))[:, 1], strict=True):
        assert model.probability(text) == pytest.approx(expected, abs=0.02)
    assert model.probability(probe[0]) > 0.5 > model.probability(probe[1])


def test_the_committed_sentence_model_was_trained_on_the_read_letters_as_they_are():
    training = pytest.importorskip("analysis.engine.training")
    artifact = read_artifact(SENTENCE_MODEL)
    letters, sources = training_letters()
    examples = training.sentence_examples(letters)
    # run `python -m analysis train` after changing a read letter or the splitter's sentences
    assert artifact["training"]["sha256"] == training.sentence_hash(examples)
    assert artifact["training"]["sources"] == sources
    assert SENTENCE_MODEL.stat().st_size < 500_000


def test_a_text_model_is_not_taken_for_a_sentence_model():
    pack_model = next(SENTENCE_MODEL.parent.glob("model-*.json.gz"))
    with pytest.raises(ModelError):
        SentenceModel(read_artifact(pack_model))


# --- The splitter ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "remark",
    [
        "I want to thank your office for the forms you sent me last month.",
        "I tried to call your office twice but the phones here only work at night.",
    ],
)
def test_a_remark_no_pattern_sets_aside_is_listed_rather_than_proposed(remark):
    letter = letter_around(remark)
    patterns_only = split_letter(letter, learned=False)
    assert [argument.text for argument in patterns_only.arguments] == [FATHER, remark, PLEA]
    split = split_letter(letter)
    assert [argument.text for argument in split.arguments] == [FATHER, PLEA]
    (listed,) = [sentence for sentence in split.dropped if sentence.text == remark]
    assert listed.reason == "unlike_a_claim" and "not a claim" in listed.reason_text
    assert letter[listed.start : listed.end] == remark


def test_an_argument_the_engine_reads_is_never_set_aside_whatever_the_sentence_model_says():
    age = "I am 74 years old and my health is going down fast, I use a walker and cannot take care of myself."
    assert engine.classify(age).confidence >= 0.5  # `_KEEP`, as a greeting that carries a claim
    split = split_letter(letter_around(age), sentences=NothingLooksLikeAClaim())
    assert [argument.text for argument in split.arguments] == [FATHER, age, PLEA]
    assert not any(sentence.reason == "unlike_a_claim" for sentence in split.dropped)


def test_a_remark_a_rule_half_reads_does_not_keep_itself_as_a_claim():
    # How the client found the office, told with another man's illness: a rule knows "cancer" and the engine reads
    # a medical reason, weakly (below `_EVIDENCE_READ`). Where the sentence model finds nothing of a claim in it
    # either, it is listed, not proposed.
    remark = "A guy on my unit with cancer got out last year, he told me to write you."
    reading = engine.classify(remark)
    assert reading.evidence and 0.5 <= reading.confidence < 0.65
    split = split_letter(letter_around(remark), sentences=NothingLooksLikeAClaim())
    assert [argument.text for argument in split.arguments] == [FATHER, PLEA]
    (listed,) = [sentence for sentence in split.dropped if sentence.text == remark]
    assert listed.reason == "unlike_a_claim"


def test_a_collateral_attack_only_the_learned_model_reads_is_never_set_aside():
    # no rule matches this (no evidence); the text model reads ineffective assistance at about 0.5
    attack = "My trial attorney was secretly working for the DEA the whole time he was supposed to be defending me."
    reading = engine.classify(attack)
    assert reading.disposition == "collateral_attack" and not reading.evidence and reading.confidence >= 0.5
    split = split_letter(letter_around(attack), sentences=NothingLooksLikeAClaim())
    assert [argument.text for argument in split.arguments] == [FATHER, attack, PLEA]


def test_a_letter_keeps_at_least_one_argument():
    remarks = "I want to thank your office for the forms you sent me last month."
    one = split_letter(remarks, sentences=NothingLooksLikeAClaim())
    assert [argument.text for argument in one.arguments] == [remarks]
    two = f"{remarks}\n\nI tried to call your office twice but the phones here only work at night."
    assert len(split_letter(two, sentences=NothingLooksLikeAClaim()).arguments) == 2


def test_letter_sentences_are_the_sentences_the_splitter_reads():
    letter = letter_around("I want to thank your office for the forms you sent me last month.")
    split = split_letter(letter)
    sentences = letter_sentences(letter)
    read = {(sentence.start, sentence.end) for sentence in split.dropped}
    read |= {span for argument in split.arguments for span in argument.spans}
    assert read == {(sentence.start, sentence.end) for sentence in sentences}
    # each paragraph of this letter is one sentence
    assert [sentence.paragraph for sentence in sentences] == sorted({s.paragraph for s in sentences})


# --- Measuring it ----------------------------------------------------------------------------------------------
def record_models(monkeypatch, key: str) -> list:
    """Every sentence model made from now on, by `artifact["training"][key]`, in order."""
    seen = []
    load = SentenceModel.__init__

    def recording(self, artifact):
        seen.append(artifact["training"][key])
        load(self, artifact)

    monkeypatch.setattr(SentenceModel, "__init__", recording)
    return seen


def test_cross_validation_leaves_each_letters_file_out_of_the_model_that_splits_it(monkeypatch):
    pytest.importorskip("sklearn")
    from analysis import __main__ as cli

    letters = fixture_letters()
    monkeypatch.setattr(cli, "training_letters", lambda: (letters, ["file0.jsonl", "file1.jsonl"]))
    seen = record_models(monkeypatch, "sentences")
    report = cross_validate_letters(together=True)
    assert report["letters"] == 6 and report["claims"] == 12
    # two folds, each trained on the three letters of the other file (7 sentences each); inside each, the context
    # stage scores each of those letters with a model of the other two (14 sentences)
    assert seen == [14, 14, 14, 21, 14, 14, 14, 21]
    assert cross_validate_letters(together=True, learned=False)["letters"] == 6
    assert len(seen) == 8  # the patterns alone train nothing


def test_the_context_stage_learns_from_logits_of_files_the_sentence_alone_model_never_saw(monkeypatch):
    training = pytest.importorskip("analysis.engine.training")
    pytest.importorskip("sklearn")
    examples = training.sentence_examples(fixture_letters())
    seen = record_models(monkeypatch, "sha256")
    artifact = training.fit_sentence_artifact(examples)
    # two files: each file's sentences are scored by a model trained on the other file's alone
    by_file = [
        [example for example in examples if example.group == name] for name in ("file1.jsonl", "file0.jsonl")
    ]
    assert seen == [training.sentence_hash(sentences) for sentences in by_file]
    assert artifact["context"]["features"] == ["self", "reading", "previous", "next"]


def test_the_shipped_model_reads_a_sentence_with_its_neighbours_in_its_paragraph():
    artifact = read_artifact(SENTENCE_MODEL)
    weights = dict(zip(artifact["context"]["features"], artifact["context"]["weights"], strict=True))
    # claims come in runs of sentences, and so does background; and the engine's reading counts for a claim
    assert weights["self"] > 0 and weights["previous"] > 0 and weights["next"] > 0 and weights["reading"] > 0
    model = SentenceModel(artifact)
    remark = model.logit("The boys are doing well in school.")
    claim, other = model.logit(FATHER), model.logit("Please excuse my handwriting.")

    assert model.in_context(remark, 0.0, claim, claim) > model.in_context(remark, 0.0, other, other)
    # a sentence with no neighbour in its paragraph is read on its own: a remark on a paragraph of its own between
    # two claims is not part of either
    assert model.in_context(remark, 0.0, None, None) < model.in_context(remark, 0.0, claim, claim)
    assert model.in_context(remark, 0.0, None, None) > model.in_context(remark, 0.0, other, other)


def test_a_sentence_model_without_its_context_stage_is_refused():
    artifact = read_artifact(SENTENCE_MODEL)
    del artifact["context"]
    with pytest.raises(ModelError, match="context"):
        SentenceModel(artifact)
