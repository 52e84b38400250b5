"""Who is who in a contract: the customer's and the supplier's names, and who a sentence binds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ito_desktop.core.library.schema import Party

# Generic role words. A contract's own defined names are added to these, and a generic word
# the contract uses for the other side is taken out ("Company" defined as the developer).
SUPPLIER_WORDS = (
    "supplier", "vendor", "service provider", "provider", "contractor", "subcontractor",
    "consultant", "licensor", "developer", "manufacturer", "seller", "servicer", "processor",
    "transporter", "adviser", "advisor", "we",
)  # fmt: skip
CUSTOMER_WORDS = (
    "customer", "client", "licensee", "purchaser", "buyer", "subscriber", "you", "your",
    "distributor", "reseller",
)  # fmt: skip
EITHER_WORDS = (
    "either party", "each party", "both parties", "the parties", "either of the parties",
    "any party", "each of the parties", "neither party", "a party", "the other party",
)  # fmt: skip

_ROLE_OF_WORD = {
    **{w: Party.SUPPLIER for w in SUPPLIER_WORDS},
    **{w: Party.CUSTOMER for w in CUSTOMER_WORDS},
}
# A defined name is a role when one of these words is in it ("Service Provider", "the Client").
_ROLE_IN_NAME = re.compile(
    r"\b(?:(?P<supplier>supplier|vendor|provider|contractor|consultant|licensor|developer|"
    r"manufacturer|seller|servicer|processor|adviser|advisor)|"
    r"(?P<customer>customer|client|licensee|purchaser|buyer|subscriber|distributor|reseller))\b",
    re.I,
)
# ("Acme"), (the "Customer"), (hereinafter "Provider"), hereinafter referred to as "IBM"
_DEFINED = re.compile(
    r"(?:\(\s*(?:each\s+|individually\s+)?(?:the\s+|herein(?:after)?,?\s+|hereafter,?\s+)?"
    r"(?:(?:referred\s+to|called)\s+(?:as\s+)?)?(?:the\s+)?|"
    r"\bhere(?:in)?after,?\s+(?:(?:referred\s+to|called)\s+(?:as\s+)?)?(?:the\s+)?|"
    r"\b(?:referred\s+to|called)\s+(?:herein\s+)?as\s+(?:the\s+)?)"
    r"[\"“”']{1,2}(?P<name>[A-Z][\w.&'\- ]{0,38}?)[\"“”']{1,2}",
)
# A company or a person stands before the defined name: it names a party, not a term.
_ENTITY = re.compile(
    r"\b(?:inc|incorporated|corp|corporation|llc|l\.l\.c|ltd|limited|gmbh|ag|plc|co|company|"
    r"s\.a|sa|n\.v|b\.v|lp|l\.p|llp|partnership|trust|bank|university|individual|"
    r"organi[sz]ed|existing|having (?:its|a) (?:principal|registered))\b",
    re.I,
)
_NOT_PARTY = re.compile(
    r"^(?:agreement|effective date|services?|term|amendment|schedule|exhibit|products?|"
    r"territory|software|confidential information|affiliates?|parties|party|platform|"
    r"licen[cs]e|documentation|website|site|order form)$",
    re.I,
)
# the rest of a definition's brackets: , "we", "us" / , "you", "your"
_PRONOUN = re.compile(
    r"[^)]{0,12}?[\"“”']\s*(?:(?P<we>we|us|our)|(?P<you>you|your))\s*[\"“”']", re.I
)
# you as the subject ("By using the site you (the "Member") agree"), not as an object
# ("documentation provided to you (the "Documentation")")
_PRONOUN_BEFORE = re.compile(
    r"(?<!\bto )(?<!\bfor )(?<!\bby )(?<!\bwith )(?<!\bof )\b(?:(?P<we>we)|(?P<you>you))\s*$",
    re.I,
)
_PRONOUN_NAME = re.compile(r"^(?:(?P<we>we|us|our)|(?P<you>you|your))$", re.I)
# "devicecloud.dev (the "Platform"), operated by Moropo Limited (the "Company")": the company
# that runs or provides the service is the supplier (a company: "provided by X" before
# ("Documentation") names a thing, not a party)
_OPERATOR = re.compile(
    r"\b(?:operated|provided|owned and operated|run|offered|published)\s+by\s+"
    r"(?P<who>[^()\"“”]{1,80})$",
    re.I,
)
_PREAMBLE_END = re.compile(r"\bwhereas\b|\brecitals?\b|\bnow,? therefore\b|\bbackground\b", re.I)
_PREAMBLE_CHARS = 3000


@dataclass(frozen=True, slots=True)
class Parties:
    """Names for each side: generic role words plus the contract's defined party names."""

    customer: tuple[str, ...]
    supplier: tuple[str, ...]
    defined: tuple[tuple[str, Party], ...] = ()  # the defined party names found, in order

    def role(self, name: str) -> Party:
        key = " ".join(name.lower().split())
        if key.startswith("the "):
            key = key[4:]
        if key in EITHER_WORDS or f"the {key}" in EITHER_WORDS:
            return Party.EITHER
        if key in self._lower(self.customer):
            return Party.CUSTOMER
        if key in self._lower(self.supplier):
            return Party.SUPPLIER
        return Party.UNKNOWN

    @staticmethod
    def _lower(names: tuple[str, ...]) -> set[str]:
        return {n.lower() for n in names}

    def alternation(self, party: Party) -> str:
        """A regex alternation of the names of ``party`` (longest first, escaped)."""
        if party is Party.EITHER:
            names: tuple[str, ...] = EITHER_WORDS
        else:
            names = self.customer if party is Party.CUSTOMER else self.supplier
        ordered = sorted({n.lower() for n in names}, key=len, reverse=True)
        return "(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered) + ")"

    def mention_pattern(self) -> re.Pattern[str]:
        """Every name of every side, as whole words."""
        names = {*self.customer, *self.supplier, *EITHER_WORDS}
        ordered = sorted({n.lower() for n in names}, key=len, reverse=True)
        body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I)


GENERIC = Parties(customer=CUSTOMER_WORDS, supplier=SUPPLIER_WORDS)


def defined_parties(text: str) -> list[tuple[str, Party]]:
    """The party names the preamble defines, each with its side if the name itself says it."""
    head = text[:_PREAMBLE_CHARS]
    end = _PREAMBLE_END.search(head)
    if end is not None and end.start() > 80:
        head = head[: end.start()]
    found: list[tuple[str, Party]] = []
    last = 0
    for match in _DEFINED.finditer(head):
        name = " ".join(match.group("name").split()).strip(" .")
        before = head[last : match.start()]
        last = match.end()
        # ("Baton", "we", "us"): the contract's own pronoun for the name says its side
        # ... or the pronoun it stands for: you (the "Member"); YOU ("YOU" OR "CUSTOMER")
        pronoun = _PRONOUN.match(head, match.end()) or _PRONOUN_BEFORE.search(before[-24:])
        if pronoun is None:
            pronoun = _PRONOUN_NAME.match(name)
        hinted = None
        if pronoun is not None:
            hinted = Party.SUPPLIER if pronoun.group("we") else Party.CUSTOMER
        if name and hinted is not None:
            known = [n for n, (k, side) in enumerate(found) if k == name and side is Party.UNKNOWN]
            for n in known:
                found[n] = (name, hinted)
        if not name or _NOT_PARTY.match(name) or any(n == name for n, _ in found):
            continue
        role_match = _ROLE_IN_NAME.search(name)
        if hinted is not None:
            side = hinted
        elif role_match is not None:
            side = Party.SUPPLIER if role_match.group("supplier") else Party.CUSTOMER
        elif (operator := _OPERATOR.search(before[-100:])) and _ENTITY.search(operator["who"]):
            side = Party.SUPPLIER
        elif _ENTITY.search(before[-250:]) or re.search(r"\bbetween\b|\band\b", before[-80:]):
            side = Party.UNKNOWN
        else:
            continue
        found.append((name, side))
    return found


_SERVES = r"(?:provide|perform|render|supply|deliver)s?\b[^.;]{0,60}?\bservices"
_INFER_CHARS = 20000


def _infer_sides(text: str, defined: list[tuple[str, Party]]) -> list[tuple[str, Party]]:
    """Sides for bare names ("Maimon", "EHS") that no role word places, from what the contract
    says they do: "Maimon shall provide services to the Company", "the Company desires to
    engage Maimon". A name with more supplier than customer uses is the supplier."""
    unknown = [name for name, side in defined if side is Party.UNKNOWN]
    known = {side for _, side in defined if side is not Party.UNKNOWN}
    if not unknown or len(known) == 1:
        # one name already placed ("Customer"): a bare name ("Crescendo") is the other side,
        # whatever it "may engage" (read_parties places it); guessing could put both on one
        return defined
    head = " ".join(text[:_INFER_CHARS].split())
    votes: dict[str, int] = {}
    serves = r"\s+(?:shall|will|agrees to|is willing to|desires to)\s+" + _SERVES
    engages = r"\s+(?:\w+\s+){0,2}(?:to\s+)?(?:engage|retain|hire)s?\b"
    for name in unknown:
        word = rf"(?<![\w-])(?:the\s+)?{re.escape(name)}(?![\w-])"
        supplier = len(re.findall(word + serves, head, re.I))
        supplier += len(re.findall(rf"\b(?:engage|retain|hire)s?\s+{word}", head, re.I))
        customer = len(re.findall(rf"\bservices\s+(?:to|for)\s+{word}", head, re.I))
        customer += len(re.findall(word + engages, head, re.I))
        votes[name] = supplier - customer
    return [
        (
            name,
            side
            if side is not Party.UNKNOWN or votes.get(name, 0) == 0
            else Party.SUPPLIER
            if votes[name] > 0
            else Party.CUSTOMER,
        )
        for name, side in defined
    ]


def read_parties(text: str) -> Parties:
    """The contract's parties: its defined names sorted to a side, plus the generic words.

    A defined name that says its role ("Customer", "Service Provider") gives that side; a bare
    name ("IBM", "Acme") takes the side the other party's name does not; a generic word the
    contract uses for the other side is dropped from this side's names.
    """
    defined = _infer_sides(text, defined_parties(text))
    sides = {side for _, side in defined if side is not Party.UNKNOWN}
    resolved: list[tuple[str, Party]] = []
    for name, side in defined:
        if side is Party.UNKNOWN and len(sides) == 1:
            side = Party.SUPPLIER if Party.CUSTOMER in sides else Party.CUSTOMER
        resolved.append((name, side))
    customer = {w for w in CUSTOMER_WORDS}
    supplier = {w for w in SUPPLIER_WORDS}
    for name, side in resolved:
        key = name.lower()
        if side is Party.CUSTOMER:
            customer.add(key)
            supplier.discard(key)
        elif side is Party.SUPPLIER:
            supplier.add(key)
            customer.discard(key)
    return Parties(
        customer=tuple(sorted(customer)),
        supplier=tuple(sorted(supplier)),
        defined=tuple(resolved),
    )


@lru_cache(maxsize=256)
def _mentions(parties: Parties) -> re.Pattern[str]:
    return parties.mention_pattern()


# "audited by Provider", "inspected, no more than once a year, by Customer"
_BY = re.compile(r"^\W*(?:\w+[^\w;:]+){0,7}?by\s+(?:the\s+)?", re.I)
_MODALS = re.compile(
    r"\b(?:may|shall|will|must|can|agrees?|is entitled|has the right|reserves? the right)\b", re.I
)
# "Supplier shall permit Customer to audit": the right is the one permitted.
_GRANT = re.compile(
    r"\b(?:permit|allow|authori[sz]e|enable|grant|give|afford|provide)s?\s+(?:to\s+)?$", re.I
)
# "shall allow SignUp to": a grant to a name the contract never defined as a party ("shall
# allow its auditors to" keeps the subject's side).
_GRANT_UNNAMED = re.compile(
    r"\b(?:permit|allow|authori[sz]e|enable)s?\s+(?:[A-Z][\w&.-]*)\s+(?:\w+\s+){0,2}?to\b"
)
_OTHER_SIDE = {Party.CUSTOMER: Party.SUPPLIER, Party.SUPPLIER: Party.CUSTOMER}
_NO_SIDE = ("the other party", "a party", "neither party")
# "Customer Data", "Supplier Personnel": a defined term built on a party's name, not the party.
_COMPOUND = re.compile(r"[ \t]+[A-Z][a-z]{2,}\b(?<!\bShall)(?<!\bWill)(?<!\bMay)(?<!\bMust)")


def actor(parties: Parties, sentence: str, at: int) -> Party:
    """Who does the thing at ``at`` in ``sentence``: after a passive "audited by Supplier", the
    party permitted to do it ("Supplier shall permit Customer to audit" -> Customer), else the
    subject of the verb before it ("Client may, on notice to Intuit, inspect" -> Client)."""
    mentions = [
        m
        for m in _mentions(parties).finditer(sentence)
        if m.group(0).lower() not in _NO_SIDE and not _COMPOUND.match(sentence, m.end())
    ]
    by = _BY.match(sentence[at : at + 60])
    if by is not None:
        for mention in mentions:
            if mention.start() == at + by.end():
                return parties.role(mention.group(0))
    # "... in which Client provides notice": a name right before the verb is its subject
    adjacent = [m for m in mentions if m.end() <= at and not sentence[m.end() : at].strip()]
    if adjacent and at > 0:
        return parties.role(adjacent[-1].group(0))
    modals = [m for m in _MODALS.finditer(sentence) if m.end() <= at]
    if modals:
        modal = modals[-1]
        for mention in mentions:
            if modal.end() <= mention.start() < at and _GRANT.search(
                sentence[max(0, mention.start() - 40) : mention.start()].replace("the ", "")
            ):
                return parties.role(mention.group(0))
        before_modal = [m for m in mentions if m.end() <= modal.start()]
        if before_modal:
            if _both_sides(parties, sentence, before_modal, modal.start()):
                return Party.EITHER
            side = parties.role(before_modal[-1].group(0))
            # "the Customer shall allow SignUp to perform audits": the one allowed is not the
            # subject, even when its name was never defined.
            if _GRANT_UNNAMED.search(sentence[modal.end() : at]) and side in _OTHER_SIDE:
                return _OTHER_SIDE[side]
            return side
    before = [m for m in mentions if m.end() <= at + 1]
    if before:
        return parties.role(before[-1].group(0))
    # "Audit. Upon notice, not more than once a year, Baton may request ...": nothing before the
    # word names anyone, so the subject of the first modal after it acts.
    later = next((m for m in _MODALS.finditer(sentence) if m.start() > at), None)
    if later is not None:
        subject = [m for m in mentions if at < m.start() and m.end() <= later.start()]
        if subject and not sentence[subject[-1].end() : later.start()].strip(" ,"):
            return parties.role(subject[-1].group(0))
    return Party.UNKNOWN


# "Client and Vendor may", "Acme, on the one hand, and Dr Smith, on the other, may": a subject
# naming one party of each side is either party.
_JOINED = re.compile(r"[\s,]*(?:on the one hand[\s,]*)?(?:and|as well as)\s+(?:the\s+)?", re.I)
_SUBJECT_END = re.compile(r"[\s,]*(?:on the other(?: hand)?[\s,]*)?(?:each\s+)?", re.I)


def _both_sides(
    parties: Parties, sentence: str, mentions: list[re.Match[str]], modal_at: int
) -> bool:
    if len(mentions) < 2:
        return False
    last, before = mentions[-1], mentions[-2]
    if not _SUBJECT_END.fullmatch(sentence[last.end() : modal_at]):
        return False
    if not _JOINED.fullmatch(sentence[before.end() : last.start()]):
        return False
    sides = {parties.role(before.group(0)), parties.role(last.group(0))}
    return sides == {Party.CUSTOMER, Party.SUPPLIER}


def actor_in_context(
    parties: Parties, earlier: list[str], sentence: str, at: int, party_at: re.Pattern[str] | None
) -> Party:
    """``actor`` in ``sentence``, or when it names no party, in the clause's earlier sentences
    (nearest first) at the same topic: "Such audits shall not occur more than once a year"
    takes the party of "Licensor may audit ..." before it."""
    found = actor(parties, sentence, at)
    if found is not Party.UNKNOWN:
        return found
    for text in reversed(earlier):
        spot = party_at.search(text) if party_at is not None else None
        if party_at is not None and spot is None:
            continue
        found = actor(parties, text, spot.start() if spot else len(text))
        if found is not Party.UNKNOWN:
            return found
    return Party.UNKNOWN


# Rule regexes may name the sides: {customer}, {supplier}, {either}. The library compiles them
# with the generic role words (so a layer is validated as usual); each contract recompiles them
# with its own party names. The template is remembered here, keyed by the compiled pattern.
_PLACEHOLDER = re.compile(r"\{(customer|supplier|either)\}")
_TEMPLATES: dict[re.Pattern[str], str] = {}


def bounded(parties: Parties, party: Party) -> str:
    """The names of ``party`` as one group that matches whole words only."""
    return rf"(?<![\w-]){parties.alternation(party)}(?![\w-])"


def expand(template: str, parties: Parties) -> str:
    return _PLACEHOLDER.sub(lambda m: bounded(parties, Party(m.group(1))), template)


def compile_template(template: str) -> re.Pattern[str]:
    """Compile a rule regex (case-insensitive) with the generic names for any placeholder."""
    pattern = re.compile(expand(template, GENERIC), re.IGNORECASE)
    if _PLACEHOLDER.search(template):
        _TEMPLATES[pattern] = template
    return pattern


@lru_cache(maxsize=4096)
def for_contract(pattern: re.Pattern[str], parties: Parties) -> re.Pattern[str]:
    """``pattern`` with this contract's party names in place of the generic ones."""
    template = _TEMPLATES.get(pattern)
    if template is None or parties == GENERIC:
        return pattern
    return re.compile(expand(template, parties), re.IGNORECASE)
