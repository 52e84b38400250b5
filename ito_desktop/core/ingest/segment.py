"""Turn blocks into a tree of clauses: numbered headings, titled headings, schedules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ito_desktop.core.ingest.numbering import NumberLabel, parse_number
from ito_desktop.core.model import Block, BlockKind, Clause, Document

_FIXED_RANK = {"schedule": 0, "article": 1}
_MAX_TITLE = 100
_RUN_IN_TITLE = re.compile(r"^(?P<title>[A-Z][^.:;!?]{1,80}?)(?:\.|:|\s[-–—]\s)\s+(?=\S)")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class _Open:
    style: str
    index: int  # into the clause list
    label: str = ""  # the bare label, "b" for "(b)"


@dataclass(slots=True)
class _Draft:
    number: str
    title: str
    level: int
    parent: int | None
    start: int
    first_block: int
    page: int | None
    body_start: int
    style: str
    end: int = -1
    last_block: int = -1
    children: list[int] = field(default_factory=list)


def segment(document: Document) -> Document:
    """Return ``document`` with its clauses found from its blocks."""
    blocks = document.blocks
    drafts: list[_Draft] = []
    stack: list[_Open] = []
    skip_title_block: set[int] = set()

    for index, block in enumerate(blocks):
        if index in skip_title_block or block.kind == BlockKind.TABLE_ROW:
            continue
        start = _heading_start(block, stack)
        if start is None:
            continue
        style, number, title, body_start = start
        if style == "schedule" and not any(d.number and d.style != "schedule" for d in drafts):
            # "EXHIBIT 10.14" above the agreement itself is a filing label, not a schedule:
            # a schedule comes after the clauses it supports.
            # Keep the whole line as its title only when it is short: a label run into the
            # opening paragraph ("EXHIBIT 4.25 INFORMATION IN THIS EXHIBIT ...") keeps the label.
            # The rest of such a block is the agreement's opening text and stays reviewable.
            whole = block.text.strip()
            if len(whole) <= _MAX_TITLE:
                title, body_start = whole, block.end + 1
            else:
                title = " ".join((number, title)).strip()
            style, number = "heading", ""
        if number and block.end <= body_start - 1 and not title and index + 1 < len(blocks):
            # "ARTICLE 5" on one line and "TERMINATION" on the next.
            following = blocks[index + 1]
            if _is_title_line(following) and parse_number(following.text) is None:
                title = following.text.strip()
                body_start = following.end + 1
                skip_title_block.add(index + 1)
        _close_for(style, stack, drafts, block.start, index - 1)
        parent = stack[-1].index if stack else None
        draft = _Draft(
            number=number,
            title=title,
            level=len(stack) + 1,
            parent=parent,
            start=block.start,
            first_block=index,
            page=block.page,
            body_start=body_start,
            style=style,
        )
        drafts.append(draft)
        if parent is not None:
            drafts[parent].children.append(len(drafts) - 1)
        stack.append(_Open(style, len(drafts) - 1, number.strip("()").strip()))

    end_of_text = len(document.text)
    for item in stack:
        _finish(drafts[item.index], end_of_text, len(blocks) - 1)

    clauses = _with_preamble(document, _to_clauses(drafts))
    return replace(document, clauses=tuple(clauses))


def _heading_start(block: Block, stack: list[_Open]) -> tuple[str, str, str, int] | None:
    """If ``block`` opens a clause: (style, number, title, body start offset)."""
    text = block.text.strip()
    open_labels = {item.style: item.label for item in stack}
    label: NumberLabel | None
    if block.number:
        label = parse_number(block.number + " ", open_labels)
        number_text = block.number
        rest = text[len(block.number) :].strip() if text.startswith(block.number) else text
    else:
        label = parse_number(text, open_labels)
        number_text = label.text if label else ""
        rest = text[label.length :].strip() if label else text
    if label is not None:
        style = label.style
        if block.number and block.level and label.style.startswith("dotted"):
            style = f"dotted{block.level}"
        title, body_start = _title_of(rest, block)
        return style, number_text, title, body_start
    if _is_title_line(block):
        level = block.level if block.kind == BlockKind.HEADING and block.level else 0
        style = f"heading{level}" if level else "heading"
        return style, "", text, block.end + 1
    return None


def _title_of(rest: str, block: Block) -> tuple[str, int]:
    """The title after a number: the whole rest when short, else a run-in heading."""
    if not rest:
        return "", block.end + 1
    match = _RUN_IN_TITLE.match(rest)
    if match and _looks_like_title(match.group("title")):
        offset = block.text.find(rest) + match.end()
        return match.group("title").strip(), block.start + max(offset, 0)
    short = len(rest) <= _MAX_TITLE and not rest[0].islower()
    if short and (
        rest.isupper()
        or block.bold
        or block.kind == BlockKind.HEADING
        or (not rest.endswith((".", ";", ",", ":")) and len(rest.split()) <= 12)
        or (rest.endswith(".") and len(rest.split()) <= 6 and rest[0].isupper())
    ):
        return rest.rstrip(".:"), block.end + 1
    return "", block.start + max(block.text.find(rest), 0)


def _looks_like_title(candidate: str) -> bool:
    words = candidate.split()
    if not 1 <= len(words) <= 8:
        return False
    if candidate.isupper():
        return True
    significant = [w for w in words if len(w) > 3]
    return all(w[0].isupper() for w in significant)


def _is_title_line(block: Block) -> bool:
    text = block.text.strip()
    if not text or len(text) > _MAX_TITLE or block.kind == BlockKind.TABLE_ROW:
        return False
    if block.kind == BlockKind.HEADING:
        return True
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3 or text.endswith((",", ";")):
        return False
    if text.isupper() and len(text.split()) <= 12:
        return True
    return block.bold and not text.endswith(".") and len(text.split()) <= 12


def _rank(style: str) -> int | None:
    if style in _FIXED_RANK:
        return _FIXED_RANK[style]
    if style.startswith("dotted"):
        return 1 + int(style[6:])
    if style.startswith("heading") and style != "heading":
        return 1 + int(style[7:])
    return None


def _close_for(
    style: str, stack: list[_Open], drafts: list[_Draft], offset: int, last_block: int
) -> None:
    """Pop the clauses that a new clause of ``style`` closes."""
    end = max(offset - 1, 0)
    if style == "schedule":
        while stack:
            _finish(drafts[stack.pop().index], end, last_block)
        return
    if any(item.style == style for item in stack):
        while stack:
            item = stack.pop()
            _finish(drafts[item.index], end, last_block)
            if item.style == style:
                return
        return
    rank = _rank(style)
    if style == "heading":
        # An unnumbered heading closes sub-items and earlier unnumbered headings only.
        while stack and (_rank(stack[-1].style) is None):
            _finish(drafts[stack.pop().index], end, last_block)
        return
    if rank is None:
        return  # a new kind of sub-item nests under the current clause
    while stack:
        top_rank = _rank(stack[-1].style)
        if top_rank is not None and top_rank < rank:
            break
        _finish(drafts[stack.pop().index], end, last_block)


def _finish(draft: _Draft, end: int, last_block: int) -> None:
    if draft.end < 0:
        draft.end = max(end, draft.start)
        draft.last_block = max(last_block, draft.first_block)


def _to_clauses(drafts: list[_Draft]) -> list[Clause]:
    ids: list[str] = []
    refs: list[str] = []
    seen: dict[str, int] = {}
    taken: set[str] = set()
    for draft in drafts:
        base = _clause_id(draft, drafts, ids)
        count = seen.get(base, 0)
        candidate = base
        while candidate in taken:
            # "~" never occurs in a base id, so "c-1~2" cannot collide with clause "1.2".
            count += 1
            candidate = f"{base}~{count + 1}"
        seen[base] = count
        taken.add(candidate)
        ids.append(candidate)
        refs.append(_reference(draft, drafts, refs))
    return [
        Clause(
            id=ids[i],
            number=d.number,
            title=d.title,
            level=d.level,
            parent=ids[d.parent] if d.parent is not None else None,
            start=d.start,
            end=d.end,
            first_block=d.first_block,
            last_block=d.last_block,
            page=d.page,
            body_start=min(max(d.body_start, d.start), d.end),
            ref=refs[i],
        )
        for i, d in enumerate(drafts)
    ]


def _reference(draft: _Draft, drafts: list[_Draft], refs: list[str]) -> str:
    """The citation of a clause: "(a)" under 17.4 is "17.4(a)"; "3.1" in Schedule 3 is
    "Schedule 3, para 3.1"."""
    if not draft.number:
        return ""
    # "D." under clause 8 is cited "8D", not "8D.".
    number = draft.number.rstrip(".") if draft.style.startswith("upper") else draft.number
    if draft.style.startswith(("paren", "halfparen", "upper")) and draft.parent is not None:
        return f"{refs[draft.parent]}{number}" if refs[draft.parent] else number
    schedule = _enclosing_schedule(draft, drafts)
    if schedule is not None and draft.style != "schedule":
        return f"{refs[schedule]}, para {number}"
    return number


def _clause_id(draft: _Draft, drafts: list[_Draft], ids: list[str]) -> str:
    """A readable id that stays the same when text elsewhere in the contract changes."""
    if draft.number:
        key = _SLUG.sub("-", draft.number.lower()).strip("-") or "n"
        if draft.style.startswith(("paren", "halfparen", "upper")) and draft.parent is not None:
            return f"{ids[draft.parent]}.{key}"
        schedule = _enclosing_schedule(draft, drafts)
        return f"{ids[schedule]}.{key}" if schedule is not None else f"c-{key}"
    return "c-" + (_SLUG.sub("-", draft.title.lower()).strip("-")[:40] or "untitled")


def _enclosing_schedule(draft: _Draft, drafts: list[_Draft]) -> int | None:
    parent = draft.parent
    while parent is not None:
        if drafts[parent].style == "schedule":
            return parent
        parent = drafts[parent].parent
    return None


def _with_preamble(document: Document, clauses: list[Clause]) -> list[Clause]:
    """Text before the first clause becomes a "Preamble" clause so every offset has a home."""
    first_start = clauses[0].start if clauses else len(document.text)
    if first_start <= 0 or not document.text[:first_start].strip():
        return clauses
    last_block = document.block_index_at(max(first_start - 1, 0))
    preamble = Clause(
        id="c-preamble",
        number="",
        title="Preamble",
        level=1,
        parent=None,
        start=0,
        end=max(first_start - 1, 0),
        first_block=0,
        last_block=last_block,
        page=document.blocks[0].page if document.blocks else None,
        body_start=0,
    )
    return [preamble, *clauses]
