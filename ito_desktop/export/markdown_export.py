"""Markdown export: a readable summary of the review for e-mail, wikis and tickets."""

from __future__ import annotations

import re

from ito_desktop.core.review import ReviewResult
from ito_desktop.core.session import ReviewSession
from ito_desktop.export import formats
from ito_desktop.export.base import ExportOptions, TextExporter
from ito_desktop.export.rows import Group, IssueRow
from ito_desktop.export.summary import report_content

_MD_SPECIAL = re.compile(r"([\\`*\[\]<|])")


def md_escape(text: str) -> str:
    """Text shown literally in Markdown (contract wording can hold *, _, |, [ ...)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(
    result: ReviewResult, session: ReviewSession | None, options: ExportOptions
) -> str:
    report = report_content(result, session, options)
    header = report.header
    lines = [
        f"# Contract review: {md_escape(header.contract)}",
        "",
        "| | |",
        "|---|---|",
        f"| Contract | {md_escape(header.contract)} ({header.format}, {header.size}) |",
        f"| SHA-256 | `{header.sha256}` |",
        f"| Date | {header.date} |",
        f"| Clause library | {md_escape(header.library)} |",
        f"| Reviewer | {md_escape(header.reviewer) or '—'} |",
        "",
        "## Summary",
        "",
        f"- **Clauses:** {header.counts_line}",
        f"- **Open risks:** {header.risks_line}",
    ]
    lines.extend(f"- **{label}:** {value}" for label, value in header.progress_facts)
    lines.extend(f"- **Warning:** {md_escape(warning)}" for warning in header.warnings)
    issues = report.issues
    lines += ["", f"## Issues to negotiate ({len(issues)})", ""]
    if not issues:
        lines += ["No missing, weak or risky clauses.", ""]
    for row in issues:
        lines.extend(_issue(row))
    present = report.in_group(Group.PRESENT)
    if present:
        lines += [f"## Clauses found without issues ({len(present)})", ""]
        lines.extend(
            f"- {md_escape(row.clause)} — {md_escape(row.reference) or 'found'}"
            + "".join(f" — **{md_escape(line)}**" for line in row.accepted_lines)
            + (f" — note: {md_escape(row.note)}" if row.note else "")
            for row in present
        )
        lines.append("")
    excluded = report.in_group(Group.NOT_APPLICABLE)
    if excluded:
        lines += [f"## Not applicable ({len(excluded)})", ""]
        lines.extend(
            f"- {md_escape(row.clause)}" + (f" — note: {md_escape(row.note)}" if row.note else "")
            for row in excluded
        )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _issue(row: IssueRow) -> list[str]:
    status = row.status_word
    if row.severity is not None:
        status += f", risk {row.severity_word.lower()}"
    where = f" · {md_escape(row.reference)}" if row.reference else ""
    lines = [
        f"### {row.number}. {md_escape(row.clause)} — {status}",
        "",
        f"*{md_escape(row.category)} · {row.importance.value}{where}*",
        "",
    ]
    if row.wording:
        lines += [f"> {md_escape(quote)}" for quote in row.wording.split("\n")]
        lines.append("")
    lines.extend(f"- **Issue:** {md_escape(issue)}" for issue in row.issues)
    lines.extend(f"- **Accepted:** {md_escape(line)}" for line in row.accepted_lines)
    lines.append(f"- **Why it matters:** {md_escape(row.why)}")
    lines.extend(f"- **Ask for:** {md_escape(text)}" for text in row.recommendations)
    if row.proposed:
        lines.append(f"- **Proposed wording:** {md_escape(row.proposed)}")
    if row.note:
        lines.append(f"- **Reviewer note:** {md_escape(row.note)}")
    lines.append("")
    return lines


class MarkdownExporter(TextExporter):
    spec = formats.MD

    def render(
        self, result: ReviewResult, session: ReviewSession | None, options: ExportOptions
    ) -> str:
        return render_markdown(result, session, options)
