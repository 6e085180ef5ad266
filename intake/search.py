"""Case search: what staff half-remember (a misspelt name, a docket number in any common form, a register
number with or without the dash, words of an argument), ranked, and why each case matched.

PostgreSQL: full-text search (``SearchVector``/``SearchQuery``/``SearchRank``) over the client's name and
register number ('simple' configuration: names are not English words) and over argument text ('english', so
"dialysis" finds "Dialysis" and "diagnosed" finds "diagnosis"), plus trigram word similarity (pg_trgm) on the
name, so "castilo" finds Castillo. GIN indexes (migration 0009) serve each of these.

SQLite (development and most tests): the same normalised docket, register and name keys, and ``icontains`` on
argument text: no similarity, no stemming, so a misspelt name finds nothing there.

Docket and register numbers are matched on normalised keys, never by searching the raw text: ``Case.docket_key``
is kept by ``Case.save()``; register numbers are stored normalised already (``12345-678``). Names are matched,
on both databases, by ``Client.name_key``: the name without apostrophes, periods, hyphens and spaces, against
the typed words without them (``search_key_of_name``), so "oneal", "O’Neal" and "jamal oneal" find O'Neal.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection, models
from django.db.models import Exists, FloatField, OuterRef, Q, QuerySet, Value, When

from intake.models import (
    Argument,
    Case,
    Client,
    normalise_register_number,
    search_key_of_docket,
    search_key_of_name,
)

# Weights of the signals in the rank: a docket or register number typed in full names one case, so it comes
# before any name that only looks like the query.
EXACT_NUMBER_WEIGHT = 4.0
NAME_CONTAINS_WEIGHT = 1.0
ARGUMENT_WEIGHT = 0.5
# pg_trgm's default word-similarity threshold (0.6): "castilo" ~ "Castillo" is 0.78, "cas" ~ "Castillo" 0.5.
SIMILAR_NAME_THRESHOLD = 0.6
PAGE_SIZE = 25  # the case list's
SEARCH_CONFIG_NAME = "simple"
SEARCH_CONFIG_TEXT = "english"


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def client_vector() -> SearchVector:
    # The same expression as the GIN index of migration 0009: change both together.
    return SearchVector("name", "register_number", config=SEARCH_CONFIG_NAME)


def argument_vector() -> SearchVector:
    # The same expression as the GIN index of migration 0009: change both together.
    return SearchVector("text", config=SEARCH_CONFIG_TEXT)


@dataclass
class ParsedQuery:
    raw: str
    docket_keys: list[str] = field(default_factory=list)
    register_numbers: list[str] = field(default_factory=list)
    words: str = ""  # what is left for the name and argument text

    def docket_q(self) -> Q:
        q = Q()
        for key in self.docket_keys:
            # Without a division the key also finds the docket under any division ("19-cr-217" → 4:19-cr-00217).
            q |= Q(docket_key=key) if ":" in key else Q(docket_key=key) | Q(docket_key__endswith=f":{key}")
        return q


def parse(raw: str) -> ParsedQuery:
    """Split the query into docket numbers, register numbers and the words left over."""
    parsed = ParsedQuery(raw=raw)
    whole_register = _register(raw)
    if whole_register:  # "12345 678" is one register number, not two words
        parsed.register_numbers.append(whole_register)
        return parsed
    if key := search_key_of_docket(raw):  # "19 cr 217" is one docket number
        parsed.docket_keys.append(key)
        return parsed
    words = []
    for token in raw.split():
        if key := search_key_of_docket(token):
            parsed.docket_keys.append(key)
        elif register := _register(token):
            parsed.register_numbers.append(register)
        else:
            words.append(token)
    parsed.words = " ".join(words)
    return parsed


def _register(raw: str) -> str:
    try:
        return normalise_register_number(raw)
    except ValidationError:
        return ""


def search(cases: QuerySet[Case], raw: str, organisation_id: int) -> QuerySet[Case]:
    """The cases (already scoped to the organisation) that match ``raw``, annotated with ``search_rank``."""
    parsed = parse(raw)
    words = parsed.words
    clients = Client.objects.filter(organisation_id=organisation_id)
    # One uncorrelated subquery per signal, each served by its own index: PostgreSQL runs each once and the case
    # rows only test membership in the results. (One subquery ORing them made it compute every client's
    # tsvector: 160 ms at 10,000 clients.)
    number_sets, name_sets = [], []
    match = parsed.docket_q()
    if parsed.register_numbers:
        number_sets.append(clients.filter(register_number__in=parsed.register_numbers))
    if any(ch.isdigit() for ch in raw):  # part of a register number ("45821") or of a docket ("00217")
        number_sets.append(clients.filter(register_number__contains=raw))
        match |= Q(docket_number__icontains=raw)
    argument_cases = matching_arguments(words).values("case_id") if words else None
    name_key = search_key_of_name(words)
    if name_key:  # not for words of punctuation alone ("’"), whose key would be in every name
        name_sets.append(clients.filter(name_key__icontains=name_key))
    if words:
        match |= Q(pk__in=argument_cases)
    if words and is_postgresql():
        name_query = SearchQuery(words, config=SEARCH_CONFIG_NAME, search_type="websearch")
        name_sets.append(clients.filter(name__trigram_word_similar=words))
        name_sets.append(clients.annotate(search_vector=client_vector()).filter(search_vector=name_query))
    name_match = Q()
    for client_set in name_sets:
        name_match |= Q(client_id__in=client_set.values("pk"))
    for client_set in number_sets:
        match |= Q(client_id__in=client_set.values("pk"))
    match |= name_match

    rank = _weight(
        parsed.docket_q() | Q(client__register_number__in=parsed.register_numbers), EXACT_NUMBER_WEIGHT
    )
    if words:
        # A flat weight for an argument match: ranking arguments by ts_rank would recompute the tsvector of every
        # matching argument (the index holds no vector), 0.2 ms a case, seconds for a common word.
        rank = rank + _weight(Q(pk__in=argument_cases), ARGUMENT_WEIGHT)
        name_score = _weight(
            Q(client__name_key__icontains=name_key) if name_key else Q(), NAME_CONTAINS_WEIGHT
        )
        if is_postgresql():
            name_vector = SearchVector("client__name", "client__register_number", config=SEARCH_CONFIG_NAME)
            name_score = (
                name_score
                + TrigramWordSimilarity(words, "client__name")
                + SearchRank(name_vector, name_query)
            )
        # Scored only where the name matched: similarity costs ~20 µs a row, and "lawyer" matches thousands of
        # cases through their arguments alone.
        if name_match:  # empty on SQLite when the words were punctuation alone
            rank = rank + models.Case(
                When(name_match, then=name_score), default=Value(0.0), output_field=FloatField()
            )
    return cases.filter(match).annotate(search_rank=rank)


def page_of(matches: QuerySet[Case], rows: QuerySet[Case], raw: str, number) -> Page:
    """One page of ``matches`` (ordered): their ids in one query, which also counts them, then the page's rows.
    Paginating the matches directly would run every signal's subquery twice, once to count, once for the page.
    """
    page = Paginator(list(matches.values_list("pk", flat=True)), PAGE_SIZE).get_page(number)
    words = parse(raw).words
    if words and is_postgresql():  # does the name look like the words? for the page's rows only
        rows = rows.annotate(name_similarity=TrigramWordSimilarity(words, "client__name"))
    by_id = rows.in_bulk(page.object_list)
    page.object_list = [by_id[pk] for pk in page.object_list]
    return page


def _weight(condition: Q, weight: float):
    if not condition:  # an empty Q() would match every row
        return Value(0.0)
    return models.Case(When(condition, then=Value(weight)), default=Value(0.0), output_field=FloatField())


def matching_arguments(words: str) -> QuerySet[Argument]:
    """Arguments whose text holds every word: full-text (stemmed, indexed) on PostgreSQL, substrings on SQLite."""
    if is_postgresql():
        query = SearchQuery(words, config=SEARCH_CONFIG_TEXT, search_type="websearch")
        return Argument.objects.annotate(search_vector=argument_vector()).filter(search_vector=query)
    condition = Q()
    for word in words.split():
        condition &= Q(text__icontains=word)
    return Argument.objects.filter(condition)


@dataclass
class Reasons:
    """Why a listed case matched, told with what the row already shows or what was typed. Argument text is never
    quoted (reading it is an access the case page logs): only which arguments hold the typed words."""

    name: bool = False
    similar_name: bool = False
    register_number: bool = False
    docket_number: bool = False
    argument_numbers: list[int] = field(default_factory=list)
    words: str = ""

    def labels(self) -> list[str]:
        labels = []
        if self.name:
            labels.append("name")
        if self.similar_name:
            labels.append("name spelt alike")
        if self.register_number:
            labels.append("register no.")
        if self.docket_number:
            labels.append("docket no.")
        if self.argument_numbers:
            which = ", ".join(str(n) for n in self.argument_numbers)
            plural = "s" if len(self.argument_numbers) > 1 else ""
            labels.append(f"argument{plural} {which} (“{self.words}”)")
        return labels


def reasons_for(page_cases: list[Case], raw: str) -> dict[int, Reasons]:
    """Why each case of one page matched: from the rows in hand, plus one query for the arguments."""
    parsed = parse(raw)
    lowered = raw.lower()
    words = parsed.words.lower()
    name_key = search_key_of_name(words)
    reasons = {}
    for case in page_cases:
        name = case.client.name.lower()
        exact_name = lowered in name or bool(name_key) and name_key in search_key_of_name(name)
        reasons[case.pk] = Reasons(
            name=exact_name,
            similar_name=not exact_name and getattr(case, "name_similarity", 0.0) >= SIMILAR_NAME_THRESHOLD,
            register_number=case.client.register_number in parsed.register_numbers
            or lowered in case.client.register_number,
            docket_number=_docket_matches(case.docket_key, parsed) or lowered in case.docket_number.lower(),
            words=parsed.words,
        )
    if words and page_cases:
        hits = Exists(matching_arguments(parsed.words).filter(pk=OuterRef("pk")))
        rows = (
            Argument.objects.filter(case_id__in=reasons)
            .order_by("case_id", "order", "pk")
            .values_list("case_id", hits)
        )
        position: dict[int, int] = {}
        for case_id, hit in rows:
            # Numbered 1, 2, 3 in their order, as the case page numbers them, never by database id.
            position[case_id] = position.get(case_id, 0) + 1
            if hit:
                reasons[case_id].argument_numbers.append(position[case_id])
    return reasons


def _docket_matches(key: str, parsed: ParsedQuery) -> bool:
    return bool(key) and any(key == k or (":" not in k and key.endswith(f":{k}")) for k in parsed.docket_keys)
