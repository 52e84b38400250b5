"""Text normalisation for matching: case, quotes, party roles, numbers written as words."""

from __future__ import annotations

import re

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)

# Generic role words: matching compares clauses with model wordings written for "Supplier" and
# "Customer"; a contract that says "Vendor" and "Client" means the same parties.
_SUPPLIER = re.compile(
    r"\b(?:service providers?|providers?|vendors?|contractors?|consultants?|suppliers?|"
    r"licensors?|outsourcers?|hosting providers?)\b"
)
_CUSTOMER = re.compile(r"\b(?:clients?|customers?|purchasers?|licensees?|buyers?)\b")
_NON_WORD = re.compile(r"[^a-z0-9$%£€]+")

# fmt: off
STOPWORDS = frozenset(
    [
        "a", "an", "the", "of", "to", "in", "on", "for", "by", "with", "and", "or", "any",
        "all", "such", "this", "that", "these", "those", "be", "is", "are", "was", "were",
        "been", "being", "shall", "will", "may", "must", "which", "who", "whom", "its",
        "it", "their", "his", "her", "as", "at", "from", "into", "under", "upon", "than",
        "other", "each", "either", "both", "no", "not", "nor", "so", "if", "then", "there",
        "herein", "hereof", "hereunder", "thereof", "thereto", "hereto", "party", "parties",
        "agreement"
    ]
)
# fmt: on

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS, "hundred", "a"], key=len, reverse=True))
_WORD_NUMBER = re.compile(
    rf"\b(?:(?:{_NUMBER_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_NUMBER_WORD}))*)\b(?:\s*\(\s*(\d+)\s*\))?",
    re.IGNORECASE,
)
_DIGIT_PAREN = re.compile(r"\b(\d+)\s*\(\s*\d+\s*\)")


def clean(text: str) -> str:
    """Straight quotes and dashes, single spaces; keeps case and length-independent content."""
    return " ".join(text.translate(_QUOTES).split())


def for_terms(text: str) -> str:
    """Lower-cased text with straight quotes, same length as ``text`` (offsets stay valid)."""
    return text.translate(_QUOTES).lower()


def roles(text: str) -> str:
    """Lower-case text with generic party role words replaced by "supplier" / "customer"."""
    lowered = clean(text).lower()
    return _CUSTOMER.sub("customer", _SUPPLIER.sub("supplier", lowered))


def content_words(text: str) -> str:
    """The words that carry meaning, for similarity scoring: roles normalised, stopwords out."""
    words = _NON_WORD.sub(" ", roles(text)).split()
    return " ".join(w for w in words if w not in STOPWORDS and len(w) > 1)


def words_to_number(phrase: str) -> int | None:
    """``"one hundred and eighty"`` -> 180; ``"thirty"`` -> 30; None if not a number phrase."""
    total = 0
    current = 0
    seen = False
    for word in re.split(r"[\s-]+", phrase.lower()):
        if word in ("and", ""):
            continue
        if word == "a":
            current = max(current, 1)
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        else:
            return None
        seen = True
    total += current
    return total if seen else None


def numbers_as_digits(text: str) -> str:
    """Replace "thirty (30)" and "thirty" with "30" so parameters can be read uniformly."""

    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1)
        phrase = match.group(0)
        if phrase.strip().lower() == "a":
            return phrase
        value = words_to_number(phrase)
        return str(value) if value is not None else phrase

    text = _WORD_NUMBER.sub(replace, text)
    return _DIGIT_PAREN.sub(r"\1", text)
