"""What a redline proposes: the library's wording for missing clauses and risky sentences.

Pure planning, shared by the Word redline (tracked changes in a copy of the contract) and the
"proposed wording" document made for a PDF contract: which clauses to insert and where, which
sentences to replace and with what, and why — each change in the reviewer's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ito_desktop.core.effective import EffectiveStatus, effective_status, open_risks
from ito_desktop.core.findings import Finding, Status
from ito_desktop.core.library.schema import Importance, Library
from ito_desktop.core.model import Clause
from ito_desktop.core.model import Document as Contract
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.rules.parties import read_parties
from ito_desktop.core.session import ReviewSession

_PROPOSED = (Importance.REQUIRED, Importance.RECOMMENDED)
_NUMBERED = re.compile(r"^\d+$")
_SUB_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.(\d+)$")
ADDITIONAL = "Additional provisions"
_WORD = re.compile(r"[a-z]{5,}")
# Words in clause titles too general to tie a missing clause to a section of the contract.
_COMMON = frozenset(
    {"agreement", "services", "service", "customer", "supplier", "general", "clause", "terms"}
)


@dataclass(frozen=True, slots=True)
class Insertion:
    """A missing clause's model wording, to go after block ``after_block`` of the contract."""

    clause_id: str
    title: str
    text: str
    reason: str  # for the comment: what is missing and why it matters
    after_block: int  # index into Document.blocks
    number: str  # the number it gets ("15.6", "24.1"); "" where none could be worked out
    section: str  # where, for the reader: "clause 15 (Limitation of liability)"
    new_section: str = ""  # "24. Additional provisions" for the first insertion that opens it


@dataclass(frozen=True, slots=True)
class Replacement:
    """A risky sentence to delete and the library's wording to put in its place."""

    clause_id: str
    title: str
    rule_id: str
    start: int  # offsets of the sentence in Document.text
    end: int
    quote: str
    text: str
    reason: str
    clause_number: str


@dataclass(frozen=True, slots=True)
class RedlinePlan:
    insertions: tuple[Insertion, ...]
    replacements: tuple[Replacement, ...]


def plan_redline(result: ReviewResult, session: ReviewSession | None) -> RedlinePlan:
    """Insert the sample wording of every missing required or recommended clause (as the
    reviewer's decisions leave it) and replace each open risk's sentence where its rule gives
    wording; a clause the reviewer marked not applicable, or a risk they accepted, is left."""
    document, library = result.document, result.library
    names = _party_names(document)
    insertions: list[Insertion] = []
    replacements: list[Replacement] = []
    placer = _Placer(document, result.findings, library)
    for finding in result.findings:
        item = session.items.get(finding.clause_id) if session is not None else None
        status = effective_status(finding, item)
        entry = library.entry(finding.clause_id)
        if status is EffectiveStatus.MISSING and finding.importance in _PROPOSED:
            wording = " ".join(entry.guidance.sample_wording.split())
            if wording:
                insertions.append(placer.place(finding, wording, _why_missing(finding, library)))
            continue
        for risk in open_risks(finding, item):
            rule = next((r for r in entry.risk_rules if r.id == risk.rule_id), None)
            if rule is None or not rule.replacement or risk.start is None or risk.end is None:
                continue
            if any(r.start < risk.end and risk.start < r.end for r in replacements):
                continue  # one change per sentence
            replacements.append(
                Replacement(
                    clause_id=finding.clause_id,
                    title=finding.title,
                    rule_id=risk.rule_id,
                    start=risk.start,
                    end=risk.end,
                    quote=risk.text,
                    text=_with_names(rule.replacement, names),
                    reason=f"{risk.severity.value.capitalize()} risk: {risk.message}",
                    clause_number=risk.clause_number,
                )
            )
    return RedlinePlan(tuple(insertions), tuple(replacements))


def _why_missing(finding: Finding, library: Library) -> str:
    entry = library.entry(finding.clause_id)
    first = re.split(r"(?<=[.!?])\s+", " ".join(entry.description.split()), maxsplit=1)[0]
    return f"{finding.title} is missing ({finding.importance.value} clause). {first}"


def _party_names(document: Contract) -> dict[str, str]:
    """How the contract names each side, for replacement wording: its defined names where the
    preamble gives them ("Customer", "Contoso"), else "the Customer" / "the Supplier"."""
    names = {"customer": "the Customer", "supplier": "the Supplier"}
    for name, side in read_parties(document.text).defined:
        if side.value in names and names[side.value].startswith("the "):
            names[side.value] = name
    return names


def _with_names(template: str, names: dict[str, str]) -> str:
    text = template.replace("{customer}", names["customer"]).replace(
        "{supplier}", names["supplier"]
    )
    return text[0].upper() + text[1:] if text else text


class _Placer:
    """Where each inserted clause goes: at the end of the section holding a found clause of the
    same category ("Insurance" after the liability clauses), numbered after its last
    sub-clause; else in a new "Additional provisions" section after the last numbered one."""

    def __init__(self, document: Contract, findings: tuple[Finding, ...], library: Library) -> None:
        self.document = document
        self.findings = findings
        self.library = library
        self.used: dict[str, int] = {}  # section id -> sub-clause numbers handed out
        self.additional = 0  # clauses put in the new section so far

    def place(self, finding: Finding, wording: str, reason: str) -> Insertion:
        section = self._related_section(finding)
        if section is not None:
            number = self._next_number(section)
            return Insertion(
                finding.clause_id,
                finding.title,
                wording,
                reason,
                self._last_block(section),
                number,
                _describe(section),
            )
        last = self._last_main_section()
        top = _top_number(last.number) if last is not None else ""
        new_number = str(int(top) + 1) if top.isdigit() else ""
        self.additional += 1
        number = f"{new_number}.{self.additional}" if new_number else ""
        heading = f"{new_number}. {ADDITIONAL}" if new_number else ADDITIONAL
        after = self._last_block(last) if last is not None else len(self.document.blocks) - 1
        return Insertion(
            finding.clause_id,
            finding.title,
            wording,
            reason,
            after,
            number,
            f"a new section “{heading}”",
            new_section=heading if self.additional == 1 else "",
        )

    def _related_section(self, missing: Finding) -> Clause | None:
        """A numbered section whose heading shares a word with the clause's title or headings
        ("6. Personnel" for key personnel), else the section of a found clause of its
        category."""
        entry = self.library.entry(missing.clause_id)
        words = {
            w for text in (entry.title, *entry.headings) for w in _WORD.findall(text.lower())
        } - _COMMON
        for section in self._main_sections():
            if words & set(_WORD.findall((section.title or "").lower())):
                return section
        for finding in self.findings:
            if finding.category != missing.category or finding.status is Status.MISSING:
                continue
            for evidence in finding.evidence:
                found = self.document.clause_at(evidence.start)
                top = self._top(found) if found is not None else None
                if top is not None and _NUMBERED.match(top.number.rstrip(".")):
                    return top
        return None

    def _top(self, clause: Clause) -> Clause:
        holders = self.document.ancestors(clause)
        return holders[-1] if holders else clause

    def _next_number(self, section: Clause) -> str:
        children = [c for c in self.document.clauses if c.parent == section.id]
        last = 0
        prefix = section.number.rstrip(".")
        for child in children:
            match = _SUB_NUMBER.match(child.number.rstrip("."))
            if match and match.group(1) == prefix:
                last = max(last, int(match.group(2)))
        self.used[section.id] = self.used.get(section.id, last) + 1
        return f"{prefix}.{self.used[section.id]}" if prefix else ""

    def _last_block(self, section: Clause) -> int:
        return self.document.block_index_at(max(section.start, section.end - 1))

    def _main_sections(self) -> list[Clause]:
        return [
            c
            for c in self.document.clauses
            if not c.parent and _NUMBERED.match(c.number.rstrip("."))
        ]

    def _last_main_section(self) -> Clause | None:
        tops = self._main_sections()
        return max(tops, key=lambda c: c.start) if tops else None


def _top_number(number: str) -> str:
    return number.rstrip(".").split(".")[0]


def _describe(section: Clause) -> str:
    title = f" ({section.title})" if section.title else ""
    return f"clause {section.number.rstrip('.')}{title}"
