"""Word paragraph styles and automatic numbering: the label Word prints before each paragraph."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_VAL = W + "val"
_MAX_CHAIN = 32  # basedOn / numStyleLink chains longer than this are cycles or abuse
_LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")
_HEADING_NAME = re.compile(r"heading ([1-9])")
# Built-in style names are stored in lower case ("heading 1"); Word shows them capitalised.
_UI_NAMES = {"caption": "Caption", "footer": "Footer", "header": "Header", "normal": "Normal"}
_UI_NAMES.update({f"heading {n}": f"Heading {n}" for n in range(1, 10)})

Element = Any  # lxml ships no type stubs


def child_val(element: Element | None, tag: str) -> str | None:
    """The ``w:val`` of ``element``'s first ``w:<tag>`` child, or None."""
    if element is None:
        return None
    child = element.find(W + tag)
    if child is None:
        return None
    value = child.get(W_VAL)
    return None if value is None else str(value)


def is_on(element: Element) -> bool:
    """Whether an on/off property element (``<w:b/>``, ``<w:b w:val="0"/>``) is on."""
    return element.get(W_VAL) not in ("0", "false", "off")


def is_on_attr(value: str | None) -> bool:
    """Whether an on/off attribute value (``w:default="1"``) is on."""
    return value in ("1", "true", "on")


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class Styles:
    """Paragraph and character styles from styles.xml, with basedOn inheritance resolved."""

    def __init__(self, root: Element | None) -> None:
        self._by_id: dict[str, Element] = {}
        self.default_paragraph: str | None = None
        self._defaults: Element | None = None
        self._flags: dict[tuple[str, str], bool | None] = {}
        self._default_flags: dict[str, bool] = {}
        self._heading: dict[str, int] = {}
        self._numbering: dict[str, tuple[str | None, int | None]] = {}
        if root is None:
            return
        for style in root.iter(W + "style"):
            style_id = style.get(W + "styleId")
            if style_id is None:
                continue
            self._by_id.setdefault(str(style_id), style)
            if style.get(W + "type") == "paragraph" and is_on_attr(style.get(W + "default")):
                self.default_paragraph = self.default_paragraph or str(style_id)
        self._defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")

    def _chain(self, style_id: str | None) -> Iterator[Element]:
        seen: set[str] = set()
        while style_id and style_id not in seen and len(seen) < _MAX_CHAIN:
            seen.add(style_id)
            style = self._by_id.get(style_id)
            if style is None:
                return
            yield style
            style_id = child_val(style, "basedOn")

    def name(self, style_id: str | None) -> str:
        """The style's name as Word shows it ("Heading 1"), or the id when it has no name."""
        if not style_id:
            return ""
        name = child_val(self._by_id.get(style_id), "name") or style_id
        return _UI_NAMES.get(name.lower(), name)

    def run_flag(self, style_id: str | None, tag: str) -> bool | None:
        """An on/off run property (``b``, ``caps``, ``vanish``) as a style or its bases set it."""
        if not style_id:
            return None
        key = (style_id, tag)
        if key not in self._flags:
            found: bool | None = None
            for style in self._chain(style_id):
                element = style.find(f"{W}rPr/{W}{tag}")
                if element is not None:
                    found = is_on(element)
                    break
            self._flags[key] = found
        return self._flags[key]

    def default_flag(self, tag: str) -> bool:
        """An on/off run property from the document defaults (``w:docDefaults``)."""
        if tag not in self._default_flags:
            element = self._defaults.find(W + tag) if self._defaults is not None else None
            self._default_flags[tag] = element is not None and is_on(element)
        return self._default_flags[tag]

    def heading_level(self, style_id: str | None) -> int:
        """1..9 for heading styles (by name or outline level, inherited), 1 for Title, else 0."""
        if not style_id:
            return 0
        if style_id not in self._heading:
            level = 0
            for style in self._chain(style_id):
                name = (child_val(style, "name") or "").lower()
                match = _HEADING_NAME.fullmatch(name)
                outline = _int(child_val(style.find(W + "pPr"), "outlineLvl"))
                if match or name == "title":
                    level = int(match.group(1)) if match else 1
                    break
                if outline is not None:  # 9 is "body text": not a heading, whatever the base
                    level = outline + 1 if 0 <= outline < _LEVELS else 0
                    break
            self._heading[style_id] = level
        return self._heading[style_id]

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style gives, each inherited separately through basedOn."""
        if not style_id:
            return None, None
        if style_id not in self._numbering:
            num_id: str | None = None
            ilvl: int | None = None
            for style in self._chain(style_id):
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is None:
                    continue
                num_id = num_id if num_id is not None else child_val(num_pr, "numId")
                ilvl = ilvl if ilvl is not None else _int(child_val(num_pr, "ilvl"))
                if num_id is not None and ilvl is not None:
                    break
            self._numbering[style_id] = (num_id, ilvl)
        return self._numbering[style_id]

    def num_id_of_numbering_style(self, style_id: str) -> str | None:
        """The numId a numbering style (the target of ``w:numStyleLink``) points at."""
        style = self._by_id.get(style_id)
        return child_val(style.find(f"{W}pPr/{W}numPr") if style is not None else None, "numId")


# ---------------------------------------------------------------------------------------------
# Number formats

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_ONES = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINAL_WORDS = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                  "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}


_MAX_LETTER_VALUE = 780
_MAX_PAD = 10


def _roman(value: int) -> str:
    out = []
    for amount, numeral in _ROMAN:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)


def _cardinal_words(value: int) -> str:
    if value < 20:
        return _ONES[value]
    tens, ones = divmod(value, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def _ordinal_words(value: int) -> str:
    words = _cardinal_words(value)
    head, _, last = words.rpartition("-")
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head}-{last}" if head else last


def format_number(value: int, fmt: str, custom: str | None = None) -> str:
    """``value`` written in Word's number format ``fmt`` (``w:numFmt``): 4 -> "iv", "d", "04"."""
    if fmt in ("none", "bullet"):
        return ""
    if fmt == "decimalZero":
        return f"{value:02d}" if 0 <= value < 10 else str(value)
    if value > 0:
        # Word letters stop at 780 ("zz...z", 30 letters); a list made to start near 2**31
        # would otherwise print a label of 80 million letters on every paragraph.
        if fmt in ("lowerLetter", "upperLetter") and value <= _MAX_LETTER_VALUE:
            letters = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
            return letters.upper() if fmt == "upperLetter" else letters
        if fmt in ("lowerRoman", "upperRoman") and value < 4000:
            numeral = _roman(value)
            return numeral.upper() if fmt == "upperRoman" else numeral
        if fmt == "ordinal":
            suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
                value % 10, "th")
            return f"{value}{suffix}"
        if fmt in ("cardinalText", "ordinalText") and value < 100:
            words = _cardinal_words(value) if fmt == "cardinalText" else _ordinal_words(value)
            return words[:1].upper() + words[1:]
        if fmt == "decimalEnclosedParen":
            return f"({value})"
        if fmt == "decimalEnclosedCircle" and value <= 20:
            return chr(0x2460 + value - 1)
    if fmt == "custom" and custom:
        first = custom.split(",")[0].strip()
        if first.isdigit():  # "001, 002, 003, ..." pads to the width of the first sample
            return str(value).zfill(min(len(first), _MAX_PAD))
    return str(value)


# ---------------------------------------------------------------------------------------------
# Numbering definitions


@dataclass(frozen=True, slots=True)
class Level:
    """One ``w:lvl``: how a numbering level counts and what it prints."""

    start: int = 0  # the spec's default when w:start is absent
    fmt: str = "decimal"
    custom: str | None = None
    text: str = ""
    restart: int | None = None  # w:lvlRestart
    legal: bool = False  # w:isLgl
    style_id: str | None = None  # w:pStyle: the paragraph style linked to this level


def _parse_level(lvl: Element) -> Level:
    num_fmt = lvl.find(W + "numFmt")
    if num_fmt is None:  # Word 2010 wraps custom formats in mc:AlternateContent
        num_fmt = next(lvl.iter(W + "numFmt"), None)
    fmt = str(num_fmt.get(W_VAL) or "decimal") if num_fmt is not None else "decimal"
    custom = num_fmt.get(W + "format") if num_fmt is not None else None
    text_element = lvl.find(W + "lvlText")
    legal = lvl.find(W + "isLgl")
    return Level(
        start=_int(child_val(lvl, "start"), 0) or 0,
        fmt=fmt,
        custom=str(custom) if custom is not None else None,
        text=str(text_element.get(W_VAL) or "") if text_element is not None else "",
        restart=_int(child_val(lvl, "lvlRestart")),
        legal=legal is not None and is_on(legal),
        style_id=child_val(lvl, "pStyle"),
    )


def _levels(container: Element) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in container.findall(W + "lvl"):
        ilvl = _int(lvl.get(W + "ilvl"))
        if ilvl is not None and 0 <= ilvl < _LEVELS:
            levels[ilvl] = _parse_level(lvl)
    return levels


@dataclass(frozen=True, slots=True)
class Instance:
    """A ``w:num``: an abstract definition plus this instance's level and start overrides."""

    abstract_id: str
    levels: dict[int, Level]
    start_overrides: dict[int, int]


@dataclass(frozen=True, slots=True)
class ListLabel:
    """What numbering gives a paragraph: the printed label ("" for bullets) and its level."""

    text: str
    ilvl: int
    bullet: bool = False


@dataclass(slots=True)
class _Counters:
    values: list[int | None] = field(default_factory=lambda: [None] * _LEVELS)


class Numbering:
    """numbering.xml resolved, plus the running counters Word keeps while laying out the text.

    Counters belong to the abstract definition, not to the ``w:num`` instance: instances of one
    abstract definition continue each other's count, and an instance's ``startOverride`` takes
    effect the first time that instance is used at that level (this is what Word does).
    """

    def __init__(self, root: Element | None, styles: Styles) -> None:
        self._styles = styles
        self._abstract: dict[str, Element] = {}
        self._nums: dict[str, Element] = {}
        self._instances: dict[str, Instance | None] = {}
        self._counters: dict[str, _Counters] = {}
        self._seen: set[tuple[str, int]] = set()
        if root is None:
            return
        for abstract in root.findall(W + "abstractNum"):
            abstract_id = abstract.get(W + "abstractNumId")
            if abstract_id is not None:
                self._abstract.setdefault(str(abstract_id), abstract)
        for num in root.findall(W + "num"):
            num_id = num.get(W + "numId")
            if num_id is not None:
                self._nums.setdefault(str(num_id), num)

    def _resolve_abstract(self, abstract_id: str) -> tuple[str, Element] | None:
        """Follow ``w:numStyleLink`` (abstract -> numbering style -> num -> abstract)."""
        for _ in range(_MAX_CHAIN):
            abstract = self._abstract.get(abstract_id)
            if abstract is None:
                return None
            link = child_val(abstract, "numStyleLink")
            if link is None:
                return abstract_id, abstract
            num = self._nums.get(self._styles.num_id_of_numbering_style(link) or "")
            next_id = child_val(num, "abstractNumId")
            if next_id is None or next_id == abstract_id:
                return abstract_id, abstract
            abstract_id = next_id
        return None

    def instance(self, num_id: str) -> Instance | None:
        """The resolved ``w:num`` for ``num_id``, or None when it is missing or broken."""
        if num_id not in self._instances:
            self._instances[num_id] = self._build_instance(num_id)
        return self._instances[num_id]

    def _build_instance(self, num_id: str) -> Instance | None:
        num = self._nums.get(num_id)
        if num is None:
            return None
        abstract_id = child_val(num, "abstractNumId")
        resolved = self._resolve_abstract(abstract_id) if abstract_id is not None else None
        if resolved is None:
            return None
        key, abstract = resolved
        levels = _levels(abstract)
        starts: dict[int, int] = {}
        for override in num.findall(W + "lvlOverride"):
            ilvl = _int(override.get(W + "ilvl"))
            if ilvl is None or not 0 <= ilvl < _LEVELS:
                continue
            lvl = override.find(W + "lvl")
            if lvl is not None:
                levels[ilvl] = _parse_level(lvl)
                if lvl.find(W + "start") is not None:
                    starts[ilvl] = levels[ilvl].start
            start = _int(child_val(override, "startOverride"))
            if start is not None:
                starts[ilvl] = start
        return Instance(key, levels, starts)

    def paragraph_numbering(
        self, num_pr: Element | None, style_id: str | None
    ) -> tuple[str, int] | None:
        """(numId, ilvl) for a paragraph from its own ``w:numPr`` and its style's."""
        own_num = child_val(num_pr, "numId")
        own_ilvl = _int(child_val(num_pr, "ilvl"))
        style_num, style_ilvl = self._styles.numbering(style_id)
        num_id = own_num if own_num is not None else style_num
        if num_id is None or num_id == "0":
            return None
        ilvl = own_ilvl if own_ilvl is not None else style_ilvl
        if ilvl is None and num_id == style_num and style_id:
            instance = self.instance(num_id)
            if instance is not None:  # the level whose w:pStyle names this paragraph style
                ilvl = next((i for i, lvl in sorted(instance.levels.items())
                             if lvl.style_id == style_id), None)
        ilvl = ilvl or 0
        return (num_id, ilvl) if 0 <= ilvl < _LEVELS else None

    def next_label(self, num_id: str, ilvl: int) -> ListLabel | None:
        """Advance the counters for one numbered paragraph and return its printed label."""
        instance = self.instance(num_id)
        if instance is None or ilvl not in instance.levels:
            return None
        level = instance.levels[ilvl]
        values = self._counters.setdefault(instance.abstract_id, _Counters()).values
        first_use = (num_id, ilvl) not in self._seen
        self._seen.add((num_id, ilvl))
        current = values[ilvl]
        if first_use and ilvl in instance.start_overrides:
            values[ilvl] = instance.start_overrides[ilvl]
        else:
            values[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, _LEVELS):
            deeper_level = instance.levels.get(deeper)
            restart = deeper_level.restart if deeper_level is not None else None
            if restart is None or restart > deeper:  # absent or pointing below: the default
                restart = deeper
            if ilvl < restart:  # lvlRestart 0 means "never restart"
                values[deeper] = None
        if level.fmt == "bullet":
            return ListLabel("", ilvl, bullet=True)
        return ListLabel(self._render(level, instance, values), ilvl)

    @staticmethod
    def _render(level: Level, instance: Instance, values: list[int | None]) -> str:
        def placeholder(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            referenced = instance.levels.get(index)
            if referenced is None:
                return ""
            value = values[index]
            if value is None:  # a level skipped since its parent advanced prints its start
                value = referenced.start
            fmt = referenced.fmt
            if level.legal and fmt not in ("decimal", "decimalZero"):
                fmt = "decimal"  # legal numbering shows every level in Arabic numerals
            return format_number(value, fmt, referenced.custom)

        return " ".join(_PLACEHOLDER.sub(placeholder, level.text).split())
