"""JSON export: the ``ito-review/1`` object, plus the reviewer's work when there is any."""

from __future__ import annotations

import json
from typing import Any

from ito_desktop.core.attention import attention_list, reviewed_count
from ito_desktop.core.effective import accepted_risks, effective_status, open_risks
from ito_desktop.core.review import ReviewResult
from ito_desktop.core.serialize import review_to_dict
from ito_desktop.core.session import ReviewSession
from ito_desktop.export import formats
from ito_desktop.export.base import ExportOptions, TextExporter


def review_json(
    result: ReviewResult, session: ReviewSession | None, options: ExportOptions
) -> dict[str, Any]:
    """``review_to_dict`` unchanged; a ``review`` key is added only when a session is given.

    Every finding stays in ``findings`` (the schema promises one per library entry); a clause
    the reviewer marked not applicable shows that in ``review.items``.
    """
    data = review_to_dict(result)
    if session is None:
        return data
    by_id = {finding.clause_id: finding for finding in result.findings}
    items: list[dict[str, Any]] = []
    for clause_id, item in sorted(session.items.items()):
        finding = by_id.get(clause_id)
        items.append(
            {
                "clause_id": clause_id,
                "decision": item.decision.value if item.decision is not None else None,
                "effective_status": effective_status(finding, item) if finding else None,
                "open_risks": [r.rule_id for r in open_risks(finding, item)] if finding else [],
                "accepted_risks": (
                    [r.rule_id for r in accepted_risks(finding, item)] if finding else []
                ),
                "note": item.note,
                "done": item.done,
                "updated": item.updated,
            }
        )
    data["review"] = {
        "reviewer": options.reviewer_name(session),
        "date": options.day().isoformat(),
        # as the app counts them: decided or ticked done; undecided open issues
        "reviewed": reviewed_count(result.findings, session),
        "needs_attention": [f.clause_id for f in attention_list(result.findings, session)],
        "items": items,
    }
    return data


class JsonExporter(TextExporter):
    spec = formats.JSON

    def render(
        self, result: ReviewResult, session: ReviewSession | None, options: ExportOptions
    ) -> str:
        data = review_json(result, session, options)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
