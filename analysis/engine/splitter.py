"""Split a pasted client letter into single-claim arguments (splitter v2).

1. Segment in linear time: lines, paragraphs (a blank line), hard line breaks (a line that ends a sentence, or a
   list item), then sentences. One pass over the text with regexes that start with a literal and have no nested
   quantifiers; every look back or ahead is bounded, so the work grows with the length of the text. A letter
   copied by hand with almost no full stops is cut into sentences at the lines that open as a sentence does
   ("my lawyer…", "I have…", "thank you"), and inside such a paragraph a line that fairly reads another ground
   opens the next claim.
2. Read each sentence: a greeting ("Dear Sir or Madam", "Hello my name is"), a sign-off ("Thank you for your
   time", "Sincerely", a name or register-number line), background (the § 2255 already denied, the appeal lost,
   how the client found the address, "I have been locked up since…", "Out date 2029."), a staff task in an intake
   note ("To do: request the records", "Will send the warden form", or in a memo about the client the writer's
   own view: "I think the first point is dead after Rutherford"), a question to the office ("Can I do a
   2241?", "please advise"), a claim (the engine's `classify` finds a signal in it) or
   a continuation (no signal of its own), or the release plan ("My sister can house me…"). Greetings, sign-offs,
   background, staff tasks and the release plan are not claims: they
   are dropped, with the reason, so that staff can see them and restore one.
3. Group: a connective ("Also,", "And another thing", "On top of that", "Second", "P.S.", a list item, or topic
   labels heading two or more paragraphs: "Kidney disease. …", "Vision. …") starts a new argument, even one the engine cannot read ("Also, it…" goes on with the claim before). A new paragraph
   or line starts one when its reading (classify on the paragraph) differs, when both readings are weak, or
   when the engine reads nothing in a paragraph of a dozen words. Inside a paragraph, sentences stay together
   (pronouns, "and", "but", short follow-ups and sentences without a signal of their own continue the claim)
   unless a sentence carries a strong claim of another disposition that is not a usual neighbour (release
   ground and BOP matter, error then and "if sentenced today", rehabilitation beside another ground); after a
   bare "And" before a new subject a fair reading suffices. A paragraph that opens with "he"/"she" and reads as
   the same disposition goes on with the claim before; "Also they…" at a new paragraph does not ("they" is the
   staff, a new subject).
4. The introduction: weak groups that open the letter before its first confident claim and mostly say who
   writes, from where and for how long ("I am at FCI Pekin… I want to tell you my problems") join that claim
   when they read as its disposition, and are otherwise set aside as "introduction" (never a group with a
   reading of its own, and never the claim an "Also" follows). Before a list ("First, …", "1. …") the weak text
   that opens the letter introduces the list, unless it reads as a claim (its procedural history does not).
5. The sentence model: a proposed argument none of whose sentences reads like part of a claim to a model learned
   from letters whose claims are marked (`model.SentenceModel`: each sentence read alone, then beside the
   sentences before and after it in its paragraph), and in which the engine reads no claim confidently, is set
   aside as "unlike_a_claim". The patterns above catch what someone wrote a pattern for; real
   letters hold many more remarks ("I tried to call your office twice…"), and a pattern learned from one letter's
   phrasing rarely recurs.

`classify` is used as a black box: its disposition, ground, confidence and evidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

# `rules_reading` is the rules' reading alone: the thresholds below were tuned on it (the learned model reads
# whole arguments). `read_argument` is the whole engine's reading of a proposed argument, as triage will read it.
from .classifier import Assessment, rules_reading
from .classifier import classify as read_argument
from .model import SentenceModel, load_sentence_model

# The sentence model (`model.SentenceModel`; `python -m analysis train` writes it from `training_letters`).
SENTENCE_MODEL = Path(__file__).resolve().parents[1] / "rules" / "sentences-2026.12.07.9.json.gz"

# A sentence carries a claim of its own when classify is at least this confident and points at evidence.
_SIGNAL = 0.3
# A greeting or sign-off is kept as a claim when classify reads a claim in it this confidently.
_KEEP = 0.5
# A connective makes a claim of text the engine cannot read only when it has at least this many words.
_MIN_WORDS = 6
# A paragraph the engine cannot read is taken as a claim of its own from this many words.
_UNREAD_WORDS = 12
# Two paragraphs whose readings agree but are both below this confidence are not thereby one claim.
_WEAK_BLOCK = 0.75
# Inside a paragraph, a sentence with no connective starts a new argument only when both it and the argument
# before it are this confident and their dispositions differ.
_STRONG = 0.75
# A proposed argument is set aside when none of its sentences is at least this likely part of a claim, read among
# its neighbours by the sentence model, and the engine reads no claim in it (`_read_as_a_claim`). Chosen by leaving
# one training letters file out at a time (the model retrained without it): 281 of 407 letters split into the right
# number, against 241 with the sentence read alone (at 0.1), and 2 more of 1,031 claims lost; 0.5 gets 273 right,
# 0.7 283 and loses 3 more claims.
_LIKE_A_CLAIM = 0.6
# ...unless the engine reads a claim in it (`_read_as_a_claim`): at `_STRONG`, or at this confidence with a rule's
# evidence. Chosen the same way on 2026-12-08: 297 of 407 letters split into the right number and 274 with every
# disposition right, against 290 and 267 at `_KEEP` (0.5), and no claim lost; 0.6 gets 296 and 273, 0.7 298 and 275
# (but "Hello my name is Joe … I have COPD on oxygen every night" reads 0.70 and must stay). Dropping the evidence
# path (every reading below 0.8 set aside but a collateral attack's) got 305 and 282 and lost that sentence.
_EVIDENCE_READ = 0.65

REASONS = {
    "greeting": "greeting or introduction",
    "sign_off": "sign-off, name or register number",
    "background": "background: procedural history or the story of the case",
    "no_claim": "no claim found in it",
    "introduction": "introduction: who writes and the case so far, before the first claim",
    "list_heading": "heading of the list below it, not a claim",
    "staff_note": "staff note: a task or a view for the team, not a claim",
    "question": "a question to the office about how to proceed, not a claim",
    "release_plan": "release plan: where the client would live or work (for the motion, not a claim)",
    "unlike_a_claim": "reads like background or a remark, not a claim (learned from letters)",
}

# Words that end in a full stop without ending a sentence (the token before the stop, lower-cased).
# Districts and states in a citation or a staff note ("(S.D. Ill.)", "E.D. Va."); a state before a capital may
# end a sentence, so the states are also ambiguous.
_STATES = frozenset(
    "ala ariz ark cal colo conn del fla ga ill ind kan ky la mass md mich minn miss mo mont neb nev okla ore pa "
    "tenn tex va vt wash wis wyo".split()
)
_DISTRICTS = frozenset("n.d s.d e.d w.d m.d c.d d.d.c".split()) | _STATES
_ABBREVIATIONS = (
    frozenset(
        "u.s v vs no nos mr mrs ms dr st cir f supp e.g i.e jr sr sec inc co etc approx fed r crim p app d.c n "
        "jan feb mar apr jun jul aug sep sept oct nov dec reg u.s.c c.f.r ussg am pm a.m p.m b.o.p pg pp para "
        "ct corp dept gov atty esq p.s ps cl cr".split()
    )
    | _DISTRICTS
)
# Abbreviations that are also words ending a sentence ("… per CL. Also, …"): a stop before a capital ends it.
_AMBIGUOUS = frozenset("cl cr co no st app sec inc etc am pm".split()) | _STATES
_LOOKBACK = 12  # longest token checked against the abbreviations: bounded, so the scan stays linear
_CLOSERS = "\"')]\u2019\u201d"

_TERMINAL = re.compile(r"[.!?]+")
# A list item run into the paragraph after a full stop: "… kidneys declining. 2) Insulin gaps …"
_INLINE_ITEM = re.compile(
    r"(?:\(?\d{1,2}\)|(?:claim|ground|issue|point|reason|argument) ?(?:\d{1,2}|one|two|three|four)\b ?[:.)/-]?)\s",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"(?:[a-z]\.){1,4}[a-z]")
# List markers at the start of a line: "1.", "2)", "(3)", "a)", "(B)", "-", "*", "•", "#4" (group 1: a list
# number), and "a." or "B." (group 2: a list letter, an item only in a run of them: "D. Harris" is a name).
_LIST_MARKER = re.compile(
    r"[ \t]*(?:\(?(\d{1,2})[.)]|\([a-hA-H]\)|[a-hA-H]\)|([a-hA-H])\.|[-*\u2022\u00b7\u25aa\u2013\u2014]|#\d{1,2})[ \t]"
)
# A line that holds only a list marker, the item on the lines after it: "One.", "Two:", "3)", "#2", "b." (a
# hand-copied list numbers its items this way).
_MARKER_LINE = re.compile(
    # (a bare number needs its stop or a "#": "2" alone on a line is a page number of a pasted PDF)
    r"[ \t]*(?:(?:(?:number|no\.) ?)?(?:one|two|three|four|five|six)[ \t]*[.):-]?|(?:(?:number|no\.) ?)?\d{1,2}[.):]|"
    r"#\d{1,2}|[a-h][.)]|\([a-h1-9]\))[ \t]*",
    re.IGNORECASE,
)
# The connectives, once: the words that add a claim, whether they open a sentence (`_STRONG_CUE`, `_WEAK_CUE`)
# or stand inside a run-on one (`_INNER_CUE`).
_MORE = r"another (?:thing|reason|issue|problem)|one more thing|the other thing|(?:first|second|third|next|last) thing"
_ON_TOP = r"on top of (?:that|all that|this)"
_ORDINAL = r"second|third|fourth|fifth|last"
_ALSO = r"also|plus|additionally"
_STRONG_CUE = re.compile(
    rf"(?:and )?(?:{_MORE}|{_ON_TOP}|on top of everything|(?:{_ORDINAL})ly|finally|"
    rf"(?:first|{_ORDINAL})(?= ?[,:.-]| of all| but not least)|p\.? ?s\b|"
    # an ordinal run into its clause, as people write a list in one breath: "first they…", "second my lawyer…"
    rf"(?:first|{_ORDINAL})(?= (?:i|i'm|im|my|they|the|is|he|she|we|it|there|when|because)\b)|"
    r"my (?:first|second|third|next|other|last) (?:reason|issue|claim|ground|argument|point)|"
    r"the (?:first|second|third|next|last) (?:thing|reason|issue|problem|ground|point)|"
    # relief asked in the alternative is another request: "If the judge won't let him out, could he at least…"
    # (only the court: "if they don't treat me I will die" goes on with the medical claim)
    r"in the alternative|alternatively|separately|independently(?= of [^,.]{1,40},)|if (?:the )?(?:judge|court) (?:won't|wont|will not|can't|cant|cannot|"
    r"doesn't|does not|denies|says no))\b",
    re.IGNORECASE,
)
_WEAK_CUE = re.compile(
    rf"(?:and )?(?:{_ALSO}|in addition|besides(?: that| this)?|furthermore|moreover|next(?= ?[,:])|"
    r"apart from (?:that|this)|aside from (?:that|this)|"
    r"i (?:also|would also|'d also|want to also|also want)|another (?:matter|concern|question|request|point)|"
    # a relative's letter naming him: "Jeremy also has bipolar disorder…" (a capitalised name only: "the cancer
    # also has spread" and "It also has spread" go on with their claim)
    r"(?-i:(?!(?:It|He|She|They|This|That|There|We|Mine|His|Hers)\b)[A-Z][a-z]+) also (?:has|had|suffers|needs|is|was)\b|"
    r"(?:he|she|cl|client|the client) (?:is|was) (?:also|further) (?:asking|requesting|raising|claiming|complaining|"
    r"seeking|saying|arguing)|"
    r"(?:he|she|they|cl|client|the client) (?:also|further|additionally) (?:asks?|reports?|complains?|says|states?|"
    r"mentions?|wants?|requests?|notes?|raises?|claims?|points? out|stresses|adds?|insists?|believes?|thinks?|"
    r"maintains?|argues?|contends?|alleges?|feels?|wonders?))\b",
    re.IGNORECASE,
)
# A connective in the middle of a run-on sentence, a ";" or an inline list marker ("2) "); where a connective
# word stands is checked in code (bounded look back).
_INNER_CUE = re.compile(
    rf"\b(?:and i also|and also|i also|{_ALSO}|{_ON_TOP}|(?:and )?another thing|in addition(?! to)|besides that)\b|"
    r";|(?<![\w(])\d{1,2}\)(?=\s)",
    re.IGNORECASE,
)
_CONTINUATION = re.compile(
    r"(?:and|but|so|because|cause|which|that|this|these|those|it|its|it's|they|them|their|she|he|her|his|him|"
    r"since|even|then|now|still|plus that|yet|or|if|when|while|also she|also he)\b",
    re.IGNORECASE,
)
# Openings of a phrase that leads into the main clause rather than making a claim of its own.
_DEPENDENT = re.compile(
    r"(?:with|besides|because|since|along with|in addition to|on top of|apart from|as well as|given|after|"
    r"although|though|while|when|if|add to|supplement to|in support of)\b",
    re.IGNORECASE,
)
_PERSON = re.compile(r"(?:he|she|his|her|him)\b", re.IGNORECASE)
_THIRD_PERSON = re.compile(
    r"(?:he|she|his|her|him|(?:the )?client(?:'s)?|cl|mr|ms|mrs|(?:my|our) (?:son|husband|brother|father|dad|"
    r"grandfather|grandson|nephew|uncle|cousin|daughter|wife|sister|mother|mom|partner|fianc[eé]e?|boyfriend|"
    r"girlfriend))\b",
    re.IGNORECASE,
)
# Whom a memo's sentences are about: the client, never "my son" (a relative's own letter, where "I think the prison
# is letting him die" is part of the claim)
_MEMO_SUBJECT = re.compile(r"(?:he|she|his|her|(?:the )?client(?:'s)?|cl|mr|ms|mrs)\b", re.IGNORECASE)
# A relative writing about the client ("my son", "my husband"): not a memo, whatever its pronouns
_MY_RELATIVE = re.compile(
    r"\bmy (?:son|husband|brother|father|dad|grandson|nephew|uncle|cousin|daughter|wife|sister|mother|mom|partner|"
    r"fianc[eé]e?|boyfriend|girlfriend|grandfather|grandmother|loved one)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|my|me|myself)\b", re.IGNORECASE)
_HE_SHE = re.compile(r"(?:he|she|his|her|him|it|its|it's)\b", re.IGNORECASE)
_FIRST_OF_ALL = re.compile(r"(?:(?:the|my) )?first(?: of all| off)?\b", re.IGNORECASE)
_BARE_AND = re.compile(r"and\b", re.IGNORECASE)
_PRONOUN = re.compile(r"(?:it|its|it's|she|he|her|his|they|their|this|that|these|those)\b", re.IGNORECASE)
_GREETING = re.compile(
    r"(?:dear\b|to whom it may concern|to who ?ever\b|to (?:the|my) [\w .]{1,30}:$|your hono(?:u)?r\b[,.:!]*$|hello\b|hi\b|hey\b|greetings\b|"
    r"good (?:morning|afternoon|day|evening)\b|re:|subject:|from:|sent:|date:|to:|cc:|bcc:|my name is\b|(?:i am|i'm|im) writ(?:e)?ing(?! because)\b|"
    r"i write (?:to|you|this)\b|(?:these|here) are (?:my|the) (?:reasons|issues|grounds|claims|arguments)\b|this letter is\b|i hope this (?:letter )?finds?\b|"
    r"i hope (?:you are|you're|your) (?:doing )?well|i am reaching out\b|i'm reaching out\b|"
    r"please help me\b|i need your help\b|i am asking for your help\b|i pray this\b|"
    # a salutation by first name on a line of its own: "Ray,"
    r"(?!(?:thanks|thank|sincerely|regards|respectfully|best|cheers|love|yours|peace|blessings|cordially)\b)"
    r"(?-i:[A-Z][a-z]+(?: [A-Z][a-z]+)?),$|"
    # a memo's salutation: "Counsel —", "Team,"
    r"(?:counsel|team|all|colleagues|folks)\s*[,:\u2014\u2013-]*$|"
    # an addressee line without a comma or colon: "To Legal Aid", "To the Federal Defender"
    r"to (?:the |my )?[a-z][\w .'&-]{0,30}[,:]?$|"
    # "to the lawyer -- L. Brown, 14 Cr. 509, out date 2036": the addressee, and who writes about which case
    r"to (?:the |my |a )?(?:lawyers?|attorneys?|legal aid|public defenders?|federal defenders?|defenders?|court|judge|"
    r"clerk) ?(?:--|\u2014|\u2013|-|,|:)[^!?]{0,60}$|"
    # a forwarded e-mail's own line: "On Mon, Jan 10, 2022 at 7:42 PM Tanya wrote:", "Begin forwarded message:"
    r"on [^.!?]{4,60}\bwrote:$|begin forwarded message|-{2,} ?(?:forwarded|original) message|"
    # …with the office's town: "To the Federal Defender office Greeneville Tennessee"
    r"to (?:the |my )?[a-z][\w .'&-]{0,40}\b(?:office|defenders?|aid|clinic|project|program|society|center)\b"
    r"[\w .,'&-]{0,40}$)",
    re.IGNORECASE,
)
# A line that only greets: "Dear Judge,", "Your Honor:", "Hello Ms. Ruiz".
_SALUTATION = re.compile(
    r"(?:dear|to whom it may concern|hello|hi|hey|greetings|good (?:morning|afternoon|day|evening)|"
    r"(?:to )?your hono(?:u)?r)\b[\w .'-]{0,40}[,:!]?",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"(?:thank(?:s| you)\b|(?:yours )?sincerely|respectfully|stay blessed|god bless|best regards|regards|yours (?:truly|faithfully)|"
    r"signed|i remain|with respect|i hope (?:to hear|you can help|you will help|you can)|"
    r"please (?:write|respond|get back|let me know)|i look forward|may god|have a (?:good|blessed|nice)|"
    r"take care\b|bless you|peace\b|respectfully submitted|hope to hear|(?:very )?truly yours|cordially|"
    r"(?:kind|warm|warmest|best) regards|i(?: would|'d| will) (?:be (?:very |most )?grateful|appreciate)|"
    r"(?:please )?(?:contact|call|reach) me\b|feel free to (?:contact|call|write)|"
    # a relative's close: "We are praying someone can help him.", "I can be reached at the number below"
    r"(?:we|i) (?:are|am|'re|'m) praying\b|(?:i|we) can be reached\b|my (?:phone )?number is\b|"
    # an e-mail's signature delimiter: "-- K. Brandt"
    r"--+ ?[A-Z])",
    re.IGNORECASE,
)
# Procedural history and the story of the case: what already happened, not a reason for relief.
# Procedural history, found anywhere in a sentence: what already happened, not a reason for relief.
_HISTORY = re.compile(
    r"(?:(?:i|we) (?:already )?(?:filed|put in|sent|submitted) (?:a|my|the|an) (?:2255|§ ?2255|motion|appeal|"
    r"compassionate|request|habeas|petition)|"
    r"\b2255\b[^.]{0,60}\b(?:denied|dismissed|was denied|got denied|lost)|"
    r"(?:appeal|petition|motion|request|2255|cert)[^.]{0,40}\b(?:was|got|were) (?:denied|dismissed|affirmed|"
    r"turned down|rejected)|"
    r"\blost (?:my |the |a |one |his |her )?(?:direct )?(?:appeal|2255|§ ?2255|motion|habeas)|"
    # what was never filed, or is long over: "I did not appeal or file a 2255", "my 2255 is long over"
    r"\b(?:i|we) (?:did not|didn't|didnt|never|have not|haven't|havent) (?:(?:directly )?appeal(?:ed)?\b|"
    r"(?:file|filed|do|did|put in)(?: a| my| any| no)? (?:direct )?(?:appeal|2255|§ ?2255|habeas))|"
    r"(?:appeal|2255|habeas)s?\b[^.]{0,30}\b(?:are|is|were|was) (?:long |all )?(?:over|finished)\b|"
    r"\bno (?:direct )?(?:appeal|2255|§ ?2255|habeas)s? (?:is |was )?(?:pending|filed|on file|yet)\b|"
    r"\bno (?:prior|previous|earlier) (?:direct )?(?:appeal|2255|§ ?2255|habeas)s?\b|"
    r"(?:denied|dismissed) (?:my|the|his|her) (?:§ ?)?(?:2255|appeal|motion|petition)|"
    r"(?:found|got|saw|seen|read about) (?:your|ur) (?:add?ress|name|name and add?ress|information|info|website|"
    r"office|number|flyer)|"
    r"\b(?:conviction|sentence|judgment|convictions)s? (?:was |were )?affirmed\b|\bcert(?:iorari)? (?:was )?denied\b|"
    # "CL already filed pro se motion for CR", "First CR motion (2019) denied; appeal affirmed", "Warden denied
    # request >30 days ago"
    r"\b(?:cl|client|he|she) (?:already )?(?:filed|put in|sent|submitted) (?:a |an |his |her |the )?(?:pro se )?"
    r"(?:2255|§ ?2255|motion|appeal|request|petition)\b|"
    r"\b(?:motion|petition|request)s?\b[^.;]{0,20}\b(?:denied|dismissed)\b|\bappeal (?:was )?affirmed\b|"
    r"\bwarden (?:denied|rejected) (?:my |his |her |the )?(?:cr |compassionate release )?request\b|"
    # "the court of appeals already affirmed it", "the 4th Circuit upheld my sentence"
    r"\b(?:court of appeals|appeals court|circuit)\b[^.;]{0,20}\b(?:affirmed|upheld)\b|"
    r"(?:found|heard (?:about|of)) (?:you|y'?all|yall) (?:through|from|at|on|in|online)\b|"
    r"(?:gave|told|sent|mailed|passed|handed|wrote) me (?:your|about your|this|the|y'?all'?s?|yall) "
    r"(?:add?ress|name|organization|program|office)|(?:told|wrote) me about (?:you|y'?all|yall)\b|"
    r"(?:my|the) (?:release|out) date is|my projected release|"
    # an earlier motion and how it ended: "First time (2020) was for covid and they said I didn't…", "Second
    # time they said no too."
    r"\b(?:first|second|third|last|other) time\b[^.]{0,60}\b(?:they|the (?:judge|court|warden)) (?:said|denied|"
    r"turned)\b|\bsaid no (?:too|again)\b|"
    # an intake note's "Out date 2029." / "PRD approx 6/2026": when the client gets out, a fact of the case
    r"^(?:(?:his|her|my|projected|proj\.?) )?(?:out ?date|prd|release date|full term date)\b[^a-z]{0,4}"
    r"(?:(?:is|of|approx\.?|about|around) )?(?:[a-z]+\.? )?(?:\d{1,2}/)?(?:19|20)\d\d\W*$|"
    r"(?:i |i already )?(?:asked|wrote|wrote to|sent a request to|put in a request (?:to|with)) the warden)",
    re.IGNORECASE,
)
# The story of the case, at the start of a sentence (after "In 2010," at most): "I was arrested…", "The police
# found…". Inside a sentence ("the drug table went down after I was sentenced") it is part of a claim.
_STORY_LEAD = re.compile(r"(?:(?:back )?in (?:19|20)\d\d,? |(?:years|a long time) ago,? )?", re.IGNORECASE)
_STORY = re.compile(
    r"(?:(?:i have|i've|ive|i been|i have been|i've been) (?:been )?(?:locked up|incarcerated|in prison|"
    r"down|in custody|in federal custody|in the feds)(?: for| since)|"
    r"(?:i|my (?:son|husband|brother|daughter|wife|father|dad)) (?:was|got) "
    r"(?:arrested|indicted|charged|convicted|found guilty|sentenced)\b|"
    # a relative's letter: "He was found guilty at trial in 2011" (not "he was convicted later", the abuser)
    r"(?:he|she) (?:was|got) (?:convicted|found guilty|sentenced)(?: at trial)?(?: in (?:19|20)\d\d| at trial)\b|"
    r"(?:(?:i|client|the client) )?(?:pled|pleaded|plead|took a plea|signed a plea)\b|"
    r"no (?:direct )?(?:appeal|2255)\b(?:[,;]? (?:and )?no (?:direct )?(?:appeal|2255)\b)?[.,;]|"
    r"(?:i|we) went to trial\b|(?:a|the) (?:jury|judge|court)\b[^.,]{0,30}\b(?:convicted|sentenced) "
    r"(?:me|him|her)\b|"
    # "Cedric got picked up in Florida in June 2010 on state charges"
    r"(?:[a-z]+ )?(?:was|got) picked up\b|"
    # the crime itself, told by the writer: "i robbed two banks with three other guys back in 2014"
    r"(?:i|we|he|she|me and \w+) (?:robbed|sold|stole|shot|was caught|got caught|got busted|was selling|were selling)\b|"
    r"(?:the police|the cops|the feds|agents|dea|atf|fbi) (?:found|came|raided|arrested|stopped|searched|"
    r"pulled)|"
    r"(?:my|the) (?:case|charge|crime|offense) (?:was|is|involved|happened|started)|"
    r"(?:my|the|his|her) (?:psr|presentence report|pre-sentence report) (?:labeled|called|scored|put|gave|said)\b|"
    # the administrative remedies already taken: "I already did the BP-9 and BP-10" (only opening a sentence: a
    # hard wrap can join it to the end of a claim)
    r"(?:i|we|he|she|cl|client) (?:already )?(?:did|filed|sent|put in|exhausted|went through) (?:the |my |his |her |"
    r"all (?:the |my |his |her )?)?(?:bp-? ?\d+|administrative remed(?:y|ies)|remedies|grievances?)\b|"
    r"(?:i|we|me and)\b)",
    re.IGNORECASE,
)


# Every branch of `_HISTORY` needs one of these words.
_HISTORY_WORDS = frozenset(
    "2255 motion appeal compassionate request habeas petition denied dismissed affirmed turned rejected lost "
    "your ur date prd projected warden appealed address adress told wrote found heard said upheld".split()
)
_WORD = re.compile(r"[a-z0-9]+")
_HISTORY_TURN = re.compile(r"\b(?:but|however|because|even though|although)\b", re.IGNORECASE)
# A story sentence that also says the judgment was wrong, or asks for something, is a claim after all.
_CLAIM_OVERRIDE = re.compile(
    r"(?:\bbut\b|\bhowever\b|even though|never should|should(?: not|n't|nt) have|wrong|unlawful|illegal|"
    r"innocent|didn't do|did not do|never did|didn't commit|did not commit|unconstitutional|\bineffective|"
    r"my lawyer|my attorney|counsel|lied|coerced|forced|misled|never told|didn't tell|did not tell|"
    r"if (?:i was|i were|i am) sentenced today|would not|wouldn't|no longer|because)",
    re.IGNORECASE,
)
# How much of the sentence is served: "Has served a little over half."
_SERVED = re.compile(
    r"\b(?:served|done|did) (?:(?:a little|just|about|almost|roughly|more than|over) )*(?:half|two[- ]thirds|"
    r"three[- ]quarters|\d{1,2} ?(?:%|percent))",
    re.IGNORECASE,
)
# Remorse said in passing: "I know what I did was wrong and I have paid back part of the restitution."
_REMORSE = re.compile(
    r"(?:and )?i know (?:that )?(?:what i did was wrong|i (?:did wrong|did something wrong|made (?:a |some |bad )?"
    r"(?:mistakes?|choices)|messed up))|i take (?:full )?responsibility\b",
    re.IGNORECASE,
)
# What the writer says is *not* claimed: "i dont have a issue with the plea", "CL did not raise disparity".
_DISCLAIMER = re.compile(
    r"\b(?:i|he|she|cl|client|we) (?:do|does|did|am|is|are)(?: not|n'?t|nt) (?:have (?:a|an|any) (?:issue|problem|"
    r"complaint)s? with|(?:want|wish|mean|plan|intend) to (?:challenge|contest|attack|dispute|raise|fight|argue)|"
    r"challenging|contesting|disputing|raise|raising|argue|arguing|claim|claiming)\b|"
    r"\bno (?:\w+ )?(?:medical|health) (?:issues|problems|conditions) (?:noted|reported|listed)\b",
    re.IGNORECASE,
)
# Who writes, from where, for how long and why: the sentences that open a letter before its first claim.
_INTRO = re.compile(
    r"\b(?:i am|i'm|im|i been|currently|housed|incarcerated|writing|write|inmate|prisoner) (?:[\w,]+ ){0,4}?"
    r"(?:at|in|from) (?:fci|usp|fmc|fpc|fcc|fdc|mdc|mcc)\b|\b\d{2,3}[ -]months?\b|"
    r"\b(?:got|serving|doing|given|sentenced to|sentence of|gave me) (?:a )?\d{1,3}[ -](?:years?|yrs|mos)\b|"
    r"\b(?:been|i've been|ive been|i have been) (?:down|locked up|incarcerated|in custody|in federal custody|"
    r"in (?:federal |state )?prison|here|in) (?:since|for)\b|\b(?:got|serving|doing|given) (?:a )?life\b|\b(?:i am|i'm|im) (?:a )?\d{2}\b|\b\d{2} years? old\b|"
    r"thank you for (?:what you do|taking the time|reading)|let me (?:start|explain|tell)|"
    r"i want to (?:explain|tell you)|tell you (?:my|about my|all my)\b|"
    r"\b(?:a few|several|some|two|three|four|\d|a lot of|lots of|many) (?:issues|things|problems|concerns|questions|reasons|grounds|requests)\b|"
    r"\bi write to (?:set out|summari[sz]e|outline|lay out|explain|describe)\b|\bas promised\b|"
    r"\bforwarding (?:below|this|the (?:note|message|letter|e-?mail))\b|\bforward (?:this|it) to (?:you|y'?all)\b|"
    r"\b(?:his|her|the|my) (?:message|letter|note) is below\b|\bsend this to (?:the|you|y'?all)\b|"
    # the case's facts in an intake note ("Jury trial, 4 drug counts."), and counsel appointed who went silent
    r"\b(?:jury|bench) trial,? (?:in )?(?:(?:19|20)\d\d|\d+ (?:[\w-]+ )?counts?)\b|\bconvicted at trial(?: in (?:19|20)\d\d)?\.|"
    r"\b(?:was|were|got) appointed to (?:help|represent) me\b|"
    r"\bi (?:have not|haven't|havent) heard (?:back )?from\b|"
    r"\b(?:i am|i'm|im) sorry (?:if|for) (?:this|my|the)\b|\bexcuse (?:me for )?my english\b|"
    r"\b(?:english|englis) is not my (?:first|native) language\b|\b(?:said|told me) (?:to )?(?:write|contact) (?:you|y'?all|yall|your office)\b|"
    r"\bi (?:represented|was retained|write on behalf|am writing on behalf|am writing at the request)\b|"
    r"\b(?:summari[sz]e|forward) (?:his|her|the|them)\b|\bmy name is\b|\bpeople call me\b|"
    r"\b(?:sentenced|convicted) (?:in )?(?:19|20)\d\d\b|\b(?:intake|case review|note to file|walk-in|summary|memo)\b|"
    r"\breceived (?:a|his|her) (?:packet|letter|call)\b|"
    r"\b(?:suggested|told me|said|asked me) (?:that )?(?:i (?:should )?|to (?:also )?)(?:write|contact|reach out)\b|"
    r"\b(?:i am|i'm|im) asking (?:you|y'?all|yall) to (?:look|help|review|consider|take)\b|"
    r"\b(?:want|need) (?:somebody|someone|you|y'?all|yall) to (?:look|help|review|check|go over)\b|"
    r"\bhere'?s what i (?:got|have)\b|\btold me (?:you|y'?all|yall) (?:might|could|can|would|may) help\b|"
    r"\b(?:court|judge) (?:has |already )?(?:told me no|said no|turned me down)\b|"
    r"\b(?:done|served|did) (?:a little |just |about |almost |more than |over )*half\b|"
    r"\bfollowing up\b|\b(?:our|the|my) client is (?:now )?\d{2}\b|\b(?:we|i) (?:intend|plan|expect) to file\b|"
    r"\b(?:done|served|did|been (?:in|down)) (?:(?:a bit |a little |just )?(?:about|almost|nearly|over|more than) )?(?:\d{1,2}|ten|twelve|"
    r"fifteen|twenty) (?:years?|yrs)\b|"
    r"\b(?:my|this is my) (?:second|third|fourth|fifth|\d(?:nd|rd|th)) (?:motion|request|try|time)\b|"
    r"\bfirst (?:time|offense)\b|\breach(?:ing)? out\b|\bforgive me\b|\b(?:your|ur) (?:flyer|add?ress|info)\b|"
    # an intake note's header: who called, from where, when the client gets out, what the list is
    r"\b(?:called|calling|caller|call) (?:from|is)\b|\bphone (?:intake|call)\b|\b(?:new )?referral\b|"
    r"\b\d(?:st|nd|rd|th) (?:cr |compassionate release |§ ?2255 |2255 )?(?:motion|request|petition|try)\b|\b\d{1,3} ?yr\b|"
    r"\b(?:bkgd|background|referred by|procedural history)\s*[:\u2014-]|\b(?:sentence|status)\s*:|"
    r"\b(?:screening|case|hotline|file) (?:note|log)\b|\bdraft (?:paragraph|section|motion)\b|"
    r"\bhere'?s my situation\b|\bmy (?:second|third|fourth|fifth) time (?:trying|asking|filing)\b|"
    r"\b(?:i|we) (?:respectfully )?write to ask\b|\b(?:i'm|im|i am) writing because\b|"
    r"\b(?:projected )?release(?: date)?(?: is)? (?:in )?(?:[a-z]+ )?(?:19|20)\d\d\b|"
    r"\b(?:out ?date|prd|release date|full term date)\b(?: is| of| approx\.?)? (?:[a-z]+\.? )?(?:\d{1,2}/)?(?:19|20)\d\d\b|"
    # the case in an intake header's shorthand: "FCI Herlong. Drug case, ~8 yrs", "80% done"
    r"\b(?:fci|usp|fmc|fpc|fcc|mdc|mcc) [A-Z]|\b\d{1,3} ?(?:yrs|mos)\b|\b\d{1,3} ?(?:%|percent) (?:done|served|of (?:my|his|her) (?:time|sentence))\b|"
    r"\b(?:so |that'?s why )?(?:i'm|i am|im) writing (?:to )?(?:you|y'?all|your office)\b|"
    r"(?:'s|\bhis|\bher|\bmy) (?:points|reasons|grounds|issues|claims)\s*:|"
    r"\b(?:pressing|raises?|raising|gives?|giving|has|lists?|listing) (?:\w+ )?(?:reasons|grounds|issues|points)\b",
    re.IGNORECASE,
)
# A task staff write into an intake note ("To do: request medical records", "Will send the warden request form
# today", "No exhaustion yet on the family ground"): the team's next step, not the client's claim.
_STAFF_NOTE = re.compile(
    r"(?:to ?do|follow[- ]?up|next steps?|action items?|actions?|tasks?|exhaustion)\s*[:\u2014-]|"
    # what staff did or will do: "Follow up Tuesday.", "Sent intake packet.", "Told CL we'd review and write
    # back.", "I can draft the warden request this week", "Callback requested.", "Let me know if you want me to…"
    r"follow[- ]?up (?:on )?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|follow[- ]?up (?:next week|tomorrow)\b|"
    r"(?:sent|mailed|gave) (?:him |her |cl |client )?(?:the |an? )?(?:intake |our )?(?:packet|forms?)\b|"
    r"told (?:cl|client|him|her|them) (?:we|we'd|we would|we will|we'll)\b|"
    r"(?:i|we) (?:can|could|will|'ll) (?:send|mail|file) (?:the|a|his|her)\b|"
    r"call ?back (?:requested|needed|scheduled)\b|let me know if (?:you|we)\b|"
    r"documents? (?:promised|requested|to follow|pending|outstanding)\b|"
    # a request to a colleague or a remark for the file: "Can someone pull the records before we draft?",
    # "Please calendar…", "A needs to go to the 2255 team", "Note that he identifies no other circumstance"
    # (someone pulling or sending is `_STAFF_TASK`'s, whatever the engine reads)
    r"(?:can|could) (?:you|we) (?:please )?(?:pull|get|request|check|order|send|calendar|schedule|look)\b|"
    r"(?:can|could) (?:someone|somebody) (?:please )?look\b|please (?:calendar|pull|request|check|send|schedule|flag|route|forward|confirm)\b|"
    r"(?:[\w-]+ ){0,3}(?:needs? to|should) go to (?:the )?[\w§ -]{0,24}team\b|note that\b|check whether\b|"
    r"[^.]{0,60}\blet'?s (?:discuss|talk|meet)\b|"
    # "Will send…", "JP needs to call…"; with "I" only a document or a call is the team's ("I need to request a
    # transfer to a medical center" is the client's own request)
    r"(?!i )(?:\w+ )?(?:need to|needs to|will|must|should) (?:send|mail|request|obtain|order|pull|check|call|"
    r"schedule|draft|prepare|follow up)\b|"
    r"i (?:need to|will|must|should|'ll) (?:send|mail|request|obtain|order|pull) (?:the |a |his |her |client's )?"
    r"(?:medical |bop |prison )?(?:records?|forms?|packet|psr|judgment|docket)\b|"
    r"i (?:will|'ll|need to) (?:call|check|follow up)\b|no exhaustion yet\b|"
    r"(?:send|mail|request|order|pull|obtain) (?:the |a |his |her |client's )?(?:medical |bop |prison )?"
    r"(?:records?|forms?|packet|psr|judgment|docket)\b|"
    # an intake note's next steps and what the caller was told: "Plan: ask CL for…", "calendar 2255 deadline",
    # "Need mother's med records + confirm no other caregiver", "Advised we would pull the docket"
    r"plan\s*[:\u2014-]\s*(?:ask|get|pull|request|send|call|obtain|check|confirm|draft|file|review)\b|"
    r"ask (?:the )?(?:cl|client|caller|family|mother|wife|sister|brother|daughter|son) (?:for|to send|to get|about|"
    r"whether|if)\b|calendar (?:the |his |her |a )?(?:[\w§-]+ )?(?:deadline|date|hearing)\b|"
    r"confirm (?:no|whether|that|if|with|there)\b|advised\s*:|advised (?:we|him|her|cl|client|caller|them|that)\b|"
    r"f/u\s*[:\u2014-]|remind (?:cl|client|caller|him|her|them) to\b|"
    # remarks for the file: "Notes: …", "Staff to call CL re: exhaustion docs.", "Reply due.", "Gov't resp filed
    # 1/13.", "Check 8th Cir. law on…", "Get updated BOP disciplinary printout.", "Happy to send the PSR…", "For
    # completeness: …", "The ask: …"
    r"(?:other |intake )?notes\s*:|needs?\s*:|staff to \w+|[^.]{0,80}(?:--|\u2014|-) ?not a (?:ground|claim)\b|"
    r"reply (?:is )?due\b|(?:gov'?t|government)(?:'s)? (?:resp(?:onse)?|opp(?:osition)?|reply) "
    r"(?:was |is )?(?:filed|due)\b|check (?:[\w.]+ ){0,3}(?:law|case law|cases|precedent|docket|status)\b|"
    r"(?:get|request|pull|order|obtain) (?:the |an? |his |her |cl'?s |client'?s )?(?:[\w-]+ ){0,3}(?:report|printout|"
    r"transcripts?)\b|(?:i am|i'm|we are|we're)? ?happy to (?:send|provide|forward|share)\b|for completeness\s*[:,]|"
    r"(?:the|my|our) ask\s*:|"
    # counsel's view of the grounds for the team, not a ground: "I recommend taking the case on ground 1",
    # "Recommendation: decline…", "My thoughts: …", "Find out if an OIG finding exists"
    r"(?:my |our )?recommendation\s*[:\u2014-]|(?:i|we) (?:would )?recommend\b|"
    r"(?:my|our) (?:thoughts|view|take|assessment)\s*[:\u2014-]|find out (?:if|whether)\b",
    re.IGNORECASE,
)
# The team's own next step, whatever the engine reads in it ("I can draft the warden request if someone can pull
# his BOP medical records": the records are not a medical claim).
_STAFF_TASK = re.compile(
    # (not "request", "order" or "send": "I need to request a transfer" is the client's request)
    r"(?:(?:i|we) (?:can|could|will|'ll|need to|should) (?:draft|prepare|pull|write up|calendar|schedule) "
    r"(?:the|a|an|his|her|their|client's)\b|(?:can|could) (?:someone|somebody) (?:please )?"
    r"(?:pull|get|request|check|order|send|calendar|schedule)\b|"
    r"(?:i|we) (?:need to|will|should|'ll|can) (?:request|order|obtain|send for) (?:the |his |her |client's )?"
    r"(?:bop |prison )?(?:medical )?(?:records?|file|psr|judgment|docket)\b|"
    r"please (?:assign|calendar|docket|conflict[- ]check|open a (?:file|case))\b|"
    # "Before we commit to (a) I need his BOP medical file…", "Need mother's med records": records to get
    r"(?:before we [^.;]{0,40}?,? )?(?:(?:i|we)(?: will| would|'ll)? )?need (?:the |his |her |cl'?s |client'?s |their |"
    r"[a-z]+'s )?(?:bop |prison |full |complete |current |court )*(?:med(?:ical)? )?(?:records?|file|chart|psr|docket)\b)",
    re.IGNORECASE,
)
# A list's heading that says what came before it was a claim too: "My other issues:", "Also:", "More:".
_OTHER_ISSUES = re.compile(r"\b(?:other|also|more|additional|further|remaining|rest of)\b", re.IGNORECASE)
# A heading over the case's facts in an intake note: "Case facts (from PSR summary sent by FPD):", "Background:".
_FACTS_HEADING = re.compile(
    # (only at the heading's start: "Medical history:" heads claims)
    r"(?:case facts|facts|background|bkgd|procedural history|case history|case summary)\b[^:]{0,60}:\s*$",
    re.IGNORECASE,
)
# A field of a typed intake form that records a fact of the case, not a claim ("Prior motions: CR denied 2022",
# "Warden request: Submitted, no answer after 30+ days", "Projected release (GCT): 04/08/2024").
_FORM_FIELD = re.compile(
    r"(?:facility|offense(?: ?/ ?sentence)?|sentence|prior motions?|warden request[^:\n]{0,30}|sentencing district|"
    r"district|projected release[^:\n]{0,20}|(?:client |cl )?name|staff initials|initials|taken by|entered by|administrative remed(?:y|ies)[^:\n]{0,20}|release date|"
    r"reg(?:ister)?\.? (?:no|number)\.?|case (?:no|number)\.?|dob|date of birth|contact|phone|relationship|language)"
    r"\s*\??\s*:",
    re.IGNORECASE,
)
# A field of an intake header: "Referred by: FPD", "Bkgd: jury trial 2016", "Sentence: 96 mo".
_FIELD = re.compile(r"[A-Z][\w./&-]*(?: [\w./&-]+){0,2}\s*:\s")
# A topic label at the head of a paragraph: one to three words, capitalised, then "." (a sentence of its own) or ":".
_TOPIC_LABEL = re.compile(r"([A-Z][\w'/&-]*(?: [\w'/&-]+){0,2}(?: \([\w /&-]{1,20}\))?)([.:])")
# Labels that head an intake note or an e-mail, not a topic.
_NOT_TOPICS = frozenset(
    "cl client note notes re subject to from cc date staff intake summary update ps p.s todo do fyi nb thanks hi "
    "hello dear sir madam team all background bkgd facts history plan step steps next referral referred quick "
    "sentence case status action actions caller procedural sent bcc "
    # a verb makes a sentence of it ("He is vaccinated.", "Please assign.")
    "is are was were am be been has have had do does did can will would should could need needs want wants "
    "assign call see".split()
)
_NOT_TOPIC_OPENERS = frozenset(
    "he she i we they it this that these those please thank thanks you yes no".split()
)
# The writer's own view or advice in a memo: "I told him…", "I think the first point is dead…", "Your call."
_STAFF_VIEW = re.compile(
    r"(?:for what it(?:'s| is) worth,? |frankly,? |candidly,? |honestly,? )?"
    r"(?:i (?:have )?(?:told|advised|explained to|warned) (?:him|her|them|cl|the client)|i (?:think|doubt|suspect|expect|would|'d) "
    r"(?:the|this|that|his|her|we|it)\b|(?:my|our) (?:\w+ )?(?:view|take|sense|read|impression|opinion|assessment)\b|your call\b|up to you\b|"
    r"i am aware (?:of|that)\b|i (?:would )?recommend (?:we|that|filing|the)\b|neither (?:of these|point|claim|one) is\b|"
    r"(?:i would|i'd) like (?:someone|somebody|you) to (?:pull|check|look|get|request|review)\b)",
    re.IGNORECASE,
)
# A question to the office about which filing to make, or a request for its advice: not a claim.
_PROCESS_QUESTION = re.compile(
    r"(?:^|\b)(?:can|could|should|may|do) (?:i|we|he|she|you) (?:still |even )?(?:do|file|use|bring|try|put in|go) "
    r"(?:with |for )?(?:a |an |the |my |his |her )?(?:§ ?)?(?:2241|2255|habeas|motion|petition|appeal|"
    r"compassionate release)\b[^.?!]{0,60}\?|\b(?:please|pls|plz) advise\b|"
    r"\bwants? to know (?:if|whether) (?:it'?s |it is )?worth (?:filing|it|trying)\b|"
    # "Do I need to go to the Central Office before I can file a 2241…?", "which court do I file it in"
    r"\b(?:do|does) (?:i|we|he|she) (?:need|have) to\b[^.?!]{0,80}\b(?:file|2241|2255|appeal|central office|"
    r"bp-?\d+)\b[^.?!]{0,80}\?|\bwhich court (?:do|should|would|can) (?:i|we|he|she) file\b|"
    # "If your clinic handles BOP grievances…, please let me know"
    r"\bif (?:your|you|y'?all) (?:clinic|office|project|program|team|panel)? ?(?:handles?|takes?|does|can take|can help with)\b|"
    # "please help me fill out what i need to send the judge"
    r"\bplease help me (?:to )?(?:fill out|fill in|file|do|write|with) (?:the |what |my |this |it\b)|"
    r"\bplease tell me (?:if|whether|what|who|how) (?:you|y'?all|your office|i|we)\b|"
    # a caller's question about the process: "Caller asks whether the court will hold a hearing", "CL asks
    # whether to file pro se or wait" (not "CL asks whether he can get credit for…", a claim)
    r"(?:\b(?:caller|cl|client|family|mother|wife|sister|brother) |^)(?:asks?|asked|wants? to know|wanted to know|"
    r"wonders?) (?:whether|if|how|when) (?:to (?:file|wait|appeal|proceed|go)|(?:he|she|they|we|i|the court|the "
    r"judge) (?:should|can|could|will|would|must|needs? to|has to|have to) (?:file|wait|appeal|go|hold|schedule|"
    r"proceed|hire|respond|answer|rule))\b|\blet (?:me|us) know (?:if|whether|which|what) "
    r"(?:you|y'?all|your office)\b",
    re.IGNORECASE,
)
# A question to the office about its help or the process, asked as a question: "How long does a 3582 motion take?",
# "Can you appoint me a lawyer…?", "Do I have to send it to the same judge?", "What does it cost…?" (not "Can the
# court fix the loss amount?", a claim asked as a question)
_OFFICE_QUESTION = re.compile(
    r"\b(?:how long (?:does|will|would|do)|how much (?:does|will|would|do)|what does it cost|do (?:i|we) (?:have|need) to|"
    r"does (?:he|she) (?:have|need) to|(?:can|could|will|would) (?:you|your office|y'?all)\b|who (?:should|do|can) (?:i|we) "
    r"(?:write|call|send|contact|ask)|is (?:this|it) (?:correct|ok|okay|right|better) to|should (?:i|we|he|she) (?:wait|file|"
    r"write|send)|(?:can|could) (?:i|we) (?:do it|write|file|go|send|still)|does that mean (?:i|he|she) can never|"
    r"please tell me (?:if|what|who|how|whether))\b[^?]*\?\s*$",
    re.IGNORECASE,
)
# A signature: a name of up to four words, each capitalised or an initial ("Q. Davis", "Mr. Hall").
_NAME_LINE = re.compile(r"[-\u2013\u2014~ ]*(?:[A-Z][a-zA-Z'’-]*\.?)(?: [A-Z][a-zA-Z'’-]*\.?){0,3}")
# Where the client would live and work: the release plan, which supports the motion and is not a claim. Only
# near the start of a sentence ("…and a release plan to live with her" closes a sentence about something else).
_PLAN_OPENING = 60
_RELEASE_PLAN = re.compile(
    r"\b(?:release plan|(?:can|could|will|would) (?:live|stay|move in) with|(?:can|could|will|would) "
    r"(?:house|take in) (?:him|her|me)|(?:a )?(?:job|room|bed|place to (?:live|stay)) (?:waiting|lined up|ready)|"
    # "I can go straight there", "CL would return there", "wants to go to his sister's on release"
    r"(?:i|he|she|cl|client) (?:can|could|will|would|wants? to|plans? to) (?:go|return|move|live)\b[^.;]{0,40}"
    r"\b(?:there|home|on release|when (?:i|he|she) (?:get|gets) out)|"
    r"(?:will|would|can|could) take (?:him|her|me) in|(?:is|are|be) waiting (?:on|for) (?:me|him|her)|"
    # "Sister will provide housing in Wichita", 'brother in Indianapolis "might" take him'
    r"(?:will|would|can|could) provide (?:housing|a (?:home|room|place to (?:live|stay)))|"
    r"\b(?:might|may|will|would|can|could)\W{1,3}take (?:him|her|me)(?=\W*$)|"
    r"(?:will|would|can|could) take (?:him|her|me) (?:if|when|once|on|after) (?:released|he is released|she is released|i am released|i get out|he gets out|she gets out)|"
    r"(?:they|she|he) (?:wait|waits|are waiting|is waiting) for (?:me|him|her))\b",
    re.IGNORECASE,
)
# A hand-copied paragraph (`_hand_copied`) has at least this many lines.
_HAND_LINES = 4
# How a sentence opens on a new line of a hand-copied letter.
_LINE_OPENER = re.compile(
    r"(?:(?:and|but|also|plus) )?(?:i|i'm|im|i've|ive|my|me|we|our|he|she|they|"
    rf"first|second|third|fourth|last|finally|another|also|plus|{_ON_TOP}|please|thank|thanks|sincerely|"
    r"respectfully|god|may god)\b",
    re.IGNORECASE,
)
# A header line that names the matter ("Re: Morales - § 2241", "to the lawyer -- L. Brown, 14 Cr. 509, out date 2036")
_HEADER = re.compile(
    r"(?:re|subject|from|to|cc|sent|date)\s*:|to (?:the |my )?(?:lawyer|attorney|legal aid|public defender|federal defender)\b",
    re.IGNORECASE,
)
_REGISTER = re.compile(r"\d{5}-\d{3}")
_LETTER_PAIR = re.compile(r"[A-Za-z]{2}")


@dataclass(frozen=True)
class ProposedArgument:
    """One proposed argument: its text and the (start, end) spans of the letter it is made of."""

    text: str
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class DroppedSentence:
    """A sentence of the letter that is not a claim, with the reason (a key of `REASONS`)."""

    text: str
    start: int
    end: int
    reason: str

    @property
    def reason_text(self) -> str:
        return REASONS[self.reason]


@dataclass(frozen=True)
class LetterSplit:
    arguments: tuple[ProposedArgument, ...]
    dropped: tuple[DroppedSentence, ...]


@dataclass
class _Unit:
    start: int
    end: int
    block: int  # index of the paragraph or hard-broken line the unit belongs to
    block_start: bool  # first unit of its block (among the units kept, once greetings etc. are dropped)
    cue: str | None = None  # "strong" | "weak" | None
    listed: bool = False  # it follows a list marker ("1.", "-") at the start of its line
    loose: bool = False  # a sentence of a hand-copied paragraph, found by its line (`_line_sentences`)
    after_blank: bool = False  # its paragraph follows a blank line (or opens the letter)
    # claim | continuation | greeting | sign_off | background | staff_note | release_plan
    kind: str = "continuation"
    label: tuple[str, str] | None = None
    confidence: float = 0.0


# --- Segmentation (linear) ----------------------------------------------------------------------------------


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(text: str) -> list[tuple[int, int]]:
    lines = []
    start = 0
    while True:
        newline = text.find("\n", start)
        if newline < 0:
            lines.append((start, len(text)))
            return lines
        lines.append((start, newline))
        start = newline + 1


def _list_letters(text: str, lines: list[tuple[int, int]]) -> set[str]:
    """The letters of the lines that open on "a." or "B." (lower-cased)."""
    return {
        found.group(2).lower()
        for start, end in lines
        if (found := _LIST_MARKER.match(text, start, end)) and found.group(2)
    }


def _list_marker(text: str, start: int, end: int, letters: set[str]) -> re.Match | None:
    """The list marker that opens the line, if any. A letter with a stop ("a.", "B.") is one only in a run: when the
    letter before it, or (for "a.") the one after it, opens another line too (`letters`)."""
    marker = _LIST_MARKER.match(text, start, end)
    if marker and marker.group(2):
        letter = marker.group(2).lower()
        if not (chr(ord(letter) - 1) in letters or (letter == "a" and "b" in letters)):
            return None
    return marker


def _blocks(text: str, lines: list[tuple[int, int]], letters: set[str]) -> list[tuple[int, int, bool]]:
    """Return (start, end, is_list_item) for each paragraph or hard-broken line, stripped (`lines`: the text's
    lines, stripped; `letters`: `_list_letters` of them).

    A blank line ends a paragraph. A single line break ends a block too, unless the text was hard-wrapped (a PDF,
    an e-mail: no line longer than 100 characters) and this line fills the width and stops mid-sentence, or the
    text is wrapped but for one line running long (a letter copied by hand).
    """
    # The width the text was wrapped at: its longest line, or the next one when a single line runs long
    longest = sorted((end - start for start, end in lines), reverse=True)[:2]
    width = longest[0] if longest[0] <= 100 or len(longest) < 2 else longest[1]
    wrap_at = 0.8 * width if width <= 100 else None
    if wrap_at is not None and _hand_copied(text, 0, len(text)):
        # Copied by hand with almost no stops: lines run shorter and longer; only a line well short of the width
        # ends a sentence by itself (`_line_sentences` finds the others by how the next line opens)
        wrap_at = 0.6 * width
    blocks: list[tuple[int, int, bool]] = []
    current: tuple[int, int, bool] | None = None
    last_item = 0  # the number of the last numbered list item
    after_marker = False  # the line before held only a list marker ("One."): this line opens the item
    for start, end in lines:
        if start == end:  # a blank line ends the paragraph
            if current:
                blocks.append(current)
            current = None
            continue
        if _MARKER_LINE.fullmatch(text, start, end):
            if current:
                blocks.append(current)
            current, after_marker = None, True
            continue
        marker = _list_marker(text, start, end, letters)
        last_line = current[1] - text.rfind("\n", 0, current[1]) - 1 if current is not None else 0
        fills = (
            current is not None
            and wrap_at is not None
            and text[current[1] - 1] not in ".!?:;" + _CLOSERS
            and last_line >= wrap_at
            # a salutation line ("Dear Judge,") is a line of its own, however short the letter's other lines
            and not (
                current[0] == text.rfind("\n", 0, current[1]) + 1
                and _SALUTATION.fullmatch(text, *current[:2])
            )
        )
        number = int(marker.group(1)) if marker and marker.group(1) else None
        if number is not None and fills and number not in (1, last_item + 1):
            # "…at the age of\n48. His sister…": a number the wrap put at the start of a line, not item 48
            marker = None
        is_item = marker is not None or after_marker
        after_marker = False
        if number is not None and is_item:
            last_item = number
        wrapped = fills and not is_item
        if wrapped:
            current = (current[0], end, current[2])
        else:
            if current:
                blocks.append(current)
            current = (start, end, is_item)
    if current:
        blocks.append(current)
    return blocks


def _token_before(text: str, index: int, floor: int) -> str:
    """The token that ends at `index`, lower-cased, or "" when longer than `_LOOKBACK` (never an abbreviation)."""
    start = index
    limit = max(floor, index - _LOOKBACK - 1)
    while start > limit and not text[start - 1].isspace():
        start -= 1
    if start == limit and start > floor and not text[start - 1].isspace():
        return ""
    return text[start:index].lower()


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end]: each stop is examined once, with bounded look back and ahead."""
    spans = []
    cursor = start
    for match in _TERMINAL.finditer(text, start, end):
        stop = match.end()
        while stop < end and text[stop] in _CLOSERS:
            stop += 1
        if stop < end and not text[stop].isspace():
            continue  # "3582(c)(1)(A).", "U.S.C.§": not followed by a space
        if match.group()[0] == ".":
            token = _token_before(text, match.start(), cursor)
            word = token.lstrip("(\"'")
            ambiguous = word in _AMBIGUOUS and stop + 1 < end and text[stop + 1].isupper()
            if (word in _ABBREVIATIONS and not ambiguous) or (len(word) == 1 and word.isalpha()):
                continue
            if _INITIALS.fullmatch(word):
                continue  # "D.N.J.", "E.D.N.Y.", "U.S.A.": initials, wherever the district
            if word.isdigit() and len(word) <= 2 and not text[cursor : match.start() - len(token)].strip():
                continue  # "2." opening a sentence is a list number
        spans.append((cursor, stop))
        cursor = stop
    spans.append((cursor, end))
    return [span for span in (_strip(text, s, e) for s, e in spans) if span[1] > span[0]]


def _hand_copied(text: str, start: int, end: int) -> bool:
    """A paragraph of several lines with almost no full stops: a letter copied by hand, wrapped at the width of
    the page, in which a line break is the only trace of where a sentence ended."""
    lines = text.count("\n", start, end) + 1 - text.count("\n\n", start, end)
    if lines < _HAND_LINES:
        return False
    stops = len(_TERMINAL.findall(text, start, end))
    if stops * 4 >= lines:
        # the stop of a line that holds only a list marker ("One.", "2.") ends no sentence
        stops -= sum(
            1
            for line_start, line_end in _lines(text[start:end])
            if _MARKER_LINE.fullmatch(text, start + line_start, start + line_end)
        )
    return 4 * stops < lines


def _line_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of a hand-copied paragraph: a line that opens as people open a sentence ("my lawyer…", "I have…",
    "and my appeal…", "thank you", a name with a register number) starts one; any other line goes on with the line
    before ("…the government made before / trial")."""
    spans: list[tuple[int, int]] = []
    line_start = start
    while line_start < end:
        newline = text.find("\n", line_start, end)
        line_end = end if newline < 0 else newline
        first, last = _strip(text, line_start, line_end)
        if first < last:
            opens = _LINE_OPENER.match(text, first, last) or _REGISTER.search(text, first, last)
            if spans and not opens:
                spans[-1] = (spans[-1][0], last)
            else:
                spans.append((first, last))
        line_start = line_end + 1
    return [span for start_, end_ in spans for span in _sentences(text, start_, end_)]


def _topic_label(text: str, start: int, end: int, block_end: int) -> bool:
    """A paragraph that opens with a topic label ("Vision. Independently of…", "Kidney disease: he has…")
    announces a claim of its own, as a list item does, even when the claim before it has the same ground."""
    label = _TOPIC_LABEL.match(text, start, end)
    words = label.group(1).lower().split() if label else ()
    if not words or not _NOT_TOPICS.isdisjoint(words) or words[0] in _NOT_TOPIC_OPENERS:
        return False
    followed = label.end() < block_end and text[label.end()].isspace()
    return followed and (label.group(2) == ":" or label.end() >= end)


def _inner_cut(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """Candidate cuts inside a run-on sentence: (left_end, right_start, index of the cue)."""
    cuts = []
    for match in _INNER_CUE.finditer(text, start, end):
        if match.start() == start:
            continue
        if match.group()[-1] == ")":
            # "(age 6) is": the ")" closes a parenthesis opened just before, not an inline list item "1) … 2) …"
            near = text[max(start, match.start() - _LOOKBACK) : match.start()]
            if near.rfind("(") > near.rfind(")"):
                continue
            cuts.append((match.start(), match.end(), match.start()))
            continue
        if match.group() == ";":
            cuts.append((match.start(), match.end(), match.start()))
            continue
        before = match.start()
        floor = max(start, before - _LOOKBACK)
        while before > floor and text[before - 1].isspace():
            before -= 1
        word = match.group().lower()
        joined = before > start and text[before - 1] in ",;"
        if word.startswith("and") or joined or word in ("i also", "another thing", "plus"):
            # "…, also my mother", "… and I also have", "… plus my lawyer": the cue belongs to the right part
            left_end = before - 1 if joined else before
            right = match.end()
            if word in ("i also", "and i also"):
                right = match.start() + (4 if word.startswith("and") else 0)
            cuts.append((left_end, right, match.start()))
    return cuts


def segment(text: str) -> list[_Unit]:
    """Every sentence of the letter as a unit, in order, with its block and connective."""
    units: list[_Unit] = []
    labelled: list[_Unit] = []  # paragraphs that open with a topic label
    previous_end = 0
    # a letter copied by hand throughout: its short paragraphs, too, have a sentence on each line that opens one
    whole_hand_copied = _hand_copied(text, 0, len(text))
    # the lines and their list letters, read once: a block's marker and a sentence's are checked against them
    lines = [_strip(text, start, end) for start, end in _lines(text)]
    letters = _list_letters(text, lines)
    for number, (b_start, b_end, is_item) in enumerate(_blocks(text, lines, letters)):
        first = True
        after_blank = number == 0 or text.count("\n", previous_end, b_start) >= 2
        previous_end = b_end
        hand_copied = (whole_hand_copied and "\n" in text[b_start:b_end]) or _hand_copied(
            text, b_start, b_end
        )
        for s_start, s_end in (_line_sentences if hand_copied else _sentences)(text, b_start, b_end):
            marker = _list_marker(text, s_start, s_end, letters) if first and is_item else None
            body = _strip(text, marker.end() if marker else s_start, s_end)
            if body[1] <= body[0]:
                continue
            # an item's first sentence, after its marker on the same line or on a line of its own
            unit = _Unit(
                body[0],
                body[1],
                number,
                first,
                listed=first and is_item,
                loose=hand_copied,
                after_blank=first and after_blank,
            )
            if first and not marker and _topic_label(text, body[0], body[1], b_end):
                labelled.append(unit)
            if (
                unit.listed
                or _STRONG_CUE.match(text, body[0], body[1])
                or _INLINE_ITEM.match(text, body[0], body[1])
            ):
                unit.cue = "strong"
            elif _WEAK_CUE.match(text, body[0], body[1]):
                unit.cue = "weak"
            units.append(unit)
            first = False
    if len(labelled) >= 2:  # a letter laid out under topic labels, as a list is: each label opens a claim
        for unit in labelled:
            unit.cue = "strong"
    return units


# --- Reading each sentence ------------------------------------------------------------------------------------


def _after_cue(text: str, start: int, end: int) -> int:
    """Where the words after a leading connective begin ("Also, it…" → "it…"); `start` when there is none."""
    cue = _STRONG_CUE.match(text, start, end) or _WEAK_CUE.match(text, start, end)
    if not cue:
        return start
    position = cue.end()
    while position < end and (text[position].isspace() or text[position] in ",:.-"):
        position += 1
    return position


@lru_cache(maxsize=4096)
def _reading(fragment: str) -> tuple[tuple[str, str] | None, float]:
    """The rules' reading of a fragment when it points at evidence with some confidence, else (None, 0.0).

    Letters repeat themselves (greetings, sign-offs, a pasted batch of letters); `split_letter` empties the
    cache when it starts, so a new rule pack is read at once."""
    if not _LETTER_PAIR.search(fragment):
        return None, 0.0  # "12345-678", "--": no words, nothing to read
    reading = rules_reading(fragment)
    if reading is not None and reading[1] >= _SIGNAL:
        return reading
    return None, 0.0


def _read(text: str, unit: _Unit) -> None:
    fragment = text[unit.start : unit.end]
    label, confidence = _reading(fragment)
    if label is not None:
        unit.label, unit.confidence = label, confidence
    # A weak reading does not turn a short greeting or sign-off into a claim; a strong one, or a long sentence,
    # does ("Hello, my name is Ann and I am 74 with cancer": no claim is lost). Background loses only to a
    # strong reading outside the collateral attacks: "I was sentenced in 2009 and my mother is now dying" is a
    # family claim, "my 2255 was denied" is history.
    weak = unit.label is None or unit.confidence < _STRONG
    after_cue = (
        text[_after_cue(text, unit.start, unit.end) : unit.end] if unit.cue else fragment
    )  # "P.S. Thanks"
    short_and_weak = unit.label is None or (unit.confidence < _KEEP and len(fragment.split()) <= 15)
    note = after_cue.lstrip("*#>! ")  # "** Need mother's med records…"
    if not _LETTER_PAIR.search(fragment) or (_REGISTER.search(fragment) and unit.label is None):
        unit.kind = "sign_off"
    elif (
        (weak or unit.label[0] == "collateral_attack")
        and (_is_background(fragment) or _DISCLAIMER.search(fragment))
    ) or (weak and len(fragment.split()) <= 22 and _REMORSE.match(fragment)):
        unit.kind = "background"
    elif (
        short_and_weak or (weak and len(fragment.split()) <= 12 and _HEADER.match(fragment))
    ) and _GREETING.match(after_cue):
        # an e-mail's header line ("Re: Morales - § 2241, FCI Herlong") names the matter, it does not argue it
        unit.kind = "greeting"
    elif (short_and_weak or (weak and len(fragment.split()) <= 8)) and _CLOSING.match(after_cue):
        # (a few words of a close may read fairly: "We are praying someone can help him.")
        unit.kind = "sign_off"
    elif (weak and _STAFF_NOTE.match(note)) or _STAFF_TASK.match(note):
        unit.kind = "staff_note"
    elif weak and _asks(after_cue):
        # "Can I do a 2241?", "If this is better handled by your habeas panel, please advise."
        unit.kind = "question"
    elif weak and _RELEASE_PLAN.search(after_cue[:_PLAN_OPENING]):
        # "My sister can house me…": it supports the motion, whichever claim it follows
        unit.kind = "release_plan"
    elif weak and _FORM_FIELD.match(fragment) and len(fragment.split()) <= 14:
        unit.kind = "background"  # "Prior motions: Compassionate release denied 2022"
    elif unit.listed and short_and_weak and _SERVED.search(fragment):
        # a bullet of an intake note that gives a fact of the case ("- Has served a little over half.")
        unit.kind = "background"
    elif unit.label is not None:
        unit.kind = "claim"


# Words one of `_PROCESS_QUESTION`'s branches needs: the pattern is searched only where one of them occurs.
_ASKING = ("?", "advise", "let me know", "let us know", "please tell", "ask", "to know", "wonder", "if your",
           "if you", "if y", "please help me", "which court")  # fmt: skip


def _asks(fragment: str) -> bool:
    """A question to the office about which filing to make or about its help (`_PROCESS_QUESTION`, or a question
    mark after `_OFFICE_QUESTION`'s words)."""
    low = fragment.lower()
    if not any(word in low for word in _ASKING):
        return False
    return bool(_PROCESS_QUESTION.search(fragment) or ("?" in low and _OFFICE_QUESTION.search(fragment)))


def _cuts_here(piece: _Unit, before: _Unit) -> bool:
    """A connective word inside a sentence cuts it when the part after reads as another claim; a bare ";" only
    between two confident readings of different dispositions ("…osteoarthritis; notes decline due to aging" is
    one claim)."""
    if piece.label == before.label or (before.label is not None and _neighbours(piece.label, before.label)):
        return False
    if piece.cue is not None:
        return True
    return (
        before.label is not None
        and piece.label[0] != before.label[0]
        and min(piece.confidence, before.confidence) >= _STRONG
    )


def _history(fragment: str) -> bool:
    """`_HISTORY` searched only in a sentence that has one of the words each of its branches needs (most have
    none, and the search tries every position)."""
    return not _HISTORY_WORDS.isdisjoint(_WORD.findall(fragment.lower())) and bool(_HISTORY.search(fragment))


def _is_background(fragment: str) -> bool:
    """Procedural history anywhere ("the court denied my 2255 where I said I was innocent" is history, not a
    claim) unless the sentence turns to something else ("but", "because"), or the story of the case at the start
    of a sentence unless it also says the judgment was wrong."""
    if _history(fragment):
        # "my appeal was denied because my lawyer missed the deadline" goes on to a claim of its own
        return not _HISTORY_TURN.search(fragment)
    lead = _STORY_LEAD.match(fragment)
    story = _STORY.match(fragment, lead.end())
    # A bare "I …" counts only after a year ("In 2009 I moved…"), not at the start of every sentence.
    told = bool(story) and (lead.end() > 0 or story.group().lower() not in ("i", "we", "me and"))
    return told and not _CLAIM_OVERRIDE.search(fragment)


def _split_run_on(text: str, unit: _Unit) -> list[_Unit]:
    """Cut a run-on sentence where a connective introduces a claim that reads differently from the part before.

    Each piece between connectives is read once (so the work stays linear); a piece that carries a claim of
    another reading than the part before it starts a new unit, any other piece stays with the part before.
    """
    cuts = _inner_cut(text, unit.start, unit.end)
    if not cuts:
        return [unit]
    pieces = []
    start, cue, block_start = unit.start, unit.cue, unit.block_start
    for left_end, right_start, cue_at in cuts:
        if left_end <= start:
            continue
        pieces.append(_Unit(*_strip(text, start, left_end), unit.block, block_start, cue))
        start, block_start = right_start, False
        if text[cue_at] == ";":
            cue = None
        elif text[cue_at].isdigit():
            cue = "strong"  # an inline list item
        else:
            cue = "strong" if _STRONG_CUE.match(text, cue_at, unit.end) else "weak"
    pieces.append(_Unit(*_strip(text, start, unit.end), unit.block, block_start, cue))
    pieces = [piece for piece in pieces if piece.end > piece.start]
    pieces[0].listed = unit.listed
    opening = _after_cue(text, pieces[0].start, pieces[0].end)
    bare_cue = _after_cue(text, pieces[0].start, unit.end) >= pieces[0].end
    if len(pieces) > 1 and (bare_cue or _DEPENDENT.match(text, opening, pieces[0].end)):
        # "With my dad's stroke…, I also want…": the opening phrase leads into the claim, it is not one; nor is
        # a bare connective ("Second, I also have…")
        pieces[1].start, pieces[1].cue, pieces[1].listed = pieces[0].start, pieces[0].cue, pieces[0].listed
        pieces = pieces[1:]
    for piece in pieces:
        _read(text, piece)
    result = [pieces[0]]
    for piece in pieces[1:]:
        current = result[-1]
        if piece.kind == "claim" and _cuts_here(piece, current):
            result.append(piece)
            continue
        current.end = piece.end  # not a claim of its own: the sentence goes on
        if piece.label is not None and piece.confidence > current.confidence:
            current.label, current.confidence = piece.label, piece.confidence
        if current.label is not None and current.kind != "background":
            current.kind = "claim"
    if len(result) == 1:
        return [unit]  # nothing cut: keep the reading of the whole sentence
    return result


def _staff_views(text: str, units: list[_Unit]) -> None:
    """In a memo that tells the client's claims in the third person ("He maintains…", "CL says…"), the writer's
    own view or advice in the first person ("I told him the first item is a § 2255 issue", "I think the first
    point is dead after Rutherford. Your call.") is a note for the team, not a claim."""
    # the subject, at the start or after a connective ("He also asks…", "First, he says…")
    said = [unit for unit in units if unit.kind in ("claim", "continuation")]
    subjects = [(unit.start, _after_cue(text, unit.start, unit.end), unit.end) for unit in said]
    told = sum(
        any(_MEMO_SUBJECT.match(text, at, end) for at in (start, rest)) for start, rest, end in subjects
    )
    # (the writer's own remarks do not make it a first-person letter)
    own = sum(
        any(_FIRST_PERSON.match(text, at, end) for at in (start, rest))
        and not _STAFF_VIEW.match(text, start, end)
        for start, rest, end in subjects
    )
    relative = any(_MY_RELATIVE.search(text, unit.start, unit.end) for unit in said)
    if told <= own or relative:
        return
    for unit in units:
        if unit.kind in ("claim", "continuation") and unit.confidence < _STRONG:
            if _STAFF_VIEW.match(text, unit.start, unit.end):
                unit.kind = "staff_note"


def _is_signature(text: str, unit: _Unit) -> bool:
    """A short line after the closing: a name, an institution, an address."""
    line = text[unit.start : unit.end]
    # a name reads as nothing, unless it is a case's name too ("Q. Davis")
    return len(line.split()) <= 8 and (unit.label is None or _NAME_LINE.fullmatch(line) is not None)


# --- Grouping -------------------------------------------------------------------------------------------------


@dataclass
class _Group:
    units: list[_Unit]
    label: tuple[str, str] | None = None
    confidence: float = 0.0
    fixed: bool = False  # the label is the reading of the whole paragraph it opened
    unread: bool = False  # a paragraph of its own the engine cannot read
    claim: bool = False  # decided once the groups are known

    strongest: _Unit | None = None  # its most confident sentence

    def add(self, unit: _Unit) -> None:
        self.units.append(unit)
        if unit.label is not None and (self.strongest is None or unit.confidence > self.strongest.confidence):
            self.strongest = unit
            if not self.fixed:
                self.label, self.confidence = unit.label, unit.confidence  # the strongest sentence names it


@dataclass
class _Block:
    label: tuple[str, str] | None = None
    confidence: float = 0.0
    words: int = 0
    head: list[_Unit] = field(default_factory=list)  # its sentences up to the first connective


def _block_readings(text: str, units: list[_Unit]) -> dict[int, _Block]:
    """Each block's reading up to its first connective, and the length in words of that part.

    One sentence: its own reading. Several: classify reads them together ("the water is not safe… guys getting
    stomach sick" is about conditions, though one sentence alone reads as medical). Each character is read once.
    """
    blocks: dict[int, _Block] = {}
    closed: set[int] = set()  # blocks whose head ended at a connective
    for unit in units:
        block = blocks.setdefault(unit.block, _Block())
        if unit.cue and not unit.block_start:
            closed.add(unit.block)
        elif unit.block not in closed:
            block.head.append(unit)
            block.words += len(text[unit.start : unit.end].split())
    for block in blocks.values():
        head = block.head
        labelled = [unit for unit in head if unit.label is not None]
        if len(labelled) == len(head) and len({unit.label for unit in labelled}) == 1:
            # every sentence reads the same: that is the paragraph's reading, no need to read it again
            best = max(labelled, key=lambda unit: unit.confidence)
            block.label, block.confidence = best.label, best.confidence
        elif labelled:
            label, confidence = _reading(" ".join(text[unit.start : unit.end] for unit in head))
            if label is not None:
                block.label, block.confidence = label, confidence
            else:
                best = max(labelled, key=lambda unit: unit.confidence)
                block.label, block.confidence = best.label, best.confidence
    return blocks


def _words(text: str, units: list[_Unit]) -> int:
    return sum(len(text[unit.start : unit.end].split()) for unit in units)


_HOME_CONFINEMENT = ("other_vehicle", "home_confinement")


def _neighbours(one: tuple[str, str], other: tuple[str, str]) -> bool:
    """Readings that one claim often gives sentence by sentence: a release ground and a BOP matter (the cancer and
    the care for it), an error then and "if sentenced today" (the same § 924(c) count), or rehabilitation offered
    beside another release ground. Not a release ground and home confinement: that is a request of its own, to
    another decision-maker, however it is joined to the claim before ("so could they at least send him home")."""
    pair = {one[0], other[0]}
    grounds = {one[1], other[1]}
    if pair == {"compassionate_release", "other_vehicle"}:
        return "home_confinement" not in grounds
    rehab = {"rehabilitation", "rehabilitation_alone"} & grounds
    return pair == {"collateral_attack", "foreclosed"} or bool(
        rehab and pair <= {"compassionate_release", "foreclosed"}
    )


def _turns(text: str, unit: _Unit, group: _Group) -> bool:
    """In a hand-copied paragraph, where the writer made no paragraphs, a sentence that opens a line and fairly
    reads another ground than the claim before (and does not go on with it) is the next claim: "…i am afraid it
    become active here / my mother in Ukraine has cancer she is alone…". Age beside medical is one claim."""
    # The claim's own sentences, not the whole paragraph's reading (the paragraph holds both claims)
    before = group.strongest.label if group.strongest is not None else None
    return (
        unit.label is not None
        and before is not None
        and unit.label != before
        # "If I was not a career offender… / my priors would not make me one today": the error then and "if
        # sentenced today" are often one claim told line by line (a release ground and a BOP request are not)
        and {unit.label[0], before[0]} != {"collateral_attack", "foreclosed"}
        # "so i never should of been a career offender / and my range was figured wrong": a line that opens with
        # "and" and reads as the same disposition adds to the claim
        and not (
            unit.label[0] == before[0]
            and "rehabilitation"
            not in (unit.label[1], before[1])  # rehabilitation beside a ground is a claim
            and _BARE_AND.match(text, unit.start, unit.end)
        )
        and {unit.label[1], before[1]} != {"age", "medical"}
        and unit.confidence >= _KEEP
        and len(text[unit.start : unit.end].split()) >= _MIN_WORDS + 2
        and not _continues(text, unit)
    )


def _unread(text: str, unit: _Unit, block: _Block) -> bool:
    """A paragraph of its own that the engine cannot read is more likely an unread claim than a follow-up, unless
    it reads as one ("And she…", "This is why…")."""
    return (
        block.label is None
        and block.words >= _UNREAD_WORDS
        and not _CONTINUATION.match(text, unit.start, unit.end)
        # nor a paragraph that says who the client is and where the case stands ("CL: Raul R.-P., FCI Danbury.
        # Long sentence, projected release 2025 per CL."), unless its history turns to a claim ("my appeal was
        # denied because my lawyer missed the deadline")
        and not (
            _tells_who(text, block.head)
            and not any(_HISTORY_TURN.search(text, u.start, u.end) for u in block.head)
        )
    )


def _tells(text: str, unit: _Unit) -> bool:
    """The sentence says who writes, from where, for how long and why (`_INTRO`), or what already happened."""
    return bool(_INTRO.search(text, unit.start, unit.end) or _history(text[unit.start : unit.end]))


def _tells_who(text: str, units: list[_Unit]) -> bool:
    """Most of `units` say who writes and why, or what already happened (`_tells`)."""
    return 2 * sum(_tells(text, unit) for unit in units) > len(units)


def _continues(text: str, unit: _Unit) -> bool:
    """The sentence reads as a follow-up of the one before: it opens with a pronoun or a linking word. A bare
    "And" before a new subject ("And my lawyer never filed the appeal") is not enough: it adds, it does not
    go on."""
    opener = _CONTINUATION.match(text, unit.start, unit.end)
    if opener is None:
        return False
    if opener.group().lower() != "and":
        return True
    rest = opener.end()
    while rest < unit.end and text[rest] in " ,":
        rest += 1
    return bool(_PRONOUN.match(text, rest, unit.end) or _CONTINUATION.match(text, rest, unit.end))


def _bare_label(text: str, unit: _Unit) -> bool:
    """A sentence that is only a topic label ("Eyesight.", "IAC (trial):")."""
    return (
        unit.cue == "strong" and len(text[unit.start : unit.end].split()) <= 3 and text[unit.end - 1] in ".:"
    )


def _about_them(text: str, group: _Group) -> bool:
    """The claim opened (its first sentence the engine reads) with "He"/"She", "Client…", "Mr. …" or "My
    husband…": a letter about someone else, in which "he" is that person throughout."""
    opening = next((unit for unit in group.units if unit.label is not None), group.units[0])
    return _THIRD_PERSON.match(text, opening.start, opening.end) is not None


def _starts_new(
    text: str, unit: _Unit, group: _Group | None, block: _Block, about_them: bool = False
) -> str | None:
    """Whether `unit` starts a new argument: "claim", "unread" (a paragraph the engine cannot read), or None."""
    if group is None:
        return "unread" if unit.block_start and _unread(text, unit, block) else "claim"
    if len(group.units) == 1 and _bare_label(text, group.units[0]):
        return None  # "Eyesight. Separately, glaucoma…": what follows a topic label is its claim
    if unit.cue == "strong":
        return "claim"
    if unit.cue == "weak":
        # "Also, it has spread to my bones" goes on with the same claim; "Also, my lawyer…" starts another. At
        # the head of a paragraph the paragraph's reading decides ("Also they took away the handicap shower…"
        # reads nothing in its first sentence, yet the paragraph is about conditions, not the claim before).
        rest = _after_cue(text, unit.start, unit.end)
        reading = block.label if unit.block_start and block.label is not None else unit.label
        same = reading is None or reading == group.label
        # Not "Also they…" at a new paragraph: "they" is the staff, a new subject ("they took away the shower")
        pronoun = (_HE_SHE if unit.block_start else _PRONOUN).match(text, rest, unit.end)
        return None if same and pronoun else "claim"
    if unit.block_start:
        if (
            group.units
            and group.units[0].listed
            and not unit.after_blank
            and (block.label is None or group.label is None or block.label[0] == group.label[0])
        ):
            # a line under a list item, with no marker of its own and no blank line before it, goes on with the
            # item ("Three. / COVID is spreading in Allenwood / we are stacked in dorms…")
            return None
        if block.label is None:
            return "unread" if _unread(text, unit, block) else None
        if group.label is None:
            # After an unread claim, a paragraph the engine reads is another one; after sentences that only say who
            # writes and why ("He got life… I found you through our church."), a paragraph that reads as a claim
            # opens it (the introduction is set aside below, not made part of the claim).
            opens = group.unread or (block.confidence >= _STRONG and _introduces(text, group))
            return "claim" if opens else None
        if block.label != group.label:
            # "He was convicted later… Since then I can not sleep": a paragraph that opens with a pronoun and
            # reads as the same disposition tells more of the claim before (abuse, then its after-effects). Not
            # "They": in a letter from prison "they" is the staff ("they amputated my foot"), a new subject.
            # But when the claim before opened with "He"/"She" too, the letter is about that person throughout (a
            # relative writing about a prisoner), and the pronoun says nothing about which claim goes on.
            goes_on = (
                _PERSON.match(text, unit.start, unit.end) is not None
                and group.label is not None
                and block.label[0] == group.label[0]
                and not (about_them or _about_them(text, group))
            )
            return None if goes_on else "claim"
        # Two weak readings that agree ("some collateral attack") say little: a substantial paragraph of its own
        # is then taken as another claim.
        weak = max(block.confidence, group.confidence) < _WEAK_BLOCK
        return (
            "claim"
            if weak and block.words >= _UNREAD_WORDS and not _CONTINUATION.match(text, unit.start, unit.end)
            else None
        )
    before = group.strongest
    if unit.loose and _turns(text, unit, group):
        return "claim"
    # "And my lawyer never filed the appeal": "And" before a new subject adds, so a fair reading suffices; so does
    # a home-confinement ask, whose opening ("He has ten months left, so…", "If the court says no…") says nothing
    adds = _BARE_AND.match(text, unit.start, unit.end) is not None and not _continues(text, unit)
    asks_home = unit.label == _HOME_CONFINEMENT
    strong_other = (
        unit.label is not None
        and before is not None
        and unit.label[0] != before.label[0]
        and not _neighbours(unit.label, before.label)
        and unit.confidence >= (_KEEP if adds or asks_home else _STRONG)
        and before.confidence >= _STRONG
        and len(text[unit.start : unit.end].split()) >= _MIN_WORDS + 2  # a short sentence is a follow-up
        and (asks_home or not _continues(text, unit))
    )
    return "claim" if strong_other else None


def _read_units(narrative: str, text: str) -> list[_Unit]:
    """Every sentence of the letter, read (`_read`), with the run-on ones cut: the units `split_letter` groups."""
    _reading.cache_clear()
    units: list[_Unit] = []
    for unit in segment(narrative):
        _read(text, unit)
        units.extend(_split_run_on(text, unit) if unit.kind in ("claim", "continuation") else [unit])
    return units


class LetterSentence(NamedTuple):
    start: int
    end: int
    reading: float  # the engine's confidence when it points at evidence in the sentence, else 0
    paragraph: int  # the paragraph (or hard-broken line) it belongs to


def letter_sentences(narrative: str) -> list[LetterSentence]:
    """Each sentence as `split_letter` reads it (what the sentence model learns from)."""
    return [
        LetterSentence(unit.start, unit.end, _reading_of(unit), unit.block)
        for unit in _read_units(narrative, narrative.replace("\n", " "))
    ]


def _reading_of(unit: _Unit) -> float:
    return unit.confidence if unit.label is not None else 0.0


def split_letter(
    narrative: str, *, sentences: SentenceModel | None = None, learned: bool = True
) -> LetterSplit:
    """Split a letter into proposed arguments, and list the sentences left out as not claims (with the reason).

    `sentences`: the sentence model (default: the shipped one, `SENTENCE_MODEL`); `learned=False` splits with the
    patterns alone (to measure what the sentence model adds)."""
    if not isinstance(narrative, str):
        raise TypeError(f"narrative must be a string, got {type(narrative).__name__}")
    # A browser posts a textarea with "\r\n": one line break, as in a pasted file (offsets refer to this text).
    narrative = narrative.replace("\r\n", "\n").replace("\r", "\n")
    # Sentences are read with their line breaks as spaces (same offsets): a hard wrap between "I did not" and
    # "appeal" must not hide the words from the patterns. The arguments keep the letter's own text.
    text = narrative.replace("\n", " ")
    units = _read_units(narrative, text)
    _staff_views(text, units)
    fact_bullet = None  # the block of a bullet set aside as a fact of the case, whose short rest follows it
    for before, unit in zip(units, units[1:], strict=False):
        if before.kind == "background" and before.listed:
            fact_bullet = before.block
        # "To do: pull plea agmt + sent. transcript; calendar 2255 deadline": a to-do line that an abbreviation's
        # stop cut goes on in lower case
        if (
            before.kind == "staff_note"
            and unit.block == before.block
            and unit.kind in ("claim", "continuation")
            and unit.confidence < _STRONG
            and text[unit.start].islower()
        ):
            unit.kind = "staff_note"
        elif (
            unit.block == fact_bullet
            and before.kind == "background"
            and unit.kind in ("claim", "continuation")
            and unit.label is None
            and len(text[unit.start : unit.end].split()) <= _MIN_WORDS + 2
        ):
            # the rest of a bullet of facts ("- Offenses 2002; sentenced 2003. Long sentence.")
            unit.kind = "background"
        elif (
            before.block_start
            and before.kind in ("claim", "continuation")
            and before.label is None
            and unit.block != before.block
            and unit.kind in ("sign_off", "greeting")
            and _NAME_LINE.fullmatch(text, before.start, before.end)
        ):
            # a name on a line of its own before "-----Original Message-----" or "From:"
            before.kind = "sign_off"
        elif (
            before.kind == "greeting"
            and unit.label is None
            and _NAME_LINE.fullmatch(text, unit.start, unit.end)
        ):
            # the addressee's town under the addressee ("To the Federal Defender / Knoxville TN")
            unit.kind = "greeting"
    last = units[-1] if units else None
    if (
        last is not None
        and last.block_start
        and last.label is None
        and _NAME_LINE.fullmatch(text, last.start, last.end)
    ):
        last.kind = "sign_off"  # a name on the letter's last line, with no closing before it ("Linda")

    dropped: list[_Unit] = []
    kept: list[_Unit] = []
    closed = False  # after "Sincerely" or "Thank you", short lines without a claim are the signature
    previous_block = None
    carried: _Unit | None = None  # a dropped sentence whose connective or greeting opens what follows
    renumbered: dict[int, int] = {}
    for unit in units:
        if unit.kind == "sign_off":
            # the letter closes after what it says; a register number heading an intake note closes nothing
            closed = closed or bool(kept)
        elif unit.kind == "greeting" and unit.block_start:
            # a greeting or a header after the close opens another letter (a forwarded message)
            closed = False
        elif closed and unit.cue is None and _is_signature(text, unit):
            unit.kind = "sign_off"
        if unit.kind in ("greeting", "sign_off", "background", "staff_note", "question", "release_plan"):
            dropped.append(unit)
            if unit.cue or (unit.kind == "greeting" and not unit.block_start):
                carried = unit
            continue
        if carried is not None and carried.block == unit.block:
            # "Also, I lost my 2255… I am writing because two COs beat me": the claim after the history is the
            # new one the connective announced; after a greeting inside a paragraph a new letter begins.
            unit.cue = unit.cue or carried.cue
            if carried.kind == "greeting":
                renumbered[unit.block] = -len(renumbered) - 1
        carried = None
        unit.block = renumbered.get(unit.block, unit.block)
        if unit.block != previous_block:
            unit.block_start = True  # the first sentence kept in its paragraph opens it
        previous_block = unit.block
        kept.append(unit)

    readings = _block_readings(text, kept)
    # A memo or a relative's letter that never says "I" about the claims is about the client throughout: there a
    # paragraph opening with "He" says nothing about which claim goes on
    about_them = not any(_FIRST_PERSON.search(text, unit.start, unit.end) for unit in kept)
    groups: list[_Group] = []
    for unit in kept:
        block = readings[unit.block]
        start = _starts_new(text, unit, groups[-1] if groups else None, block, about_them)
        if start:
            groups.append(_Group([], unread=start == "unread"))
            if unit.block_start and block.label is not None:
                groups[-1].label, groups[-1].confidence, groups[-1].fixed = (
                    block.label,
                    block.confidence,
                    True,
                )
        elif unit.block_start and groups[-1].label is None and block.label is not None:
            groups[-1].label, groups[-1].confidence, groups[-1].fixed = block.label, block.confidence, True
        groups[-1].add(unit)

    # A group with no claim of its own continues the argument before it, and opening sentences without a claim
    # join the first claim. But a group that a connective opens or follows ("…. Also, …", "1. … 2. …") is a claim
    # even when the engine reads nothing in it ("Also, she has nobody else" never got here: a pronoun after
    # "Also" continues the claim before it).
    merged: list[_Group] = []
    for index, group in enumerate(groups):
        following = groups[index + 1] if index + 1 < len(groups) else None
        # A remark of a few words that reads weakly ("He is vaccinated.") is not a claim of its own
        remark = (
            group.units[0].cue is None and group.confidence < _KEEP and _words(text, group.units) < _MIN_WORDS
        )
        group.claim = (
            (group.label is not None and not remark)
            or group.unread
            or (
                _words(text, group.units) >= _MIN_WORDS
                and (
                    group.units[0].cue is not None
                    or (following is not None and following.units[0].cue is not None)
                )
            )
        )
        # ...except an opening that only says who writes and why before a confident claim: `_introduction` sets
        # it aside rather than make it the claim's first sentences.
        introduced = (
            len(merged) == 1
            and not merged[0].claim
            and group.confidence >= _STRONG
            and _introduces(text, merged[0])
        )
        if merged and (not group.claim or not merged[-1].claim) and not introduced:
            merged[-1].claim = merged[-1].claim or group.claim
            for unit in group.units:
                merged[-1].add(unit)
        else:
            merged.append(group)
    merged = _introduction(text, merged, dropped)
    arguments = []
    every_start = sorted(
        [unit.start for unit in dropped] + [unit.start for group in merged for unit in group.units]
    )
    claims = [group for group in merged if group.claim]
    unlike = _unlike_claims(text, narrative, units, claims, every_start, sentences) if learned else set()
    for group in merged:
        if group.claim and id(group) not in unlike:
            arguments.append(_argument(narrative, group.units, every_start))
            continue
        # an argument unlike a claim, or a letter with no claim at all: say so sentence by sentence
        for unit in group.units:
            unit.kind = "unlike_a_claim" if group.claim else "no_claim"
            dropped.append(unit)
    dropped.sort(key=lambda unit: unit.start)
    return LetterSplit(
        tuple(arguments),
        tuple(DroppedSentence(narrative[u.start : u.end], u.start, u.end, u.kind) for u in dropped),
    )


def _unlike_claims(
    text: str,
    narrative: str,
    units: list[_Unit],
    claims: list[_Group],
    every_start: list[int],
    model: SentenceModel | None,
) -> set[int]:
    """The claim groups (their ids) to set aside because none of their sentences reads like part of a claim.

    The patterns above set aside the greetings, background and remarks someone has written a pattern for; real
    letters have many more. The sentence model, learned from letters whose claims are marked, scores each
    sentence among its neighbours (`units`: every sentence of the letter, in order); a group none of whose
    sentences reaches `_LIKE_A_CLAIM` is set aside, unless the engine reads a claim in it (`_read_as_a_claim`:
    "Hello, my name is Joe… I have COPD on oxygen" stays). A letter keeps at least one argument, and a letter of
    one argument keeps it. The sentences set aside are listed with their reason, so that staff can restore one.
    """
    if len(claims) < 2:
        return set()
    model = model or load_sentence_model(SENTENCE_MODEL)
    position = {id(unit): index for index, unit in enumerate(units)}
    # each sentence's logit, by position: scored only when a claim's sentence or its neighbour needs it
    logits: dict[int, float] = {}

    def logit(index: int) -> float:
        if index not in logits:
            logits[index] = model.logit(text[units[index].start : units[index].end])
        return logits[index]

    def neighbour(index: int, of: _Unit) -> float | None:
        """The logit of sentence `index` when it is in the paragraph of `of` (else it says nothing of `of`)."""
        return logit(index) if 0 <= index < len(units) and units[index].block == of.block else None

    def likeness(unit: _Unit) -> float:
        index = position[id(unit)]
        return model.in_context(
            logit(index), _reading_of(unit), neighbour(index - 1, unit), neighbour(index + 1, unit)
        )

    unlike = set()
    for group in claims:
        if any(likeness(unit) >= _LIKE_A_CLAIM for unit in group.units):
            continue
        if not _read_as_a_claim(read_argument(_argument(narrative, group.units, every_start).text)):
            unlike.add(id(group))
    if len(unlike) == len(claims):
        return set()
    return unlike


def _read_as_a_claim(reading: Assessment) -> bool:
    """The whole engine reads a claim in the argument confidently (`_STRONG`), or less confidently with the rules
    pointing at evidence for it (`_EVIDENCE_READ`), or as a collateral attack as confidently as a greeting needs to
    be kept (`_KEEP`: the learned model alone may find one, and a collateral attack is never set aside for want of
    a rule's evidence). A weaker reading does not keep an argument: background often reads as something to the
    model, and the family news, prison jobs and case stories around a letter's claims often carry a word a rule
    knows."""
    return (
        reading.confidence >= _STRONG
        or (reading.confidence >= _EVIDENCE_READ and bool(reading.evidence))
        or (reading.confidence >= _KEEP and reading.disposition == "collateral_attack")
    )


def _introduces(text: str, group: _Group, most: bool = True) -> bool:
    """Most of the group's sentences (or, with `most` false, one of them) say who writes, from where, for how
    long and why (`_INTRO`, or the procedural history), and none of them reads as a claim confidently."""
    if any(unit.confidence >= _STRONG for unit in group.units):
        return False
    if most:
        return _tells_who(text, group.units)
    return any(_tells(text, unit) for unit in group.units)


def _thanks_first(text: str, group: _Group) -> bool:
    """ "First of all thank you for…": an introduction that opens with "First", not the first claim of a list."""
    unit = group.units[0]
    return bool(_FIRST_OF_ALL.match(text, unit.start, unit.end)) and _introduces(text, group)


def _adds(text: str, unit: _Unit) -> bool:
    """The unit opens with a connective that adds to something said before ("Also", "Second", "P.S."), not with
    a list marker or "First"."""
    cue = _WEAK_CUE.match(text, unit.start, unit.end) or _STRONG_CUE.match(text, unit.start, unit.end)
    return cue is not None and "first" not in cue.group().lower().split()[:2]


def _opens_list(text: str, unit: _Unit) -> bool:
    """The unit is the first item of a list: it opens with "First" or follows a list marker ("1.", "-")."""
    return unit.listed or bool(_FIRST_OF_ALL.match(text, unit.start, unit.end))


def _announced_list(text: str, groups: list[_Group]) -> int:
    """The index of the first group of a list that the text before it announces with a colon ("Two issues:",
    "He wants to file a § 2255 raising the following:"), or 0. A list: its items open with "First", a list marker
    or a topic label, or a connective ("Second", "Also") opens the group after."""
    for index, group in enumerate(groups[1:], start=1):
        opening = group.units[0]
        if not (_opens_list(text, opening) or (opening.cue == "strong" and not _adds(text, opening))):
            continue
        before = groups[index - 1].units[-1]
        if text[before.start : before.end].rstrip().endswith(":"):
            return index
        if not groups[index - 1].units[0].listed:
            return 0
        # an intake note's bullets may give the case's facts before the heading of the claims ("- Offenses
        # committed 2002… - CL currently 39. Arguments CL wants made: - Age at offense: …"): read on
    return 0


def _introduction(text: str, groups: list[_Group], dropped: list[_Unit]) -> list[_Group]:
    """The weak groups that open a letter before its first confident claim introduce it ("I am at FCI Pekin and
    have been down since 2017 for a gun case. I want to tell you my problems."): one that reads as that claim's
    disposition joins it; any other is set aside as introduction. A connective still opens a claim."""
    first = next(
        (
            index
            for index, group in enumerate(groups)
            # a paragraph read together may read weakly ("My reasons are: the crack disparity… I am 63 now and
            # getting old"), yet a sentence of it reads as a claim confidently
            if group.confidence >= _STRONG
            or (group.strongest is not None and group.strongest.confidence >= _STRONG)
            or (group.units[0].cue is not None and not _thanks_first(text, group))
            # a fair claim that does not itself tell who writes ("Says BOP never credited the 14 months…")
            or (index and group.confidence >= _KEEP and not _introduces(text, group, most=False))
        ),
        None,
    )
    announced = _announced_list(text, groups)
    if announced:
        # "Two issues:" / "…raising the following:" then a list: what comes before the list introduces it, unless
        # the announcement says the list holds the *other* issues ("I have stage 4 cancer… My other issues: 1. …")
        heading = groups[announced - 1].units[-1]
        if not _OTHER_ISSUES.search(text, heading.start, heading.end):
            end = announced
            if _FACTS_HEADING.match(text, heading.start, heading.end):
                # "Case facts (from PSR summary):" announces the case's facts, not claims: its items are set aside
                # too, up to the next heading ("Arguments CL wants made:")
                while end < len(groups) and groups[end].units[0].listed:
                    last = groups[end].units[-1]
                    end += 1
                    if text[last.start : last.end].rstrip().endswith(":"):
                        break
            for group in groups[:end]:
                for unit in group.units:
                    unit.kind = "introduction"
                    dropped.append(unit)
            return _introduction(text, groups[end:], dropped) if end > announced else groups[announced:]
        # the heading alone is set aside; what comes before it is read as any opening is. After a claim it is no
        # introduction ("His counsel's notes list two more points:"), only the heading of the list below it.
        own = groups[announced - 1]
        after_a_claim = first is not None and (
            first < announced - 1 or (first == announced - 1 and len(own.units) > 1)
        )
        heading.kind = "list_heading" if after_a_claim else "introduction"
        dropped.append(heading)
        own.units.remove(heading)
        return _introduction(text, [group for group in groups if group.units], dropped)
    if not first:  # no confident claim, or the letter opens with one
        return groups
    if _adds(text, groups[first].units[0]):
        first -= 1  # "…. Also, …" adds to a claim before it: the group before the connective is that claim
    claim = groups[first]
    # A list ("First, …", "1. …") announces the claims: the weak text before its first item introduces it ("Note
    # to file — letter received 12/01… Summary of what he is asking:").
    opens_list = _opens_list(text, claim.units[0])
    joined: list[_Group] = []
    kept: list[_Group] = []
    for group in groups[:first]:
        if kept:  # an introduction opens the letter: after a claim, what follows is not one
            kept.append(group)
            continue
        same = group.label is not None and claim.label is not None and group.label[0] == claim.label[0]
        # What reads as a claim in an introduction: not the procedural history that reads as an attack on the
        # judgment ("my 2255 was denied because it was late" is what happened, not a ground).
        # Nor a fair reading of a few words that say who the client is ("Out date 2033."); a longer sentence
        # may go on to a claim ("Hello my name is Joe… and I have COPD on oxygen every night").
        reads = any(
            unit.confidence >= _STRONG
            or (
                unit.confidence >= _KEEP
                and not (_words(text, [unit]) <= _MIN_WORDS + 6 and _INTRO.search(text, unit.start, unit.end))
            )
            for unit in group.units
            if unit.label is not None
            and not (unit.label[0] == "collateral_attack" and _history(text[unit.start : unit.end]))
        )
        if opens_list and reads:
            # Before a list, a fair reading of a sentence that says who the client is ("…got 180 months in 2016;
            # release date 2030; he is at FCI Sandstone") is the summary, not a claim; a strong one still is.
            reads = any(
                unit.confidence >= _STRONG
                or (unit.confidence >= _KEEP and not _INTRO.search(text, unit.start, unit.end))
                for unit in group.units
                if unit.label is not None and not _history(text[unit.start : unit.end])
            )
        if opens_list and not same and not reads:
            for unit in group.units:
                unit.kind = "introduction"
                dropped.append(unit)
        elif _introduces(text, group):
            # an intake header's fields ("Referred by: FPD.", "Bkgd: jury trial 2016…") introduce; they are
            # not the story the claim after them begins with
            fields = all(_FIELD.match(text, unit.start, unit.end) for unit in group.units)
            if same and not fields:
                joined.append(group)
            elif reads:
                kept.append(
                    group
                )  # "my name is Joe… and I have COPD on oxygen": set nothing aside that reads
            else:
                for unit in group.units:
                    unit.kind = "introduction"
                    dropped.append(unit)
        elif same and group.confidence < _KEEP and _introduces(text, group, most=False):
            # "I was arrested in 2018 for a bank robbery that I did not do…" opens the innocence claim after it
            joined.append(group)
        else:
            kept.append(group)
    if joined and kept:
        # with a claim kept between them ("…for 3 reasons" / the plea claim / the diabetes claim), the opening
        # cannot join a claim it does not touch: it stays as it was, for a reviewer to merge or delete
        kept[:0] = joined
    elif joined:
        claim.units[:0] = [unit for group in joined for unit in group.units]
    return kept + groups[first:]


def _argument(text: str, units: list[_Unit], every_start: list[int]) -> ProposedArgument:
    """Join the units: neighbours keep the text between them; a sentence between them that is not the argument's
    own (left out, or another argument's) becomes a space. `every_start`: where every sentence starts, sorted."""
    spans: list[list[int]] = []
    for unit in units:
        if spans and bisect_left(every_start, spans[-1][1]) == bisect_left(every_start, unit.start):
            spans[-1][1] = unit.end
        else:
            spans.append([unit.start, unit.end])
    return ProposedArgument(" ".join(text[s:e] for s, e in spans), tuple((s, e) for s, e in spans))


def split_arguments(narrative: str) -> list[str]:
    """Return the single-claim arguments in a pasted letter (DESIGN.md contract)."""
    return [argument.text for argument in split_letter(narrative).arguments]
