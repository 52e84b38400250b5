"""The baseline: a reviewer's Ctrl+F with the one to three obvious words for each clause."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Written for this benchmark, independently of the library's key terms: what a reviewer would
# type first. Matching is a case-insensitive substring search, like a word processor's Find.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "data_protection": ("personal data", "personal information", "data protection"),
    "information_security": ("security",),
    "security_incident_notification": (
        "security breach",
        "security incident",
        "unauthorized access",
    ),
    "confidentiality": ("confidential",),
    "data_location": ("offshore", "data location", "cross-border"),
    "ip_ownership": ("ownership", "shall own"),
    "license_grant": ("license", "licence"),
    "customer_data_ownership": ("customer data", "client data"),
    "ip_infringement_indemnity": ("infringe",),
    "source_code_escrow": ("escrow",),
    "term_and_renewal": ("renew", "initial term"),
    "termination_for_convenience": ("for convenience", "without cause"),
    "termination_for_cause": ("material breach", "for cause"),
    "change_of_control": ("change of control", "change in control", "merger"),
    "exit_assistance": ("transition", "termination assistance"),
    "exit_plan": ("exit plan", "transition plan", "disengagement"),
    "data_return": ("return or destroy", "destruction"),
    "knowledge_transfer": ("knowledge transfer", "training"),
    "service_integration": ("cooperate", "integration", "interface"),
    "limitation_of_liability": ("limitation of liability", "consequential"),
    "uncapped_liability": ("unlimited", "uncapped"),
    "indemnification": ("indemnif",),
    "insurance": ("insurance",),
    "warranties": ("warrant",),
    "force_majeure": ("force majeure", "reasonable control"),
    "service_levels": ("service level", "availability", "uptime"),
    "service_credits": ("service credit", "credits"),
    "business_continuity": ("disaster recovery", "business continuity", "backup"),
    "change_control": ("change order", "change request", "change control"),
    "key_personnel": ("key personnel", "key employee"),
    "subcontracting": ("subcontract",),
    "benchmarking": ("benchmark",),
    "charges_and_payment": ("fees", "payment", "invoice"),
    "audit_rights": ("audit",),
    "governance_reporting": ("reports", "steering committee", "account manager"),
    "compliance_with_laws": ("applicable law", "comply with"),
    "non_solicitation": ("solicit",),
    "assignment": ("assign",),
    "governing_law": ("governing law", "governed by"),
    "dispute_resolution": ("dispute", "arbitration", "jurisdiction"),
}

_PATTERNS = {
    cid: re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    for cid, terms in KEYWORDS.items()
}
# A full stop after a digit is a clause number ("14. Insurance"), not the end of a sentence.
_SENTENCE_START = re.compile(r"(?<!\d)[.!?]\s+|\n")
_SENTENCE_END = re.compile(r"(?<!\d)[.!?](?=\s|$)|(?=\n)")
_MAX_SIDE = 300  # characters either side of the hit, for texts without sentence marks


@dataclass(frozen=True, slots=True)
class KeywordHit:
    """The first occurrence of any of an id's words, and the sentence around it."""

    term: str
    start: int
    end: int
    text: str


def keyword_search(text: str, clause_id: str) -> KeywordHit | None:
    """The first occurrence of any keyword of ``clause_id`` in ``text``, or None."""
    pattern = _PATTERNS.get(clause_id)
    match = pattern.search(text) if pattern else None
    if match is None:
        return None
    start, end = sentence_around(text, match.start(), match.end())
    return KeywordHit(term=match.group(0), start=start, end=end, text=text[start:end])


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) of ``text`` that holds [start, end), at most _MAX_SIDE each side."""
    floor = max(0, start - _MAX_SIDE)
    before = [m.end() for m in _SENTENCE_START.finditer(text, floor, start)]
    left = before[-1] if before else floor
    after = _SENTENCE_END.search(text, end, min(len(text), end + _MAX_SIDE))
    right = after.end() if after else min(len(text), end + _MAX_SIDE)
    return left, right
