"""The bill list's text search: bills and their published provisions, with everyday words for legal ones.

On PostgreSQL it is full-text search (weighted vectors that PostgreSQL stores and keeps current,
with GIN indexes: migration 0012_stored_search_vectors; ranked; passages from SearchHeadline);
elsewhere a plain substring search over the same fields stands in. Both read the query the same
way (``parse_terms``), so they find the same bills on the project's data; only PostgreSQL stems
words ("warrants" finds "warrant") and ranks.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django import forms
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Concat, RowNumber

from .forms import QuickTextInput
from .models import Bill, Category, Jurisdiction, Party, Provision

# Everyday words and the legal ones that name the same thing; any one of a group finds them all.
# Keep it small: each group widens every search that uses one of its words. Provisions also match
# by whom they govern, so "vendor" finds the "Developers and vendors" rules and "police" the
# "Law enforcement" ones; "developer" itself is left out, as PostgreSQL would widen it to "develop".
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("face recognition", "facial recognition", "face surveillance", "biometric", "frt"),
    ("police", "law enforcement"),
    ("vendor", "vendors", "company", "companies"),
)

# More words than this is a sentence, not a search; each word costs a few index look-ups.
MAX_WORDS = 8
# Words the search skips: PostgreSQL's English stop words, so both databases ignore the same ones.
_STOP_WORDS_TEXT = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
    hers herself it its itself they them their theirs themselves what which who whom this that these
    those am is are was were be been being have has had having do does did doing a an the and but if or
    because as until while of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when where
    why how all any both each few more most other some such no nor not only own same so than too very s
    t can will just don should now"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

CONFIG = "english"


class StoredVector(Expression):
    """A row's stored vector (migration 0012), PostgreSQL only: ``search_vector`` (a bill's or a rule's
    own text) or ``rules_vector`` (the text of a bill's published rules).

    The models leave these columns out (SQLite has none), so they are named here, on the row's alias.
    """

    output_field = SearchVectorField()

    def __init__(self, column="search_vector", pk=None):
        super().__init__()
        self.column = column
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(self.pk.alias)
        return f"{table}.{connection.ops.quote_name(self.column)}", []


# Private-use characters mark the matched words in a headline: data never holds them, and they
# survive escaping, so the text is escaped first and the marks become <mark> afterwards.
MARK_START, MARK_END = "\ue000", "\ue001"
SHOWN_MATCHES = 3
# How much the bill's rules' text counts in its rank beside its own: a word in a title counts for more.
RULE_RANK = 0.5
PASSAGE_CHARS = 160

Term = tuple[str, ...]  # one searched word or phrase, with its synonyms


def parse_terms(text: str) -> list[Term]:
    """The searched words, each with its synonyms: "FRT warrant" → [(face recognition, … frt), (warrant,)]."""
    words = [word.strip(".,;:!?\"'()[]{}<>«»“”‘’*&^%$#@~`|\\/+=_") for word in text.lower().split()]
    words = [word for word in words if word and word not in STOP_WORDS]
    terms: list[Term] = []
    while words:
        group, length = _synonyms_at(words)
        terms.append(group or (words[0],))
        words = words[length:]
    return terms


def _synonyms_at(words: list[str]) -> tuple[Term | None, int]:
    """The synonym group whose phrase starts ``words`` (longest phrase first), and its length."""
    for group in SYNONYMS:
        for phrase in sorted(group, key=len, reverse=True):
            parts = phrase.split()
            if words[: len(parts)] == parts:
                return group, len(parts)
    return None, 1


class SearchField(forms.CharField):
    """The search box: at most 200 characters and MAX_WORDS words, with at least one word to look for."""

    widget = QuickTextInput

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        terms = parse_terms(value)
        if not terms:
            raise forms.ValidationError(
                "Type a word or a bill number to search for. Short words like “the” are skipped."
            )
        if len(value.split()) > MAX_WORDS:
            raise forms.ValidationError(f"Search for {MAX_WORDS} words or fewer.")
        return value


def search_bills(bills, text: str):
    """``bills`` that match every searched word in their own text, their place or a published provision."""
    terms = parse_terms(text)
    if not terms:
        return bills
    if connections[bills.db].vendor == "postgresql":
        return _full_text_search(bills, terms)
    return bills.filter(reduce(and_, (_plain_term_q(term) for term in terms)))


# PostgreSQL: full-text search.


def _tsquery(term: Term) -> SearchQuery:
    return reduce(or_, (SearchQuery(alt, search_type="phrase", config=CONFIG) for alt in term))


def _names_matching(model, query: SearchQuery):
    """Ids of the places, topics or parties whose name matches: small tables, read without an index."""
    return model.objects.alias(name_vector=SearchVector("name", config=CONFIG)).filter(name_vector=query)


def _rule_q(query: SearchQuery) -> Q:
    """A provision row matching in its own text (its stored vector), its topic or whom it governs."""
    parties = Provision.parties.through.objects.filter(
        provision=OuterRef("pk"), party__in=_names_matching(Party, query).values("pk")
    )
    by_topic = Q(category__in=_names_matching(Category, query).values("pk"))
    return Q(rule_vector=query) | by_topic | Exists(parties)


def _bill_term_q(query: SearchQuery, place_ids: list[int]) -> Q:
    """A bill matching in its own text, its published rules (text, topic and parties: one vector kept
    on the bill) or its place's name: one column per bill, so PostgreSQL never reads every rule.

    The places come as ids (read first), so every part can be answered from an index.
    """
    return Q(own_vector=query) | Q(rules_vector=query) | Q(jurisdiction__in=place_ids)


def _places_matching(queries: list[SearchQuery]) -> list[list[int]]:
    """For each query, the ids of the places whose name matches it: one query on a small table."""
    named = Jurisdiction.objects.alias(name_vector=SearchVector("name", config=CONFIG))
    flags = {
        f"matches_{n}": ExpressionWrapper(Q(name_vector=query), BooleanField())
        for n, query in enumerate(queries)
    }
    rows = list(
        named.annotate(**flags)
        .filter(reduce(or_, (Q(**{flag: True}) for flag in flags)))
        .values_list("pk", *flags)
    )
    return [[row[0] for row in rows if row[1 + n]] for n in range(len(queries))]


def _full_text_search(bills, terms: list[Term]):
    """Every term must match; rank by the bill's own text, then by how often its rules use the words."""
    queries = [_tsquery(term) for term in terms]
    anything = reduce(or_, queries)
    vectors = bills.alias(own_vector=StoredVector(), rules_vector=StoredVector("rules_vector"))
    places = _places_matching(queries)
    matched = vectors.filter(reduce(and_, map(_bill_term_q, queries, places)))
    rank = SearchRank(F("own_vector"), anything) + RULE_RANK * SearchRank(F("rules_vector"), anything)
    ranked = matched.alias(search_rank=rank)
    return ranked.order_by(F("search_rank").desc(), *Bill._meta.ordering)


@contextmanager
def index_first(search: str, *, using: str):
    """For a search on PostgreSQL, plan the block's queries to find the matches through the GIN indexes.

    The planner prices a sequential scan's ``@@`` as cheap, but on every row it unpacks the bill's
    rules vector (about 2 KB, kept out of line): at 10,000 bills, counting the bills that match
    "warrant" takes 27 ms that way and 5 ms through the indexes. The setting is put back after the
    block, or undone with it on an error, even inside a caller's transaction.
    """
    if not search or connections[using].vendor != "postgresql":
        yield
        return
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)"
            )
            before = cursor.fetchone()[0]
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [before])


# Other databases: a plain substring search over the same fields.


def _plain_term_q(term: Term) -> Q:
    by_provision = Provision.objects.published().filter(
        reduce(or_, (_plain_provision_q(alt) for alt in term))
    )
    by_bill = (
        Q(identifier__icontains=alt)
        | Q(title__icontains=alt)
        | Q(short_title__icontains=alt)
        | Q(summary__icontains=alt)
        | Q(plain_summary__icontains=alt)
        | Q(jurisdiction__name__icontains=alt)
        for alt in term
    )
    return reduce(or_, by_bill) | Q(pk__in=by_provision.values("bill_id"))


def _plain_provision_q(alt: str) -> Q:
    # EXISTS for the parties: a join would repeat a rule once per matching party.
    parties = Provision.parties.through.objects.filter(provision=OuterRef("pk"), party__name__icontains=alt)
    return (
        Q(plain__icontains=alt)
        | Q(detail__icontains=alt)
        | Q(section__icontains=alt)
        | Q(category__name__icontains=alt)
        | Exists(parties)
    )


# The provisions shown under a result.


@dataclass(frozen=True)
class MatchedProvision:
    """A provision that matched, and the passage to show: (text, is_match) pieces, not yet escaped."""

    provision: Provision
    passage: list[tuple[str, bool]]


def with_matches(bills: list[Bill], text: str) -> list[Bill]:
    """Give each bill ``matches``, its first SHOWN_MATCHES published provisions matching ``text`` with
    their passages, and ``match_count``, how many match: one query for a page of bills."""
    by_bill = {bill.pk: bill for bill in bills}
    for bill in bills:
        bill.matches, bill.match_count = [], 0
    terms = parse_terms(text)
    if not terms or not bills:
        return bills
    for provision in _first_matching_rules(list(by_bill), terms, db=bills[0]._state.db):
        bill = by_bill[provision.bill_id]
        bill.match_count = provision.search_total
        bill.matches.append(MatchedProvision(provision, passage(provision, terms)))
    return bills


def _first_matching_rules(bill_ids: list[int], terms: list[Term], *, db: str):
    """The first SHOWN_MATCHES matching published provisions of each bill, each with ``search_total``.

    Only the shown rows are read (and, on PostgreSQL, given a headline: re-reading a rule's text to
    mark it is the costliest part of a search), not every rule of every bill on the page.
    """
    rules = Provision.objects.using(db).published().filter(bill__in=bill_ids)
    in_order = [F("display_order"), F("pk")]  # a bill's own order of its rules
    place = Window(RowNumber(), partition_by=[F("bill_id")], order_by=in_order)
    if connections[db].vendor == "postgresql":
        query = reduce(or_, (_tsquery(term) for term in terms))
        rules = rules.alias(rule_vector=StoredVector()).filter(_rule_q(query))
        rules = rules.annotate(search_place=place).annotate(
            search_headline=Case(When(search_place__lte=SHOWN_MATCHES, then=_headline(query)), default=None)
        )
    else:
        rules = rules.filter(reduce(or_, (_plain_provision_q(alt) for term in terms for alt in term)))
        rules = rules.annotate(search_place=place)
    return (
        rules.select_related("category")
        .only("bill_id", "plain", "detail", "display_order", "category__name")
        .annotate(search_total=Window(Count("pk"), partition_by=[F("bill_id")]))
        .filter(search_place__lte=SHOWN_MATCHES)
        .order_by("bill_id", *in_order)
    )


def _headline(query: SearchQuery) -> SearchHeadline:
    return SearchHeadline(
        Concat("plain", Value(" "), "detail", output_field=TextField()),
        query,
        config=CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=18,
        min_words=8,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def passage(provision: Provision, terms: list[Term]) -> list[tuple[str, bool]]:
    """What a result shows of a matching provision: PostgreSQL's headline, else a window on the match."""
    text = f"{provision.plain} {provision.detail}"
    if hasattr(provision, "search_headline"):
        return _with_ellipses(_headline_pieces(provision.search_headline or ""), text)
    return _passage(text, _pattern(terms))


def _pattern(terms: list[Term]) -> re.Pattern:
    alternatives = sorted({alt for term in terms for alt in term}, key=len, reverse=True)
    return re.compile("|".join(re.escape(alt) for alt in alternatives), re.IGNORECASE)


def _headline_pieces(headline: str) -> list[tuple[str, bool]]:
    """Split a headline at its marks; a stray mark in the data can only toggle, never inject."""
    pieces, marked = [], False
    for part in re.split(f"([{MARK_START}{MARK_END}])", headline):
        if part in (MARK_START, MARK_END):
            marked = part == MARK_START
        elif part:
            pieces.append((part, marked))
    return pieces


def _with_ellipses(pieces: list[tuple[str, bool]], text: str) -> list[tuple[str, bool]]:
    """Show with "…" where a headline starts or ends inside the text, as the fallback's passages do."""
    words = "".join(piece for piece, _ in pieces).split()
    if not words:
        return pieces
    starts = text.lstrip().startswith(words[0])
    ends = text.rstrip().rstrip(".!?;:").endswith(words[-1].rstrip(".!?;:"))
    return [*([("… ", False)] if not starts else []), *pieces, *([(" …", False)] if not ends else [])]


def _passage(text: str, pattern: re.Pattern) -> list[tuple[str, bool]]:
    """About PASSAGE_CHARS of ``text`` around its first match, with every match marked."""
    first = pattern.search(text)
    start = 0 if first is None else max(0, first.start() - PASSAGE_CHARS // 3)
    if start:
        start = text.find(" ", start) + 1 or start  # begin on a whole word
    end = min(len(text), start + PASSAGE_CHARS)
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    window = text[start:end]
    pieces, position = [], 0
    for match in pattern.finditer(window):
        pieces += [(window[position : match.start()], False), (match.group(), True)]
        position = match.end()
    pieces.append((window[position:], False))
    prefix, suffix = ("… " if start else ""), (" …" if end < len(text) else "")
    return [piece for piece in [(prefix, False), *pieces, (suffix, False)] if piece[0]]
