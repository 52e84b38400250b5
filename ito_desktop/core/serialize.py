"""The ``ito-review/1`` JSON object of a review (DESIGN.md section 6)."""

from __future__ import annotations

from typing import Any

from ito_desktop.core.review import ReviewResult
from ito_desktop.core.status import Status

SCHEMA = "ito-review/1"


def review_to_dict(result: ReviewResult) -> dict[str, Any]:
    """Exactly the documented object: one finding per library entry, missing ones included."""
    document = result.document
    summary = result.summary
    return {
        "schema": SCHEMA,
        "document": {
            "path": str(document.path),
            "format": document.format,
            "sha256": document.sha256,
            "pages": document.pages,
            "clauses": len(document.clauses),
            "warnings": list(document.warnings),
            # Pages read by OCR, with Tesseract's mean confidence per page (None: no OCR).
            "ocr": (
                {
                    "pages": list(document.ocr.pages),
                    "confidence": [round(c, 3) for c in document.ocr.confidences],
                    "mean_confidence": round(document.ocr.mean_confidence, 3),
                }
                if document.ocr is not None
                else None
            ),
        },
        "library": {
            "name": result.library.name,
            "version": result.library.version,
            "entries": len(result.library.entries),
        },
        # The learned scorer (None when the library's signals decided alone).
        "model": result.model.as_dict() if result.model is not None else None,
        "findings": [
            {
                "clause_id": f.clause_id,
                "title": f.title,
                "category": f.category,
                "importance": f.importance.value,
                "status": f.status.value,
                "score": f.score,
                "reasons": list(f.reason_texts),
                "evidence": [
                    {
                        "clause_number": ev.clause_number,
                        "page": ev.page,
                        "start": ev.start,
                        "end": ev.end,
                        "text": ev.text,
                        "ocr": ev.ocr,
                    }
                    for ev in f.evidence
                ],
                "risks": [
                    {
                        "rule_id": r.rule_id,
                        "severity": r.severity.value,
                        "message": r.message,
                        "recommendation": r.recommendation,
                        "text": r.text,
                        "page": r.page,
                        "values": r.values,
                        "clause_number": r.clause_number,
                        "quotes": [
                            {"clause_number": q.clause_number, "page": q.page, "text": q.text}
                            for q in r.quotes
                        ],
                        "party": r.party.value if r.party else None,
                        "looked_in": r.looked_in,
                        "mitigation": r.mitigation,
                    }
                    for r in f.risks
                ],
            }
            for f in result.findings
        ],
        "summary": {
            **{status.value: summary.of(status) for status in Status},
            "risks_high": summary.risks_high,
            "risks_medium": summary.risks_medium,
            "risks_low": summary.risks_low,
            "risks_check": summary.risks_check,
            "seconds": summary.seconds,
        },
    }
