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
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
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


Span = tuple[_Element, int, _Element, int]  # first paragraph, start, last paragraph, end


def _find(paragraph: _Element, wanted: str, near: int) -> int | None:
    """Where ``wanted`` starts in the paragraph's collapsed text (nearest ``near``), or None.

    Case-insensitive as a second try: Word's "all caps" prints lower-case runs upper-case.
    """
    text = _map(paragraph_runs(paragraph)).text
    if not wanted or not text:
        return None
    for haystack, needle in ((text, wanted), (text.lower(), wanted.lower())):
        if len(haystack) != len(text):
            continue  # lower() changed the length: offsets would no longer line up
        hits = _occurrences(haystack, needle)
        if hits:
            return min(hits, key=lambda hit: abs(hit - near))
    return None


def find_span(paragraphs: list[_Element], quote: str, near: int = 0) -> Span | None:
    """Where ``quote`` is among ``paragraphs`` (in order), or None.

    First the whole quote inside one paragraph (of several matches, the one nearest ``near``,
    the expected offset). Failing that -- a table-row quote joins its cells with " | ", and a
    quote may run on into the next paragraph -- from where its first words are to where its
    last words end in the same or a later paragraph, else to the end of that paragraph.
    """
    needle = " ".join(quote.split())
    for paragraph in paragraphs:
        found = _find(paragraph, needle, near)
        if found is not None:
            return paragraph, found, paragraph, found + len(needle)
    parts = [part.strip() for part in needle.split(" | ") if part.strip()]
    if not parts:
        return None
    head, tail = parts[0][:_PREFIX_CHARS], parts[-1][-_PREFIX_CHARS:]
    for index, paragraph in enumerate(paragraphs):
        start = _find(paragraph, head, near)
        if start is None:
            continue
        end = _find(paragraph, tail, start + len(needle))
        if end is not None and end > start:
            return paragraph, start, paragraph, end + len(tail)
        for later in paragraphs[index + 1 :]:
            end = _find(later, tail, 0)
            if end is not None:
                return paragraph, start, later, end + len(tail)
        return paragraph, start, paragraph, len(_map(paragraph_runs(paragraph)).text)
    return None


def anchor_span(span: Span) -> tuple[_Element, _Element]:
    """Split runs so that the span's characters are whole runs; return its first and last run.

    The split runs keep their formatting (the run properties are copied), so the document
    prints exactly as before.
    """
    first_paragraph, start, last_paragraph, end = span
    last_runs = paragraph_runs(last_paragraph)
    last_index, last_offset = _map(last_runs).where[end - 1]
    last = last_runs[last_index]
    _split(last, last_offset + 1)  # the run now ends with the span
    # The left part of a split keeps its place, so offsets before ``end`` are unchanged.
    first_runs = paragraph_runs(first_paragraph)
    first_index, first_offset = _map(first_runs).where[start]
    first = first_runs[first_index]
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
            child.set(XML_SPACE, "preserve")
