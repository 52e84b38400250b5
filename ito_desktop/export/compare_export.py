"""A comparison of two drafts as JSON (``ito-review-compare/1``), Markdown or a terminal table."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from ito_desktop.core.compare import (
    FORMAT,
    Change,
    ClauseComparison,
    Comparison,
    Wording,
    diff_text,
    place,
)
from ito_desktop.core.plural import count
from ito_desktop.core.review import ReviewResult

COMPARE_FORMATS = ("table", "json", "md", "xlsx", "docx")
BINARY_FORMATS = ("xlsx", "docx")
_QUOTE_CHARS = 600  # of a clause's wording in the table and Markdown (JSON has it all)


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """The documented, versioned object: every clause id of the library once, changed first."""
    return {
        "format": FORMAT,
        "old": _document(comparison.old),
        "new": _document(comparison.new),
        "library": {
            "name": comparison.new.library.name,
            "version": comparison.new.library.version,
        },
        "summary": {
            "clauses": len(comparison.rows),
            "changed": len(comparison.changed),
            "unchanged": len(comparison.unchanged),
            **{change.value: comparison.count(change) for change in Change},
        },
        "rows": [_row(row) for row in comparison.rows],
    }


def _document(result: ReviewResult) -> dict[str, Any]:
    document = result.document
    return {
        "path": str(document.path),
        "format": document.format,
        "sha256": document.sha256,
        "clauses": len(document.clauses),
    }


def _row(row: ClauseComparison) -> dict[str, Any]:
    return {
        "clause_id": row.clause_id,
        "title": row.title,
        "category": row.category_title,
        "importance": row.importance,
        "old_status": row.old_status.value,
        "new_status": row.new_status.value,
        "changes": [change.value for change in row.changes],
        "risks_added": list(row.risks_added),
        "risks_removed": list(row.risks_removed),
        "old_clause": _wording(row.old),
        "new_clause": _wording(row.new),
        "diff": [{"kind": part.kind.value, "text": part.text} for part in row.diff],
        "carried": None
        if row.carried is None
        else {
            "decision": row.carried.decision.value if row.carried.decision else None,
            "note": row.carried.note,
            "recheck": row.carried.recheck,
        },
    }


def _wording(wording: Wording | None) -> dict[str, Any] | None:
    if wording is None:
        return None
    return {
        "number": wording.clause_number,
        "title": wording.clause_title,
        "page": wording.page,
        "start": wording.start,
        "end": wording.end,
        "text": wording.text,
    }


def render_json(comparison: Comparison) -> str:
    return json.dumps(comparison_json(comparison), indent=2, ensure_ascii=False) + "\n"


def _headline(comparison: Comparison) -> list[str]:
    old, new = comparison.old.document, comparison.new.document
    tally = [
        f"{change.label}: {comparison.count(change)}"
        for change in Change
        if comparison.count(change)
    ]
    return [
        f"Old draft: {old.path.name}",
        f"New draft: {new.path.name}",
        f"{count(len(comparison.changed), 'clause')} changed, "
        f"{len(comparison.unchanged)} unchanged" + (f" ({'; '.join(tally)})" if tally else ""),
    ]


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rstrip() + "…"


def _carried_line(row: ClauseComparison) -> str | None:
    carried = row.carried
    if carried is None:
        return None
    return "your earlier review: " + carried.describe(f'"{_shorten(carried.note)}"')


def render_table(comparison: Comparison, *, width: int = 100) -> str:
    """The terminal view: changed clause ids only, opened gaps and new risks first; the
    unchanged ones are counted."""
    lines = _headline(comparison)
    wrap = textwrap.TextWrapper(width=width, initial_indent="    ", subsequent_indent="    ")
    for row in comparison.changed:
        lines.append("")
        what = ", ".join(change.label for change in row.changes)
        lines.append(
            f"{row.title} [{row.clause_id}]: {row.old_status.value} -> "
            f"{row.new_status.value}; {what}"
        )
        lines.append(f"  where: {place(row.old)} -> {place(row.new)}")
        if row.risks_added:
            lines.append(f"  risks added: {', '.join(row.risks_added)}")
        if row.risks_removed:
            lines.append(f"  risks removed: {', '.join(row.risks_removed)}")
        if row.diff:
            lines.append("  wording ([-old-] {+new+}):")
            lines += wrap.wrap(_shorten(diff_text(row.diff)))
        carried = _carried_line(row)
        if carried:
            lines.append(f"  {carried}")
    if not comparison.changed:
        lines += ["", "No clause changed status, risks or wording."]
    return "\n".join(lines) + "\n"


def render_markdown(comparison: Comparison) -> str:
    old, new = comparison.old.document, comparison.new.document
    lines = [
        "# Comparison of two drafts",
        "",
        f"- Old draft: `{old.path.name}`",
        f"- New draft: `{new.path.name}`",
        f"- {_headline(comparison)[2]}",
        "",
        "| Clause | Old | New | What changed | Where (old → new) |",
        "|---|---|---|---|---|",
    ]
    for row in comparison.changed:
        what = ", ".join(change.label for change in row.changes)
        lines.append(
            f"| {_cell(row.title)} | {row.old_status.value} | {row.new_status.value} | "
            f"{what} | {place(row.old)} → {place(row.new)} |"
        )
    for row in comparison.changed:
        if not (row.diff or row.risks_added or row.risks_removed or row.carried):
            continue
        lines += ["", f"## {row.title}", ""]
        if row.risks_added:
            lines.append(f"- Risks added: {', '.join(f'`{r}`' for r in row.risks_added)}")
        if row.risks_removed:
            lines.append(f"- Risks removed: {', '.join(f'`{r}`' for r in row.risks_removed)}")
        carried = _carried_line(row)
        if carried:
            lines.append(f"- {carried[0].upper()}{carried[1:]}")
        if row.diff:
            lines += ["", "Wording (~~old~~ **new**):", "", "> " + _markdown_diff(row)]
    return "\n".join(lines) + "\n"


def _markdown_diff(row: ClauseComparison) -> str:
    out: list[str] = []
    for part in row.diff:
        text = _cell(_shorten(part.text))
        if part.kind.value == "delete":
            out.append(f"~~{text}~~")
        elif part.kind.value == "insert":
            out.append(f"**{text}**")
        else:
            out.append(text)
    return " ".join(out)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render_binary(comparison: Comparison, fmt: str) -> bytes:
    """The workbook or Word report of ``comparison`` (``fmt`` in ``BINARY_FORMATS``)."""
    from ito_desktop.export.compare_office import comparison_docx, comparison_xlsx

    return comparison_xlsx(comparison) if fmt == "xlsx" else comparison_docx(comparison)


def render(comparison: Comparison, fmt: str) -> str:
    if fmt == "json":
        return render_json(comparison)
    if fmt == "md":
        return render_markdown(comparison)
    return render_table(comparison)
