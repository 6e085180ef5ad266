"""The learned model beside the rules (issue #10): training, the artifact, scoring without scikit-learn, and how
the rules and the model combine inside `classify()`."""

import base64
import json
from array import array
from dataclasses import replace
from pathlib import Path

import pytest

from analysis import engine
from analysis.__main__ import training_set, untrained_opinions
from analysis.engine import classifier
from analysis.engine.model import ModelError, TextModel, artifact_bytes, document_features, read_artifact

PACK = engine.current_rule_pack()
ROOT_CORPUS = Path(__file__).resolve().parents[3] / "analysis" / "corpus"
CR, CA, FC, OV = "compassionate_release", "collateral_attack", "foreclosed", "other_vehicle"

# A small training corpus written for these tests: two batches of each of four (disposition, ground) labels.
FIXTURE = [
    (CR, "medical", "I have stage four cancer and the chemo is not working, please let me go home."),
    (CR, "medical", "My kidneys failed and I am on dialysis three times a week in the prison hospital."),
    (CR, "medical", "Client has congestive heart failure and can barely walk to chow."),
    (CR, "medical", "He was diagnosed with ALS last spring and now uses a wheelchair."),
    (CA, "ineffective_assistance", "My lawyer never told me about the plea offer before trial."),
    (CA, "ineffective_assistance", "Counsel failed to call the alibi witness I gave him."),
    (CA, "ineffective_assistance", "Trial attorney did not object when the judge added two points."),
    (CA, "ineffective_assistance", "My public defender slept through half the trial."),
    (FC, "change_in_law", "If I was sentenced today the stacking would not apply and I would get less time."),
    (FC, "change_in_law", "Under the First Step Act my 851 enhancement would be 15 years now, not life."),
    (FC, "change_in_law", "Today the judge could not give me that much time because the law changed."),
    (FC, "change_in_law", "People sentenced now get ten years less for the same stacked counts."),
    (OV, "sentence_computation", "BOP will not give me jail credit for the year I spent in county."),
    (OV, "sentence_computation", "My First Step Act time credits are not on my release date."),
    (OV, "sentence_computation", "The federal term should run concurrent with the state time I served."),
    (OV, "sentence_computation", "Records says my sentence started later than it did."),
]


def fixture_items():
    return [
        {"text": text, "disposition": d, "ground": g, "batch": f"b{i % 2}", "id": str(i)}
        for i, (d, g, text) in enumerate(FIXTURE)
    ]


# --------------------------------------------------------------------------------------------------------------
# Training and the artifact
# --------------------------------------------------------------------------------------------------------------
def test_training_twice_gives_identical_artifact_bytes():
    training = pytest.importorskip("analysis.engine.training")
    pytest.importorskip("sklearn")
    first = artifact_bytes(training.fit_artifact(fixture_items(), rule_pack_version="test"))
    second = artifact_bytes(training.fit_artifact(fixture_items(), rule_pack_version="test"))
    assert first == second
    changed = fixture_items()
    changed[0]["text"] += " It spread to my bones."
    assert artifact_bytes(training.fit_artifact(changed, rule_pack_version="test")) != first


def test_pure_python_scores_match_scikit_learn():
    training = pytest.importorskip("analysis.engine.training")
    pytest.importorskip("sklearn")
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    from analysis.engine.model import row_scale, text_tokens

    items = fixture_items()
    artifact = training.fit_artifact(items, rule_pack_version="test", prune=0)
    model = TextModel(artifact)
    texts = [item["text"] for item in items]
    counts = CountVectorizer(analyzer=document_features, min_df=2).fit(texts)
    tfidf = TfidfTransformer(norm=None).fit(counts.transform(texts))
    probe = ["The lawyer never told me about the plea.", "I have cancer and my kidneys failed."]
    x = sparse.diags([row_scale(len(text_tokens(t))) for t in probe]) @ tfidf.transform(
        counts.transform(probe)
    )
    features = tfidf.transform(counts.transform(texts))
    x_train = sparse.diags([row_scale(len(text_tokens(t))) for t in texts]) @ features
    reference = LogisticRegression(C=training.DEFAULTS["C"], class_weight="balanced", max_iter=3000, tol=1e-6)
    reference.fit(x_train, [item["disposition"] for item in items])
    expected = reference.predict_proba(x)
    for row, text in zip(expected, probe, strict=True):
        got = model.predict(text).dispositions
        for label, probability in zip(reference.classes_, row, strict=True):
            assert got[label] == pytest.approx(probability, abs=0.02)
        assert max(got, key=got.get) == reference.classes_[int(np.argmax(row))]


def test_the_committed_artifact_is_tied_to_the_rule_pack_and_its_training_data():
    assert PACK.model is not None and PACK.model.artifact.exists()
    artifact = read_artifact(PACK.model.artifact)
    training = artifact["training"]
    assert artifact["rule_pack_version"] == PACK.version
    assert training["sklearn"] and training["items"] > 0
    items, sources = training_set()
    assert training["sources"] == sources
    assert PACK.model.artifact.stat().st_size < 4_000_000
    # The artifact was trained on the training set as it is now (run `python -m analysis train` after changing it).
    from analysis.engine.training import training_hash

    assert training["sha256"] == training_hash(items)
    assert training["items"] == len(items)


def test_a_model_for_another_pack_or_a_broken_artifact_is_refused(tmp_path):
    artifact = read_artifact(PACK.model.artifact)
    with pytest.raises(ModelError):
        TextModel({**artifact, "feature_version": 999})
    with pytest.raises(ModelError):
        TextModel({**artifact, "weights": base64.b64encode(b"\x00\x00").decode()})
    broken = tmp_path / "model.json.gz"
    broken.write_bytes(b"not gzip")
    with pytest.raises(ModelError):
        read_artifact(broken)
    foreign = replace(PACK, version="1999.01.01")
    with pytest.raises(ModelError, match="trained for rule pack"):
        classifier.pack_model(foreign)


def test_older_packs_classify_with_the_rules_alone():
    old = engine.classify("I have stage four lung cancer.", as_of="2026-11-27")
    assert old.rule_pack_version == "2026.11.27" and old.model is None and old.decided_by == "rules"
    new = engine.classify("I have stage four lung cancer.")
    assert new.rule_pack_version == PACK.version and new.model is not None


# --------------------------------------------------------------------------------------------------------------
# Combination, with a hand-made model whose readings the test controls
# --------------------------------------------------------------------------------------------------------------
PAIRS = [f"{d}/{g}" for d, grounds in engine.TAXONOMY.items() for g in grounds]
DISPOSITIONS = list(engine.TAXONOMY)


def model_from_rows(rows: dict[str, list[int]]) -> TextModel:
    """A model with one weight row (dispositions, then pairs) for each word feature in `rows`."""
    width = len(DISPOSITIONS) + len(PAIRS)
    features = sorted(rows)
    weights = array("h")
    for feature in features:
        weights.extend(rows[feature])
    return TextModel(
        {
            "format": "safety-valve-text-model",
            "feature_version": 1,
            "rule_pack_version": PACK.version,
            "dispositions": DISPOSITIONS,
            "pairs": PAIRS,
            "bias": [0.0] * width,
            "scale": [0.001] * width,
            "features": features,
            "weights": base64.b64encode(weights.tobytes()).decode(),
        }
    )


def reading_row(disposition: str, pair: tuple[str, str], strength: int) -> list[int]:
    row = [0] * (len(DISPOSITIONS) + len(PAIRS))
    row[DISPOSITIONS.index(disposition)] = strength
    row[len(DISPOSITIONS) + PAIRS.index("/".join(pair))] = strength
    return row


def hand_model(words: dict[str, tuple[str, str]], strength: int = 3000) -> TextModel:
    """A model that reads each word in `words` as its (disposition, ground), strongly."""
    return model_from_rows(
        {f"w|{word}": reading_row(label[0], label, strength) for word, label in words.items()}
    )


def assess(text, model):
    return classifier.assess(text, PACK, None, model)


def test_a_strong_validity_framing_stays_a_collateral_attack_whatever_the_model_says():
    text = "My lawyer never told me about the plea offer, and that is ineffective assistance of counsel."
    model = hand_model({"lawyer": (CR, "medical"), "plea": (CR, "medical"), "offer": (CR, "medical")})
    result = assess(text, model)
    assert result.disposition == CA
    assert result.model["disposition"] == CR
    assert result.needs_review and "stays a § 2255 matter" in result.reviewer_note


def test_the_model_routes_a_validity_attack_the_rules_missed_to_2255_and_asks_for_review():
    text = "The amount they pinned on me was never proven to anybody and the number came from thin air."
    assert assess(text, None).disposition != CA
    words = {"proven": (CA, "sentencing_error"), "pinned": (CA, "sentencing_error")}
    result = assess(text, hand_model(words, strength=8000))
    assert (result.disposition, result.ground) == (CA, "sentencing_error")
    assert result.needs_review and result.decided_by == "model"
    assert result.authorities == tuple(PACK.cite(key) for key in PACK.rule("CA-SENTENCING").authorities)
    assert result.rationale.startswith(PACK.rule("CA-SENTENCING").explanation)


def test_disagreement_is_flagged_with_a_sentence_that_names_both_readings():
    text = "We have been on lockdown for months, no visits, cold food, and my asthma is acting up."
    rules = assess(text, None)
    other = CR if rules.disposition != CR else OV
    ground = "medical" if other == CR else "conditions"
    result = assess(text, hand_model({w: (other, ground) for w in ("lockdown", "visits", "food", "months")}))
    assert result.needs_review and result.confidence < 0.9
    assert "Unsure: the rules read this as" in result.reviewer_note
    assert "Decide this one yourself." in result.reviewer_note


def test_agreement_gives_high_confidence_and_no_flag():
    text = "I have stage four lung cancer that has spread to my bones, and the doctors give me months."
    words = {w: (CR, "medical") for w in ("cancer", "lung", "bones", "doctors")}
    agree = assess(text, hand_model(words, strength=8000))
    assert (agree.disposition, agree.ground, agree.decided_by) == (CR, "medical", "both")
    assert agree.confidence >= 0.9 and not agree.needs_review and agree.reviewer_note == ""


def test_evidence_keeps_rule_spans_and_adds_the_models_phrases_as_exact_spans():
    text = "Honestly, I have stage four lung cancer and the chemo failed."
    result = assess(text, hand_model({"cancer": (CR, "medical"), "chemo": (CR, "medical")}))
    assert result.evidence and all(text[s.start : s.end] == s.text for s in result.evidence)
    assert {span.text for span in result.model_phrases} <= {"cancer", "chemo", "cancer and the chemo"}
    assert result.model_phrases and all(text[s.start : s.end] == s.text for s in result.model_phrases)
    data = result.to_dict()
    assert data["model_phrases"][0]["text"] in text and data["decided_by"] == "both"


def test_rehabilitation_beside_another_circumstance_is_not_filed_as_foreclosed():
    text = "I finished the drug program and every class and have no write-ups in 9 years."
    alone = assess(
        text, hand_model({"program": (FC, "rehabilitation_alone"), "class": (FC, "rehabilitation_alone")})
    )
    assert (alone.disposition, alone.ground) == (FC, "rehabilitation_alone")
    beside = assess(
        text, hand_model({"program": (CR, "family"), "class": (CR, "family"), "drug": (CR, "family")})
    )
    assert beside.disposition != FC
    if beside.ground == "rehabilitation":
        assert "not filed as foreclosed" in beside.reviewer_note


def test_a_guideline_change_without_its_amendment_number_asks_for_review():
    unnamed = "The guidelines changed how criminal history points are counted and my range would be lower."
    model = hand_model(
        {w: (OV, "guideline_amendment") for w in ("guidelines", "changed", "criminal", "points")}
    )
    result = assess(unnamed, model)
    assert (result.disposition, result.ground) == (OV, "guideline_amendment")
    assert result.needs_review
    assert any("without naming the amendment" in reason for reason in result.review_reasons)
    named = assess("I want a reduction under Amendment 821 because of my status points.", model)
    assert (named.disposition, named.ground) == (OV, "guideline_amendment")
    assert not any("without naming the amendment" in reason for reason in named.review_reasons)


def test_nothing_matched_and_an_unsure_model_stays_the_fallback():
    result = assess("Please help me.", hand_model({"cancer": (CR, "medical")}))
    assert (result.disposition, result.ground, result.needs_review) == (CR, "other", True)
    assert result.confidence < 0.3


def test_authorities_and_rationale_always_come_from_the_rule_pack():
    cites = {PACK.cite(key) for key in PACK.authorities}
    explanations = [rule.explanation for rule in PACK.rules]
    texts = [text for _, _, text in FIXTURE] + ["Please help me.", "i want to go home to my kids"]
    for text in texts:
        result = engine.classify(text)
        assert set(result.authorities) <= cites
        assert result.rule_id == classifier.FALLBACK_RULE_ID or any(
            result.rationale.startswith(explanation) for explanation in explanations
        )


def test_model_scoring_is_deterministic_and_needs_no_scikit_learn():
    code = (
        "import sys; sys.modules['sklearn'] = None; sys.modules['numpy'] = None\n"
        "from analysis import engine\n"
        "a = engine.classify('My lawyer never filed the appeal I asked for.')\n"
        "print(a.disposition, a.model['disposition'], a.confidence)"
    )
    import subprocess
    import sys

    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[3],
        ).stdout
        for _ in range(2)
    }
    assert len(runs) == 1 and next(iter(runs)).startswith("collateral_attack ")


def test_a_ruled_out_reading_must_name_a_lexicon_of_the_pack_and_a_reading_of_the_taxonomy(tmp_path):
    from analysis.engine.rulepack import RulePackError, _model_settings

    entry = {
        key: getattr(PACK.model, key)
        for key in (
            "validity_keep", "collateral_floor", "rules_strong", "rules_weight", "rules_final",
            "ground_rules_weight", "ground_exponent", "disagree_above", "rehabilitation_beside",
            "model_alone", "review_below",
        )
    }  # fmt: skip
    entry.update(
        artifact=PACK.model.artifact.name,
        rules={f"{d}/{g}": rule for (d, g), rule in PACK.model.rules.items()},
        text=PACK.model.text,
    )
    rules = {rule.id: rule for rule in PACK.rules}

    def settings(ruled_out):
        return _model_settings({**entry, "ruled_out": ruled_out}, rules, PACK.path, "pack", PACK.lexicons)

    good = settings(
        {
            "hc_as_condition": ["other_vehicle/home_confinement"],
            "civil_remedy": ["compassionate_release/custody_abuse"],
        }
    )
    assert good.ruled_out == {
        "hc_as_condition": (("other_vehicle", "home_confinement"),),
        "civil_remedy": (("compassionate_release", "custody_abuse"),),
    }
    # the current pack keeps them (a pack's [model.ruled_out] replaces the inherited table, so it restates them)
    assert good.ruled_out.items() <= PACK.model.ruled_out.items()
    with pytest.raises(RulePackError, match="unknown lexicon"):
        settings({"no_such": ["other_vehicle/home_confinement"]})
    with pytest.raises(RulePackError, match="not a disposition/ground"):
        settings({"hc_as_condition": ["other_vehicle/placement"]})


def test_a_reading_the_framing_rules_out_gets_none_of_the_models_vote():
    # LAW.md § 5: home confinement asked of the court as a condition of supervised release is not BOP placement
    # ([model.ruled_out] of pack 2026.12.07.2). A model that reads "confinement" as placement is overruled, and the
    # reviewer is told the text rules the model's reading out (since 2026.12.07.5; before, that the two differ).
    text = "My health problems put me at risk in here. Please reduce my sentence and let me go home to home confinement."
    placement = hand_model({"confinement": (OV, "home_confinement"), "home": (OV, "home_confinement")})
    assert placement.predict(text).pair == (OV, "home_confinement")
    assert "hc_as_condition" in classifier.analyse(text, PACK).hits
    result = assess(text, placement)
    assert (result.disposition, result.ground) == (CR, "medical")
    assert result.needs_review and result.confidence < 0.5
    assert result.reviewer_note == PACK.model.say(
        "ruled_out",
        model="other vehicle / home confinement",
        words="“reduce my sentence and let me go home to home confinement”",
    )
    older = classifier.assess(text, engine.load_rule_pack_version("2026.12.07.4"), None, placement)
    assert "the model as other vehicle / home confinement" in older.reviewer_note
    # Without the framing the same model's reading of a request to BOP stands.
    bop = assess("Please ask BOP to send me home to home confinement.", placement)
    assert (bop.disposition, bop.ground) == (OV, "home_confinement")


def split_heads_model(word: str, disposition_head: str, pair_head: tuple[str, str]) -> TextModel:
    """A model whose two heads disagree about `word`: the disposition head reads `disposition_head`, the ground
    head `pair_head` (both strongly)."""
    return model_from_rows({f"w|{word}": reading_row(disposition_head, pair_head, 20000)})


def test_the_models_vote_is_the_mean_of_its_two_heads_but_either_head_keeps_a_validity_attack():
    # (twenty words or more: a shorter text's model scores are damped, `short_text_tokens`)
    text = "The number zorbled in my case was never proven by anybody at any time and I have said so in every letter since then."
    assert assess(text, None).disposition != CA  # the rules read no validity attack
    # The disposition head alone reads a release ground, the ground head a sentencing error: the mean is split,
    # and the ground head's strong reading of a validity attack keeps it a § 2255 matter, for a reviewer.
    result = assess(text, split_heads_model("zorbled", CR, (CA, "sentencing_error")))
    assert result.disposition == CA and result.needs_review
    # The other way round: the disposition head reads the attack.
    result = assess(text, split_heads_model("zorbled", CA, (CR, "medical")))
    assert result.disposition == CA and result.needs_review
    # Heads that agree on a release ground give it, confidently.
    agreed = assess(text, split_heads_model("zorbled", CR, (CR, "medical")))
    assert (agreed.disposition, agreed.ground) == (CR, "medical")
    # Heads that disagree on two grounds that are not validity attacks give a result below full confidence.
    split = assess(text, split_heads_model("zorbled", CR, (OV, "conditions")))
    assert split.confidence < agreed.confidence


def test_the_two_head_vote_is_the_pack_s_setting_so_older_packs_decide_as_they_did():
    # A pack's answers must not move under it: 2026.12.07 votes with the disposition head alone, 2026.12.07.2 with
    # the mean of both heads. The same split model gives each pack its own reading.
    older = engine.load_rule_pack_version("2026.12.07")
    assert older.model.pair_head_share == 0.0 and PACK.model.pair_head_share == 0.5
    text = "The number zorbled in my case was never proven by anybody at any time and I have said so in every letter since then."
    model = split_heads_model("zorbled", CR, (CA, "sentencing_error"))
    assert classifier.assess(text, older, None, model).disposition == CR
    assert classifier.assess(text, PACK, None, model).disposition == CA


def test_every_result_below_the_pack_s_review_line_asks_for_a_reviewer():
    # Batch D showed wrong answers at 0.6-0.75 confidence going unflagged; 2026.12.07.2 draws the line at 0.75
    # (chosen on grouped CV and the tune halves). Nothing else about the reading changes.
    assert PACK.model.review_below == 0.75
    assert engine.load_rule_pack_version("2026.12.07").model.review_below == 0.6
    lines = (ROOT_CORPUS / "corpus_d.jsonl").read_text().splitlines()[:300]
    results = [engine.classify(json.loads(line)["text"]) for line in lines]
    middling = [r for r in results if 0.6 <= r.confidence < 0.75]
    assert middling, "the sample should hold results between the old and the new line"
    assert all(r.needs_review and r.summary for r in middling)
    assert all(r.needs_review for r in results if r.confidence < 0.75)


def test_a_short_clear_claim_is_flagged_with_a_sentence_that_does_not_say_the_rules_were_unsure():
    # Under the 0.75 review line a six-word claim the rules are sure of is flagged (the model reads little in six
    # words); the reviewer's sentence names the reading and does not claim that neither signal was confident.
    result = engine.classify("He has stage IV lung cancer.")
    assert (result.disposition, result.ground) == (CR, "medical") and result.needs_review
    assert classifier.assess("He has stage IV lung cancer.", PACK, None, None).confidence >= 0.85
    assert result.reviewer_note.startswith("Unsure: this reading (compassionate release / medical)")
    assert "neither the rules nor the model" not in result.reviewer_note


def _write_jsonl(path, items):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(item) + "\n" for item in items))


def test_the_training_set_takes_the_tune_halves_and_never_what_still_measures(tmp_path):
    def item(text, **extra):
        return {
            "text": text,
            "disposition": "foreclosed",
            "ground": "rehabilitation_alone",
            "batch": "b",
            **extra,
        }

    _write_jsonl(tmp_path / "corpus_x.jsonl", [item("written for the corpus")])
    _write_jsonl(
        tmp_path / "heldout-2026-12-07" / "items_z.jsonl",
        [
            item("read and tuned on", half="tune"),
            item("kept aside", half="held_aside"),
            item("final", half="final"),
        ],
    )
    _write_jsonl(tmp_path / "frozen" / "frozen.jsonl", [item("the headline batch")])

    def letter(half, *texts, ground="rehabilitation_alone"):
        disposition = "compassionate_release" if ground == "rehabilitation" else "foreclosed"
        claims = [{"text": text, "disposition": disposition, "ground": ground} for text in texts]
        return {"id": half, "text": " ".join(texts), "claims": claims, "half": half, "batch": "l"}

    _write_jsonl(
        tmp_path / "heldout-2026-12-07" / "letters_z.jsonl",
        [
            letter("tune", "a claim of a read letter", "its second claim"),
            # rehabilitation labelled beside a ground another claim states: the letter's label, not the text's
            letter("tune", "programs beside the letter's other claim", ground="rehabilitation"),
            letter("held_aside", "an unread claim"),
        ],
    )
    _write_jsonl(tmp_path / "frozen" / "letters.jsonl", [letter("final", "a frozen letter's claim")])

    items, sources = training_set(tmp_path)

    assert [entry["text"] for entry in items] == [
        "written for the corpus",
        "read and tuned on",
        "a claim of a read letter",
        "its second claim",
    ]
    # grouped cross-validation keeps a letters file's claims together; reports of wrong answers name each claim
    assert items[-1]["batch"] == "l (claims)"
    assert [entry["id"] for entry in items[-2:]] == ["tune#1", "tune#2"]
    assert sources == [
        "corpus_x.jsonl",
        "heldout-2026-12-07/items_z.jsonl (tune half)",
        "heldout-2026-12-07/letters_z.jsonl (claims of the tune half)",
    ]


def test_the_real_training_set_holds_no_held_aside_final_or_frozen_item():
    items, _sources = training_set()
    texts = {entry["text"] for entry in items}
    corpus = Path(__file__).resolve().parents[3] / "analysis" / "corpus"

    def read(pattern):
        return [
            json.loads(line)
            for path in corpus.glob(pattern)
            for line in path.read_text().splitlines()
            if line
        ]

    measuring = read("heldout-*/items*.jsonl") + read("frozen/frozen.jsonl")
    kept_out = [entry for entry in measuring if entry.get("half") != "tune"]
    letters = read("heldout-*/letters*.jsonl") + read("letters_dev*.jsonl") + read("frozen/letters.jsonl")
    kept_out += [claim for letter in letters if letter.get("half") != "tune" for claim in letter["claims"]]
    assert len(kept_out) > 2000 and texts.isdisjoint(entry["text"] for entry in kept_out)
    assert any(entry.get("half") == "tune" for entry in items)
    assert any(entry["batch"].endswith("(claims)") for entry in items)


def test_the_clean_held_aside_measure_leaves_out_opinions_the_model_trained_on():
    training = [{"text": "a", "source": "https://court/one"}, {"text": "b", "source": None}]
    held_aside = [
        {"text": "another argument of the same case", "source": "https://court/one"},
        {"text": "a case nobody trained on", "source": "https://court/two"},
        {"text": "no source given"},
    ]
    assert [item["text"] for item in untrained_opinions(held_aside, training)] == [
        "a case nobody trained on",
        "no source given",
    ]


def test_training_items_keep_their_opinion_so_the_clean_measure_can_see_it():
    items, _sources = training_set()
    from_letters = [item for item in items if item["batch"].endswith("(claims)")]
    assert sum(1 for item in from_letters if item.get("source")) > len(from_letters) // 2
