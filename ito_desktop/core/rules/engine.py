"""Run an entry's risk rules on the clauses matched to it (or the whole document)."""

from __future__ import annotations

from dataclasses import dataclass

from ito_desktop.core.findings import RiskFlag, Status
from ito_desktop.core.library.schema import RiskRule, RuleKind, Scope
from ito_desktop.core.matching.engine import EntryMatch
from ito_desktop.core.matching.passages import Passage, sentences
from ito_desktop.core.model import Document
from ito_desktop.core.rules.params import extract

_MAX_SCOPE_CHARS = 6000
_MAX_FLAGS_PER_RULE = 3


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    text: str


class DocumentSentences:
    """Sentences of the whole document, computed once per review and shared by all rules."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._all: list[_Sentence] | None = None

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


def scope_ranges(document: Document, passages: tuple[Passage, ...]) -> list[tuple[int, int]]:
    """The clauses of ``passages``, or just the passage where its clause is a whole article.

    A list item ("(c) Supplier undergoes a change of Control") is read with its parent, whose
    lead-in ("Customer may terminate this Agreement if:") gives the item its meaning.
    """
    by_id = {clause.id: clause for clause in document.clauses}
    ranges: list[tuple[int, int]] = []
    for passage in passages:
        clause = passage.clause
        if clause is not None and clause.number.startswith("(") and clause.parent in by_id:
            parent = by_id[clause.parent]
            if parent.end - parent.body_start <= _MAX_SCOPE_CHARS:
                clause = parent
        if clause is not None and clause.end - clause.body_start <= _MAX_SCOPE_CHARS:
            ranges.append((clause.body_start, clause.end))
        else:
            ranges.append((passage.start, passage.end))
    return sorted(set(ranges))


def run_rules(
    document: Document, match: EntryMatch, doc_sentences: DocumentSentences
) -> tuple[RiskFlag, ...]:
    """Risk flags for one entry. Rules only run when the clause was found (present or weak)."""
    if match.status is Status.MISSING or not match.entry.risk_rules:
        return ()
    # Wording and parameter rules read every clause that matched at least weakly, so a risky
    # sentence is caught wherever the topic is treated; "requires" rules ask what the clause
    # found as evidence says, so they read only the evidence clauses.
    related = doc_sentences.between(scope_ranges(document, match.related or match.passages))
    evidence = doc_sentences.between(scope_ranges(document, match.passages))
    flags: list[RiskFlag] = []
    for rule in match.entry.risk_rules:
        if rule.scope is Scope.DOCUMENT:
            pool = doc_sentences.all()
        else:
            pool = evidence if rule.kind is RuleKind.REQUIRES else related
        flags.extend(_apply(rule, pool, document))
    return tuple(flags)


def _apply(rule: RiskRule, pool: list[_Sentence], document: Document) -> list[RiskFlag]:
    if rule.kind is RuleKind.REQUIRES:
        if any(p.search(s.text) for s in pool for p in rule.requires):
            return []
        return [_flag(rule, document, None, {})]
    flags: list[RiskFlag] = []
    for sentence in pool:
        if rule.unless is not None and rule.unless.search(sentence.text):
            continue
        values: dict[str, float] = {}
        if rule.kind is RuleKind.CHECK and rule.check is not None:
            found = extract(rule.check.param, sentence.text)
            if found is None or not rule.check.holds(found.value):
                continue
            values[rule.check.param] = round(found.value, 2)
        elif rule.pattern is None or not rule.pattern.search(sentence.text):
            continue
        flags.append(_flag(rule, document, sentence, values))
        if len(flags) >= _MAX_FLAGS_PER_RULE:
            break
    return flags


def _flag(
    rule: RiskRule, document: Document, sentence: _Sentence | None, values: dict[str, float]
) -> RiskFlag:
    clause = document.clause_at(sentence.start) if sentence else None
    return RiskFlag(
        rule_id=rule.id,
        severity=rule.severity,
        message=rule.message,
        recommendation=rule.recommendation,
        text=sentence.text if sentence else "",
        page=document.page_at(sentence.start) if sentence else None,
        start=sentence.start if sentence else None,
        end=sentence.end if sentence else None,
        clause_number=clause.reference if clause else "",
        values=values,
    )
