"""Run an entry's risk rules on the clauses matched to it (or the whole document)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ito_desktop.core.findings import Finding, RiskFlag, RiskQuote, Status
from ito_desktop.core.library.schema import (
    Library,
    Mitigation,
    Party,
    Reach,
    RiskRule,
    RuleKind,
    Scope,
    Severity,
)
from ito_desktop.core.matching.engine import EntryMatch
from ito_desktop.core.matching.passages import Passage, sentences
from ito_desktop.core.model import Clause, Document
from ito_desktop.core.rules.params import extract
from ito_desktop.core.rules.parties import Parties, actor_in_context, for_contract, read_parties
from ito_desktop.core.rules.reach import Region, describe, region, section_of

_MAX_SCOPE_CHARS = 6000
_MAX_FLAGS_PER_RULE = 3  # clauses flagged per rule
_MAX_QUOTES_PER_FLAG = 6
_RANK = {Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1, Severity.CHECK: 0}
# Where the acting party is read in a parameter sentence without ``party_at``: its verb.
_MODAL = re.compile(r"\b(?:may|shall|will|must|can|agrees?|is entitled|has the right)\b", re.I)


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    text: str


class DocumentSentences:
    """Sentences of the whole document, computed once per review and shared by all rules,
    with the contract's parties (read once, when a rule first needs them)."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._all: list[_Sentence] | None = None
        self._parties: Parties | None = None
        self._by_clause: dict[str, list[_Sentence]] = {}

    @property
    def parties(self) -> Parties:
        if self._parties is None:
            self._parties = read_parties(self.document.text)
        return self._parties

    def all(self) -> list[_Sentence]:
        if self._all is None:
            self._all = self.between([(b.start, b.end) for b in self.document.blocks])
        return self._all

    def between(self, ranges: list[tuple[int, int]]) -> list[_Sentence]:
        text = self.document.text
        found: list[_Sentence] = []
        seen: set[tuple[int, int]] = set()
        for start, end in ranges:
            for s, e in sentences(text[start:end], start):
                if (s, e) not in seen:
                    seen.add((s, e))
                    found.append(_Sentence(s, e, text[s:e]))
        return found

    def of_clause(self, clause: Clause) -> list[_Sentence]:
        if clause.id not in self._by_clause:
            self._by_clause[clause.id] = self.between([(clause.body_start, clause.end)])
        return self._by_clause[clause.id]


def scope_clause(document: Document, clause: Clause | None) -> Clause | None:
    """The clause a rule reads for ``clause``: a list item ("(c) Supplier undergoes a change of
    Control") with its parent, whose lead-in gives the item its meaning."""
    if clause is not None and clause.number.startswith("(") and clause.parent:
        parent = next((c for c in document.clauses if c.id == clause.parent), None)
        if parent is not None and parent.end - parent.body_start <= _MAX_SCOPE_CHARS:
            return parent
    return clause


def scope_ranges(document: Document, passages: tuple[Passage, ...]) -> list[tuple[int, int]]:
    """The clauses of ``passages``, or just the passage where its clause is a whole article."""
    ranges: list[tuple[int, int]] = []
    for passage in passages:
        clause = scope_clause(document, passage.clause)
        if clause is not None and clause.end - clause.body_start <= _MAX_SCOPE_CHARS:
            ranges.append((clause.body_start, clause.end))
        else:
            ranges.append((passage.start, passage.end))
    return sorted(set(ranges))


@dataclass(slots=True)
class _Hit:
    """A rule's finding on one clause, before it becomes a flag."""

    clause: Clause | None
    sentences: list[_Sentence] = field(default_factory=list)
    values: dict[str, float] = field(default_factory=dict)
    party: Party | None = None
    looked_in: str = ""
    severity: Severity | None = None
    mitigation: str = ""


def run_rules(
    document: Document, match: EntryMatch, doc_sentences: DocumentSentences
) -> tuple[RiskFlag, ...]:
    """Risk flags for one entry. Rules only run when the clause was found (present or weak)."""
    if match.status is Status.MISSING or not match.entry.risk_rules:
        return ()
    # Wording and parameter rules read every clause that matched at least weakly, so a risky
    # sentence is caught wherever the topic is treated; "requires" rules ask what the clause
    # found as evidence says, so they read only the evidence clauses (and what ``look_in`` adds).
    related = doc_sentences.between(scope_ranges(document, match.related or match.passages))
    per_rule: dict[str, list[_Hit]] = {}
    for rule in match.entry.risk_rules:
        if rule.kind is RuleKind.REQUIRES:
            hits = _absent(rule, match, doc_sentences)
        else:
            pool = doc_sentences.all() if rule.scope is Scope.DOCUMENT else related
            hits = _present(rule, pool, doc_sentences)
        hits = _one_for_contract(hits) if rule.per_contract else _one_per_section(hits, document)
        per_rule[rule.id] = [h for h in hits if _mitigate(rule, h, doc_sentences)]
    for rule in match.entry.risk_rules:  # one flag per risk per clause
        mine = {_key(h): h for h in per_rule.get(rule.id, [])}
        for other in rule.supersedes:
            kept: list[_Hit] = []
            for hit in per_rule.get(other, []):
                into = mine.get(_key(hit))
                if into is None:
                    kept.append(hit)
                    continue
                # the other rule's sentences and values become evidence of this one
                into.sentences += [s for s in hit.sentences if s not in into.sentences]
                into.values = {**hit.values, **into.values}
                into.mitigation = into.mitigation or hit.mitigation
            per_rule[other] = kept
    return tuple(
        _flag(rule, hit, document, match.entry.risk_rules)
        for rule in match.entry.risk_rules
        for hit in per_rule.get(rule.id, [])
    )


def _key(hit: _Hit) -> str:
    return hit.clause.id if hit.clause is not None else ""


def _one_for_contract(hits: list[_Hit]) -> list[_Hit]:
    """A contract-wide risk (the contract renews automatically) raised once: the first clause
    that fires carries the flag and quotes the others (a definition of "Term" and the term
    clause saying the same thing are one risk, not two)."""
    if len(hits) <= 1:
        return hits
    first = hits[0]
    for other in hits[1:]:
        room = _MAX_QUOTES_PER_FLAG - len(first.sentences)
        first.sentences += [s for s in other.sentences if s not in first.sentences][:room]
        first.values = {**other.values, **first.values}
    return [first]


def _one_per_section(hits: list[_Hit], document: Document) -> list[_Hit]:
    """One flag per risk per clause: hits in sub-clauses of one section ("15.10.2.1" and
    "15.10.2.2" under "15.10 Dispute Resolution") become one flag quoting both, and a sentence
    repeated word for word elsewhere in the contract is quoted on the first flag, not flagged
    again."""
    if len(hits) <= 1:
        return hits
    kept: list[_Hit] = []
    by_unit: dict[str, _Hit] = {}
    by_text: dict[str, _Hit] = {}
    for hit in hits:
        unit = section_of(document, hit.clause).id if hit.clause is not None else ""
        texts = [_normal(s.text) for s in hit.sentences]
        into = by_unit.get(unit) if unit else None
        if into is None and texts and all(t in by_text for t in texts):
            into = by_text[texts[0]]
        if into is None:
            kept.append(hit)
            if unit:
                by_unit[unit] = hit
            for text in texts:
                by_text.setdefault(text, hit)
            continue
        room = _MAX_QUOTES_PER_FLAG - len(into.sentences)
        into.sentences += [s for s in hit.sentences if s not in into.sentences][: max(room, 0)]
        into.values = {**hit.values, **into.values}
        for text in texts:
            by_text.setdefault(text, into)
    return kept


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _applies(rule: RiskRule, clause: Clause | None, doc: DocumentSentences) -> bool:
    """Whether ``clause`` is the kind of clause ``rule`` is about (``applies_if``)."""
    if not rule.applies_if:
        return True
    if clause is None:
        return False
    patterns = [for_contract(p, doc.parties) for p in rule.applies_if]
    texts = [clause.title or "", *(s.text for s in doc.of_clause(clause))]
    return any(p.search(text) for text in texts for p in patterns)


def _absent(rule: RiskRule, match: EntryMatch, doc: DocumentSentences) -> list[_Hit]:
    """A "requires" rule: fires when none of its regexes occurs where it looks."""
    document = doc.document
    clauses: list[Clause] = []
    for passage in match.passages:
        clause = scope_clause(document, passage.clause)
        if clause is not None and clause not in clauses and _applies(rule, clause, doc):
            clauses.append(clause)
    if rule.applies_if and not clauses:
        return []  # no clause of the kind the rule is about: nothing can be missing from it
    if rule.scope is Scope.DOCUMENT:
        ranges, looked_in = [(0, len(document.text))], "the whole contract"
    elif rule.look_in and clauses:
        reached = [region(document, clause, rule.look_in) for clause in clauses]
        ranges = [r for reg in reached for r in reg.ranges]
        looked_in = describe(reached)
    else:
        ranges = scope_ranges(document, match.passages)
        looked_in = describe([Region((), (c,)) for c in clauses])
    text = [s.text for s in doc.between(ranges)]
    requires = [for_contract(p, doc.parties) for p in rule.requires]
    if any(p.search(t) for t in text for p in requires):
        return []
    return [_Hit(clauses[0] if clauses else None, looked_in=looked_in)]


def _present(rule: RiskRule, pool: list[_Sentence], doc: DocumentSentences) -> list[_Hit]:
    """A pattern or parameter rule: one hit per clause, with every sentence that fires."""
    document, parties = doc.document, doc.parties
    pattern = for_contract(rule.pattern, parties) if rule.pattern is not None else None
    unless = for_contract(rule.unless, parties) if rule.unless is not None else None
    hits: dict[str, _Hit] = {}
    for sentence in pool:
        if unless is not None and unless.search(sentence.text):
            continue
        values: dict[str, float] = {}
        at = 0
        if rule.kind is RuleKind.CHECK and rule.check is not None:
            found = extract(rule.check.param, sentence.text)
            if found is None or not rule.check.holds(found.value):
                continue
            values[rule.check.param] = round(found.value, 2)
            verb = _MODAL.search(sentence.text)
            at = verb.start() if verb else len(sentence.text)
        else:
            spot = pattern.search(sentence.text) if pattern is not None else None
            if spot is None:
                continue
            at = spot.start()
        clause = scope_clause(document, document.clause_at(sentence.start))
        party = _party(rule.party, rule.party_at, sentence, at, clause, doc)
        if party is None:
            continue
        key = clause.id if clause is not None else ""
        if key not in hits:
            if len(hits) >= _MAX_FLAGS_PER_RULE:
                continue
            hits[key] = _Hit(clause, values=values, party=party)
        if len(hits[key].sentences) < _MAX_QUOTES_PER_FLAG:
            hits[key].sentences.append(sentence)
    return [
        h for h in hits.values() if _applies(rule, h.clause, doc) and _not_cleared(rule, h, doc)
    ]


def _party(
    wanted: tuple[Party, ...],
    party_at: re.Pattern[str] | None,
    sentence: _Sentence,
    at: int,
    clause: Clause | None,
    doc: DocumentSentences,
) -> Party | None:
    """The party acting in ``sentence``, or None when it is not one ``wanted``. A sentence whose
    party cannot be read fires (Party.UNKNOWN): the rule's wording is the test then."""
    if not wanted:
        return Party.UNKNOWN
    parties = doc.parties
    topic = for_contract(party_at, parties) if party_at is not None else None
    if topic is not None:
        # the word at or after the rule's own match: a sentence run together with the list item
        # before it ("Such audits are conducted by Company ... - Company shall allow ... to be
        # inspected, no more than once a year, by Customer") is read where the rule fired
        spot = topic.search(sentence.text, at) or topic.search(sentence.text)
        at = spot.start() if spot is not None else at
    earlier = [s.text for s in doc.of_clause(clause) if s.end <= sentence.start] if clause else []
    who = actor_in_context(parties, earlier, sentence.text, at, topic)
    if who is Party.UNKNOWN or who in wanted:
        return who
    return None


def _not_cleared(rule: RiskRule, hit: _Hit, doc: DocumentSentences) -> bool:
    """An absence claim holds when no ``cleared_by`` wording is in the clause or beyond it."""
    if not rule.cleared_by:
        return True
    document = doc.document
    reaches = rule.look_in or (Reach.CLAUSE,)
    if hit.clause is not None:
        reached = region(document, hit.clause, reaches)
        ranges, hit.looked_in = list(reached.ranges), describe([reached])
    else:
        ranges = [(s.start, s.end) for s in hit.sentences]
        hit.looked_in = "the flagged sentences"
    text = [s.text for s in doc.between(ranges)]
    patterns = [for_contract(p, doc.parties) for p in rule.cleared_by]
    return not any(p.search(t) for t in text for p in patterns)


def _mitigate(rule: RiskRule, hit: _Hit, doc: DocumentSentences) -> bool:
    """Lower the hit's severity (or clear it: False) where the contract mitigates the risk."""
    for mitigation in rule.mitigations:
        found = _mitigation_found(mitigation, hit, doc)
        if found is None:
            continue
        sentence, values = found
        if mitigation.lower_to is None:
            return False
        current = hit.severity or rule.severity
        if _RANK[mitigation.lower_to] < _RANK[current]:
            hit.severity = mitigation.lower_to
        clause = doc.document.clause_at(sentence.start)
        where = f"clause {clause.reference}" if clause and clause.reference else "the contract"
        hit.mitigation = _fill(mitigation.note, where, values)
        return True
    return True


def _mitigation_found(
    mitigation: Mitigation, hit: _Hit, doc: DocumentSentences
) -> tuple[_Sentence, dict[str, float]] | None:
    document, parties = doc.document, doc.parties
    if mitigation.look_in is Reach.DOCUMENT or hit.clause is None:
        pool = doc.all()
    else:
        pool = doc.between(list(region(document, hit.clause, (mitigation.look_in,)).ranges))
    pattern = for_contract(mitigation.pattern, parties) if mitigation.pattern else None
    unless = for_contract(mitigation.unless, parties) if mitigation.unless else None
    for sentence in pool:
        if unless is not None and unless.search(sentence.text):
            continue
        values: dict[str, float] = {}
        at = 0
        if mitigation.check is not None:
            found = extract(mitigation.check.param, sentence.text)
            if found is None or not mitigation.check.holds(found.value):
                continue
            values[mitigation.check.param] = found.value
            verb = _MODAL.search(sentence.text)
            at = verb.start() if verb else len(sentence.text)
        if pattern is not None:
            spot = pattern.search(sentence.text)
            if spot is None:
                continue
            at = spot.start()
        clause = scope_clause(document, document.clause_at(sentence.start))
        who = _party(mitigation.party, mitigation.party_at, sentence, at, clause, doc)
        if who is None or (mitigation.party and who is Party.UNKNOWN):
            continue  # a mitigation counts only when its party is certain
        return sentence, values
    return None


def _fill(note: str, where: str, values: dict[str, float]) -> str:
    text = note.replace("{clause}", where)
    for name, value in values.items():
        text = text.replace("{" + name + "}", f"{value:g}")
    return text


def _flag(
    rule: RiskRule, hit: _Hit, document: Document, entry_rules: tuple[RiskRule, ...] = ()
) -> RiskFlag:
    quotes = tuple(
        RiskQuote(
            start=s.start,
            end=s.end,
            text=s.text,
            page=document.page_at(s.start),
            clause_number=_reference(document.clause_at(s.start)),
        )
        for s in hit.sentences
    )
    first = quotes[0] if quotes else None
    clause_number = first.clause_number if first else _reference(hit.clause)
    return RiskFlag(
        rule_id=rule.id,
        severity=hit.severity or rule.severity,
        message=rule.message,
        recommendation=rule.recommendation,
        text=first.text if first else "",
        page=first.page if first else None,
        start=first.start if first else None,
        end=first.end if first else None,
        clause_number=clause_number,
        values=hit.values,
        quotes=quotes,
        party=hit.party if hit.party not in (None, Party.UNKNOWN) else None,
        looked_in=hit.looked_in,
        mitigation=hit.mitigation,
        limits=tuple(
            r.check
            for r in (rule, *(r for r in entry_rules if r.id in rule.supersedes))
            if r.check is not None
        ),
    )


def _reference(clause: Clause | None) -> str:
    return clause.reference if clause is not None else ""


def drop_repeats(findings: tuple[Finding, ...], library: Library) -> tuple[Finding, ...]:
    """One flag per risk across findings: where a rule ``supersedes`` a rule of another entry
    ("the supplier may assign on a merger" under change of control absorbs "the supplier may
    assign without consent" under assignment) and both quote the same sentence, the other
    finding's flag is dropped."""
    quoted: dict[str, set[int]] = {}
    for finding in findings:
        for risk in finding.risks:
            starts = {q.start for q in risk.quotes}
            quoted.setdefault(risk.rule_id, set()).update(starts)
    absorbed_by: dict[str, list[str]] = {}
    for entry in library.entries:
        own = {r.id for r in entry.risk_rules}
        for rule in entry.risk_rules:
            for other in rule.supersedes:
                if other not in own:
                    absorbed_by.setdefault(other, []).append(rule.id)
    if not absorbed_by:
        return findings

    def repeated(risk: RiskFlag) -> bool:
        starts = {q.start for q in risk.quotes}
        return any(starts & quoted.get(r, set()) for r in absorbed_by.get(risk.rule_id, ()))

    return tuple(
        replace(f, risks=tuple(r for r in f.risks if not repeated(r)))
        if any(repeated(r) for r in f.risks)
        else f
        for f in findings
    )
