"""One issues-list row per finding, in negotiation order, shared by every export format."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum

from ito_desktop.core.effective import (
    NOT_APPLICABLE,
    SEVERITY_RANK,
    Counts,
    EffectiveStatus,
    accepted_risks,
    effective_counts,
    effective_status,
    highest_severity,
    open_risks,
)
from ito_desktop.core.findings import Finding, RiskFlag
from ito_desktop.core.library.schema import Importance, LibraryEntry, Severity
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import FindingReview, ReviewSession
from ito_desktop.export.base import ExportOptions
from ito_desktop.export.cells import excerpt

COLUMNS: tuple[str, ...] = (
    "#",
    "Category",
    "Clause",
    "Importance",
    "Status",
    "Risk severity",
    "Contract reference",
    "Contract wording (excerpt)",
    "Issue / why it matters",
    "Recommended position",
    "Proposed wording",
    "Reviewer note",
    "Supplier response",
    "Agreed position",
    "Owner",
)

_IMPORTANCE_ORDER = {Importance.REQUIRED: 0, Importance.RECOMMENDED: 1, Importance.OPTIONAL: 2}


class Group(IntEnum):
    """Where a row sorts: what most needs negotiating comes first."""

    MISSING = 0
    RISK = 1
    WEAK = 2
    PRESENT = 3
    NOT_APPLICABLE = 4


@dataclass(frozen=True, slots=True)
class IssueRow:
    """Everything the exports say about one finding, after the reviewer's decisions."""

    number: int
    clause_id: str
    category: str
    clause: str
    importance: Importance
    status: EffectiveStatus  # after the reviewer's decision
    severity: Severity | None  # highest open risk
    reference: str
    wording: str
    issues: tuple[str, ...]  # the problems: risk messages, "no clause found", ...
    why: str  # why the clause matters (library description)
    recommendations: tuple[str, ...]  # what to ask for
    proposed: str  # model wording from the library
    note: str
    group: Group
    risks: tuple[RiskFlag, ...]  # the open risks
    accepted: tuple[RiskFlag, ...] = ()  # the risks the reviewer accepted (closed, kept)

    @property
    def status_word(self) -> str:
        return self.status.label

    @property
    def accepted_severity(self) -> Severity | None:
        """The highest severity among the accepted risks (None when none were accepted)."""
        return highest_severity(self.accepted)

    @property
    def severity_word(self) -> str:
        """The "Risk severity" cell: the open risk, else "Accepted (High)" for accepted ones."""
        if self.severity is not None:
            return self.severity.value.capitalize()
        accepted = self.accepted_severity
        return f"Accepted ({accepted.value})" if accepted is not None else ""

    @property
    def accepted_lines(self) -> tuple[str, ...]:
        """One sentence per accepted risk, saying that the reviewer accepted it."""
        return tuple(
            f"Risk accepted by the reviewer ({risk.severity.value}): {risk.message}"
            for risk in self.accepted
        )

    @property
    def has_issue(self) -> bool:
        return self.group in (Group.MISSING, Group.RISK, Group.WEAK)

    @property
    def issue_text(self) -> str:
        """The "Issue / why it matters" cell."""
        parts = [*self.issues, *self.accepted_lines]
        if self.why:
            parts.append(f"Why it matters: {self.why}" if parts else self.why)
        return "\n".join(parts)

    def cells(self) -> list[str | int]:
        """The row's values in ``COLUMNS`` order (the last three are left for the meeting)."""
        return [
            self.number,
            self.category,
            self.clause,
            self.importance.value.capitalize(),
            self.status_word,
            self.severity_word,
            self.reference,
            self.wording,
            self.issue_text,
            "\n".join(self.recommendations),
            self.proposed,
            self.note,
            "",
            "",
            "",
        ]


def issue_rows(
    result: ReviewResult, session: ReviewSession | None, options: ExportOptions
) -> list[IssueRow]:
    """One row per finding: missing first, then risks by severity, then weak, then present.

    Findings marked not applicable are left out unless ``options.include_not_applicable``; kept,
    they come last. Within a group, more important and more severe rows come first, then the
    library's order.
    """
    drafts: list[tuple[tuple[int, int, int, int], IssueRow]] = []
    for index, finding in enumerate(result.findings):
        item = _item(session, finding.clause_id)
        status = effective_status(finding, item)
        if status == NOT_APPLICABLE and not options.include_not_applicable:
            continue
        row = _row(finding, result.library.entry(finding.clause_id), item, status)
        severity_rank = -SEVERITY_RANK[row.severity] if row.severity is not None else 1
        key = (row.group, _IMPORTANCE_ORDER[finding.importance], severity_rank, index)
        if row.group is Group.RISK:
            key = (row.group, severity_rank, _IMPORTANCE_ORDER[finding.importance], index)
        drafts.append((key, row))
    drafts.sort(key=lambda pair: pair[0])
    return [_renumber(row, n) for n, (_, row) in enumerate(drafts, start=1)]


def count_effective(result: ReviewResult, session: ReviewSession | None) -> Counts:
    """``effective_counts`` of a review with the reviewer's work on it."""
    return effective_counts(result.findings, session.items if session is not None else None)


def reference(clause_number: str, page: int | None) -> str:
    """How a lawyer cites a place: "17.2", "Schedule 2, para 3.1", "17.2 (p. 12)"."""
    if not clause_number:
        return f"p. {page}" if page is not None else ""
    return f"{clause_number} (p. {page})" if page is not None else clause_number


def _item(session: ReviewSession | None, clause_id: str) -> FindingReview | None:
    return session.items.get(clause_id) if session is not None else None


def _row(
    finding: Finding, entry: LibraryEntry, item: FindingReview | None, status: EffectiveStatus
) -> IssueRow:
    risks = open_risks(finding, item) if status is not EffectiveStatus.MISSING else ()
    severity = highest_severity(risks)
    group = _group(status, severity)
    issues: list[str] = []
    recommendations: list[str] = []
    if group is Group.MISSING:
        issues.append("No such clause was found in the contract.")
    elif group is Group.WEAK:
        issues.append("Only a partial match was found: check that the wording does what is needed.")
    for risk in risks:
        issues.append(risk.message)
        if risk.recommendation and risk.recommendation not in recommendations:
            recommendations.append(risk.recommendation)
    guidance = entry.guidance
    if group in (Group.MISSING, Group.WEAK) and guidance.preferred:
        recommendations.insert(0, guidance.preferred)
    has_issue = group in (Group.MISSING, Group.RISK, Group.WEAK)
    accepted = accepted_risks(finding, item) if status is not EffectiveStatus.MISSING else ()
    cited = risks + accepted  # an accepted risk's sentence is still quoted and placed
    return IssueRow(
        number=0,
        clause_id=finding.clause_id,
        category=finding.category_title,
        clause=finding.title,
        importance=finding.importance,
        status=status,
        severity=severity,
        reference=_references(finding, cited) if status is not EffectiveStatus.MISSING else "",
        wording=_wording(finding, cited) if status is not EffectiveStatus.MISSING else "",
        issues=tuple(issues),
        why=" ".join(entry.description.split()),
        recommendations=tuple(" ".join(r.split()) for r in recommendations),
        proposed=" ".join(guidance.sample_wording.split()) if has_issue else "",
        note=item.note.strip() if item is not None else "",
        group=group,
        risks=risks,
        accepted=accepted,
    )


def _group(status: EffectiveStatus, severity: Severity | None) -> Group:
    if status is EffectiveStatus.MISSING:
        return Group.MISSING
    if status is EffectiveStatus.NOT_APPLICABLE:
        return Group.NOT_APPLICABLE
    if severity is not None:
        return Group.RISK
    return Group.WEAK if status is EffectiveStatus.WEAK else Group.PRESENT


def _references(finding: Finding, risks: tuple[RiskFlag, ...]) -> str:
    """The main evidence's place, then any other place a risk was found."""
    places: list[str] = []
    if finding.evidence:
        first = finding.evidence[0]
        places.append(reference(first.clause_number, first.page))
    for risk in risks:
        place = reference(risk.clause_number, risk.page)
        if place and place not in places:
            places.append(place)
    return "; ".join(places)


def _wording(finding: Finding, risks: tuple[RiskFlag, ...]) -> str:
    """The main evidence, plus the sentences risks fired on that it does not already quote."""
    quotes: list[str] = []
    if finding.evidence:
        quotes.append(" ".join(finding.evidence[0].text.split()))
    for risk in risks:
        text = " ".join(risk.text.split())
        if text and not any(text in quote for quote in quotes):
            label = f"[{risk.clause_number}] " if risk.clause_number else ""
            quotes.append(label + text)
    return (
        excerpt("\n".join(quotes), 900)
        if len(quotes) == 1
        else "\n".join(excerpt(quote, 450) for quote in quotes)
    )


def _renumber(row: IssueRow, number: int) -> IssueRow:
    return replace(row, number=number)
