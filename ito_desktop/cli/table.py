"""The terminal report: findings grouped by category, with counts, evidence and risks."""

from __future__ import annotations

import shutil
import textwrap

from ito_desktop.core.effective import effective_counts
from ito_desktop.core.findings import Finding, Status
from ito_desktop.core.plural import count
from ito_desktop.core.reason_text import describe
from ito_desktop.core.reasons import LOOKED_FOR_KINDS
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.rules.wording import value_sentences

_COLORS = {Status.PRESENT: "32", Status.WEAK: "33", Status.MISSING: "31"}
_SEVERITY_COLORS = {"high": "31;1", "medium": "33", "low": "36", "check": "37"}


def render_table(result: ReviewResult, *, color: bool = False, width: int | None = None) -> str:
    """A readable report; status is always a word, colour only adds to it."""
    width = width or min(shutil.get_terminal_size((110, 24)).columns, 140)
    paint = _painter(color)
    document = result.document
    lines: list[str] = []
    pages = f", {count(document.pages, 'page')}" if document.pages else ""
    lines.append(paint("1", f"ITO Review \u2014 {document.path.name}"))
    lines.append(
        f"{document.format.upper()}{pages}, {count(len(document.clauses), 'clause')}; "
        f"library: {result.library.name} {result.library.version} "
        f"({len(result.library.entries)} clauses checked)"
    )
    for warning in document.warnings:
        lines.append(paint("33", f"Warning: {warning}"))
    for key, title in result.library.categories:
        findings = [f for f in result.findings if f.category == key]
        lines.append("")
        counts = _counts(findings)
        lines.append(paint("1", f"{title.upper()}") + f"  ({counts})")
        for finding in findings:
            lines.extend(_finding_lines(finding, width, paint))
    summary = result.summary
    lines.append("")
    lines.append(
        paint(
            "1",
            f"Summary: {summary.present} present, {summary.weak} weak, {summary.missing} missing; "
            f"risks: {summary.risks_high} high, {summary.risks_medium} medium, "
            f"{summary.risks_low} low"
            + (f", {summary.risks_check} to check" if summary.risks_check else "")
            + f" ({summary.seconds:.2f} s)",
        )
    )
    missing_required = [
        f.title
        for f in result.findings
        if f.status is Status.MISSING and f.importance.value == "required"
    ]
    if missing_required:
        lines.extend(
            textwrap.wrap(
                "Required clauses missing: " + ", ".join(missing_required) + ".",
                width=width,
            )
        )
    return "\n".join(lines) + "\n"


def _counts(findings: list[Finding]) -> str:
    tally = effective_counts(findings)  # the engine's view: the terminal shows no decisions
    parts = [f"{tally.of(status.effective)} {status.value}" for status in Status]
    if tally.risks_open:
        parts.append(count(tally.risks_open, "risk"))
    return ", ".join(parts)


def _looked_for(finding: Finding) -> str:
    """For a missing clause: what it was looked for as (or that there was no text to look in)."""
    for reason in reversed(finding.reasons):
        if reason.kind in LOOKED_FOR_KINDS:
            return describe(reason)
    return ""


def _finding_lines(finding: Finding, width: int, paint: _Paint) -> list[str]:
    word = finding.status.label.upper()
    status = paint(_COLORS[finding.status], f"{word:<8}")
    where = ""
    quote = ""
    if finding.evidence:
        ev = finding.evidence[0]
        ref = _cite(ev.clause_number) or ev.clause_title
        page = f" p.{ev.page}" if ev.page else ""
        where = f"  [{ref}{page}]" if ref or page else ""
        quote = ev.text
    importance = "" if finding.importance.value == "required" else f" ({finding.importance.value})"
    lines = [f"  {status} {finding.title}{importance}  {finding.score:.2f}{where}"]
    indent = " " * 13
    if quote:
        lines.extend(
            textwrap.wrap(
                "\u201c" + _shorten(quote, 220) + "\u201d",
                width=width,
                initial_indent=indent,
                subsequent_indent=indent,
            )
        )
    elif finding.status is Status.MISSING and (looked_for := _looked_for(finding)):
        lines.extend(
            textwrap.wrap(looked_for, width=width, initial_indent=indent, subsequent_indent=indent)
        )
    for risk in finding.risks:
        values = "; ".join(value_sentences(risk.values, risk.limits))
        label = paint(_SEVERITY_COLORS[risk.severity.value], f"RISK {risk.severity.value.upper()}")
        text = f"{risk.message}" + (f" ({values})" if values else "")
        where = f" [{_cite(risk.clause_number)}]" if risk.clause_number else ""
        lines.extend(
            textwrap.wrap(
                text + where,
                width=width,
                initial_indent=f"{indent}{label}: ",
                subsequent_indent=indent + "  ",
            )
        )
        lines.extend(
            textwrap.wrap(
                "Ask for: " + risk.recommendation,
                width=width,
                initial_indent=indent + "  ",
                subsequent_indent=indent + "  ",
            )
        )
    return lines


def _cite(reference: str) -> str:
    """ "12.3" -> "cl. 12.3"; a reference that names itself ("Schedule 2, ...") stays."""
    if not reference:
        return ""
    return reference if reference[0].isalpha() else f"cl. {reference}"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


class _Paint:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled else text


def _painter(enabled: bool) -> _Paint:
    return _Paint(enabled)
