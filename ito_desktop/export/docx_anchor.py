"""Find a quoted passage among a Word paragraph's runs and split runs so a comment fits it."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml.etree import _Element

W_P, W_R, W_T, W_RPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:rPr")
_ONE_SPACE = frozenset(qn(f"w:{tag}") for tag in ("tab", "ptab", "br", "cr"))
_HYPHEN = qn("w:noBreakHyphen")
_NOT_SHOWN = frozenset(qn(f"w:{tag}") for tag in ("del", "moveFrom"))
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_PREFIX_CHARS = 60  # a passage not found whole is looked for by its start


def _child_text(child: _Element) -> str:
    """What one child of a ``w:r`` prints (instrText, properties and markers print nothing)."""
    if child.tag == W_T:
        return child.text or ""
    if child.tag in _ONE_SPACE:
        return " "
    if child.tag == _HYPHEN:
        return "-"
    return ""


def run_text(run: _Element) -> str:
    return "".join(_child_text(child) for child in run)


def paragraph_runs(paragraph: _Element) -> list[_Element]:
    """The paragraph's own text runs in order: in hyperlinks, insertions, fields and content
    controls too, but not deleted text nor the runs of text boxes anchored in it."""
    runs: list[_Element] = []
    for run in paragraph.iter(W_R):
        parent = run.getparent()
        while parent is not None and parent is not paragraph:
            if parent.tag in (W_P, W_R) or parent.tag in _NOT_SHOWN:
                break
            parent = parent.getparent()
        else:
            runs.append(run)
    return runs


@dataclass(frozen=True, slots=True)
class _Map:
    """The paragraph's text with whitespace collapsed, and where each character came from."""

    text: str
    where: tuple[tuple[int, int], ...]  # (run index, offset in that run's text) per character


def _map(runs: list[_Element]) -> _Map:
    chars: list[str] = []
    where: list[tuple[int, int]] = []
    for index, run in enumerate(runs):
        for offset, char in enumerate(run_text(run)):
            if char.isspace():
                if not chars or chars[-1] == " ":
                    continue
                char = " "
            chars.append(char)
            where.append((index, offset))
    while chars and chars[-1] == " ":
        chars.pop()
        where.pop()
    return _Map("".join(chars), tuple(where))


def _occurrences(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    start = haystack.find(needle)
    while start >= 0 and needle:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def locate(paragraph: _Element, quote: str, near: int = 0) -> tuple[int, int] | None:
    """Character range of ``quote`` in the paragraph's collapsed text, or None.

    Tries the whole quote, then case-insensitively (Word's "all caps" prints lower-case runs
    upper-case), then its first words (a quote running on into the next cell or paragraph is
    anchored from its start to the end of this paragraph). Of several matches, the one nearest
    ``near`` (the expected offset) wins.
    """
    mapped = _map(paragraph_runs(paragraph))
    needle = " ".join(quote.split())
    if not needle or not mapped.text:
        return None
    prefix = needle.split(" | ")[0][:_PREFIX_CHARS]
    lowered = mapped.text.lower()
    attempts = [(mapped.text, needle, False), (lowered, needle.lower(), False)]
    attempts.append((lowered, prefix.lower(), True))
    for haystack, wanted, to_end in attempts:
        if len(haystack) != len(mapped.text):
            continue  # lower() changed the length: offsets would no longer line up
        hits = _occurrences(haystack, wanted)
        if hits:
            start = min(hits, key=lambda hit: abs(hit - near))
            end = len(mapped.text) if to_end else start + len(wanted)
            return start, end
    return None


def anchor_runs(paragraph: _Element, start: int, end: int) -> tuple[_Element, _Element]:
    """Split runs so that characters ``start:end`` of the paragraph are whole runs.

    Returns the first and the last run of the range. The split runs keep their formatting
    (the run properties are copied), so the paragraph prints exactly as before.
    """
    runs = paragraph_runs(paragraph)
    mapped = _map(runs)
    last_run, last_offset = mapped.where[end - 1]
    first_run, first_offset = mapped.where[start]
    last = runs[last_run]
    _split(last, last_offset + 1)  # the run now ends with the range
    first = runs[first_run]
    if first_offset > 0:
        right = _split(first, first_offset)
        if first is last:
            last = right
        first = right
    return first, last


def whole_paragraph(paragraph: _Element) -> tuple[_Element, _Element] | None:
    """The first and last run that print text, or None for an empty paragraph."""
    runs = [run for run in paragraph_runs(paragraph) if run_text(run).strip()]
    return (runs[0], runs[-1]) if runs else None


def _split(run: _Element, at: int) -> _Element:
    """Cut ``run`` before its character ``at``; the new right-hand run follows it.

    Returns the right-hand run, or ``run`` itself when there is nothing to cut.
    """
    if at <= 0 or at >= len(run_text(run)):
        return run
    right = copy.deepcopy(run)
    _keep(run, 0, at)
    _keep(right, at, None)
    run.addnext(right)
    return right


def _keep(run: _Element, start: int, end: int | None) -> None:
    """Remove the content of ``run`` outside characters ``start:end``."""
    position = 0
    for child in list(run):
        if child.tag == W_RPR:
            continue
        text = _child_text(child)
        begin, position = position, position + len(text)
        stop = end if end is not None else position
        if not text:  # markers go with the text that follows them
            if begin < start or (end is not None and begin >= end):
                run.remove(child)
            continue
        if position <= start or begin >= stop:
            run.remove(child)
        elif child.tag == W_T and (begin < start or position > stop):
            child.text = text[max(0, start - begin) : stop - begin]
            child.set(_XML_SPACE, "preserve")
