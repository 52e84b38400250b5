"""Review results: one finding per library entry, with evidence, reasons and risk flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ito_desktop.core.library.schema import Importance, ParamCheck, Party, Severity
from ito_desktop.core.reason_text import describe_all
from ito_desktop.core.reasons import Reason
from ito_desktop.core.status import Status as Status  # the engine's verdict, re-exported

if TYPE_CHECKING:
    from ito_desktop.core.model import Document, SourceSpan


@dataclass(frozen=True, slots=True)
class Evidence:
    """A quoted passage of the contract that supports a finding."""

    clause_id: str
    clause_number: str
    clause_title: str
    page: int | None
    start: int  # offsets into Document.text
    end: int
    text: str
    score: float
    ocr: bool = False  # the quoted text was recognised by OCR from a page image

    def spans(self, document: Document) -> tuple[SourceSpan, ...]:
        """Where the quote is in ``document`` (the one it was quoted from): one span per page
        it was printed on, with that page's line boxes, or its DOCX paragraph.

        Computed from the document rather than stored, so the JSON, the exports and saved
        reviews stay as they are and the boxes always belong to the document at hand."""
        return document.spans(self.start, self.end)


@dataclass(frozen=True, slots=True)
class RiskQuote:
    """One sentence behind a risk flag."""

    start: int
    end: int
    text: str
    page: int | None
    clause_number: str


@dataclass(frozen=True, slots=True)
class RiskFlag:
    """A risk rule that fired, with the sentence it fired on and any extracted values."""

    rule_id: str
    severity: Severity
    message: str
    recommendation: str
    text: str  # the sentence quoted; empty for "requires" rules that found nothing
    page: int | None
    start: int | None
    end: int | None
    clause_number: str = ""
    values: dict[str, float] = field(default_factory=dict)
    # Every sentence of the clause behind this flag (one flag per risk per clause); the first
    # is ``text``, ``start`` and ``end``.
    quotes: tuple[RiskQuote, ...] = ()
    party: Party | None = None  # who the flagged wording binds or benefits, when read
    looked_in: str = ""  # for a claim that something is absent: where it was looked for
    # The parameter checks behind ``values`` (this rule's and those it supersedes): what the
    # library asks for, said in words beside the value found (core.rules.wording).
    limits: tuple[ParamCheck, ...] = ()
    mitigation: str = ""  # why the severity was lowered: what elsewhere in the contract helps

    def spans(self, document: Document) -> tuple[SourceSpan, ...]:
        """Where the flagged sentence is in ``document``, one span per page (as
        ``Evidence.spans``); none for a flag that quotes nothing."""
        if self.start is None or self.end is None:
            return ()
        return document.spans(self.start, self.end)


@dataclass(frozen=True, slots=True)
class Finding:
    clause_id: str  # the library entry id (CLAUSE_IDS.md)
    title: str
    category: str
    category_title: str
    importance: Importance
    status: Status
    score: float
    reasons: tuple[Reason, ...]  # why this status, as records (core.reasons)
    evidence: tuple[Evidence, ...]
    risks: tuple[RiskFlag, ...] = ()

    @property
    def reason_texts(self) -> tuple[str, ...]:
        """The reasons in words, as Details, the JSON object and the exports show them."""
        return describe_all(self.reasons)
