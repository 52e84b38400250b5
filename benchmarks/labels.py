"""Label sets for the accuracy benchmark: CUAD and ito_labels, as cases with truth and passages."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

# CUAD category -> our clause id, as CLAUSE_IDS.md states at its end (= exact, ~ close).
CUAD_CATEGORIES: dict[str, str] = {
    "Governing Law": "governing_law",
    "Anti-Assignment": "assignment",
    "Cap On Liability": "limitation_of_liability",
    "Uncapped Liability": "uncapped_liability",
    "Termination For Convenience": "termination_for_convenience",
    "Audit Rights": "audit_rights",
    "Ip Ownership Assignment": "ip_ownership",
    "Insurance": "insurance",
    "No-Solicit Of Employees": "non_solicitation",
    "Source Code Escrow": "source_code_escrow",
    "Change Of Control": "change_of_control",
    "License Grant": "license_grant",
    "Renewal Term": "term_and_renewal",
    "Warranty Duration": "warranties",
    "Post-Termination Services": "exit_assistance",
}
CUAD_IDS: tuple[str, ...] = tuple(CUAD_CATEGORIES.values())
# Where CUAD's category is not our clause (CLAUSE_IDS.md marks them ~): Renewal Term is only
# renewal, Warranty Duration only a stated warranty period, Ip Ownership Assignment only an
# assignment to the counterparty, Post-Termination Services any duty after termination.
CUAD_APPROXIMATE: frozenset[str] = frozenset(
    {"term_and_renewal", "warranties", "ip_ownership", "exit_assistance"}
)

# A labelled passage is a tuple of pieces: CUAD joins the pieces of one clause with <omitted>.
Passage = tuple[str, ...]
_OMITTED = re.compile(r"\s*<omitted>\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled contract: the file we review, the truth per scored id, labelled passages."""

    name: str
    path: Path
    truth: dict[str, bool]
    passages: dict[str, tuple[Passage, ...]]


@dataclass(frozen=True, slots=True)
class LabelSet:
    """A named set of cases scored on a fixed tuple of clause ids."""

    name: str
    ids: tuple[str, ...]
    cases: tuple[Case, ...]


def cuad_pdf_paths(corpus: Path) -> dict[str, Path]:
    """CUAD text file name -> its copied original PDF.

    The manifest's ``orig_pdf_relpath`` is the path in the CUAD release
    (``Part_I/<type>/<name>.pdf``); the copies live at ``cuad/pdf/<contract_type>/<name>``.
    """
    cuad = corpus / "cuad"
    paths: dict[str, Path] = {}
    with (cuad / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["pdf_copied"] != "True":
                continue
            pdf = cuad / "pdf" / row["contract_type"] / Path(row["orig_pdf_relpath"]).name
            if pdf.is_file():
                paths[row["txt_file"]] = pdf
    return paths


def load_cuad(corpus: Path, *, pdf: bool = False, pdf_subset: bool = False) -> LabelSet:
    """The CUAD contracts scored on the 15 mapped ids (PDF originals only when ``pdf``).

    ``pdf_subset`` keeps the text files to those with an original PDF, so text and PDF input
    can be compared on the same contracts.
    """
    cuad = corpus / "cuad"
    txt_files = sorted(p.name for p in (cuad / "txt").glob("*.txt"))
    pdfs = cuad_pdf_paths(corpus) if pdf or pdf_subset else {}
    if pdf_subset:
        txt_files = [name for name in txt_files if name in pdfs]
    passages = _cuad_passages(cuad)
    cases = []
    for txt in txt_files:
        if pdf and txt not in pdfs:
            continue
        found = passages.get(txt, {})
        cases.append(
            Case(
                name=Path(txt).stem,
                path=pdfs[txt] if pdf else cuad / "txt" / txt,
                truth={cid: bool(found.get(cid)) for cid in CUAD_IDS},
                passages={cid: tuple(found.get(cid, ())) for cid in CUAD_IDS},
            )
        )
    name = "cuad-pdf" if pdf else "cuad-text-pdf-subset" if pdf_subset else "cuad"
    return LabelSet(name=name, ids=CUAD_IDS, cases=tuple(cases))


def _cuad_passages(cuad: Path) -> dict[str, dict[str, list[Passage]]]:
    """txt file -> clause id -> labelled passages, pieces cut from the text by their offsets."""
    result: dict[str, dict[str, list[Passage]]] = defaultdict(lambda: defaultdict(list))
    texts: dict[str, str] = {}
    with (cuad / "spans.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            span = json.loads(line)
            cid = CUAD_CATEGORIES.get(span["category"])
            if cid is None:
                continue
            name = span["txt_file"]
            if name not in texts:
                texts[name] = (cuad / "txt" / name).read_text(encoding="utf-8")
            raw = texts[name]
            pieces = tuple(raw[start:end] for start, end in span["segments"]) or (span["text"],)
            result[name][cid].append(pieces)
    return result


def load_ito_labels(corpus: Path, *, pdf: bool = False) -> LabelSet:
    """The ito_labels contracts on all their ids, reviewing each contract's native document.

    With ``pdf``, CUAD-sourced contracts that have a copied original PDF are reviewed as PDF.
    """
    folder = corpus / "ito_labels"
    pdfs = cuad_pdf_paths(corpus) if pdf else {}
    cases = []
    ids: list[str] = []
    for name, native in _ito_sources(folder):
        data = json.loads((folder / "labels" / f"{name}.json").read_text(encoding="utf-8"))
        labels: dict[str, dict[str, object]] = data["labels"]
        ids.extend(cid for cid in labels if cid not in ids)
        path = pdfs.get(native.name, native)
        cases.append(
            Case(
                name=name,
                path=path,
                truth={cid: bool(label["present"]) for cid, label in labels.items()},
                passages={
                    cid: tuple(_split_quote(str(q)) for q in _quotes(label))
                    for cid, label in labels.items()
                },
            )
        )
    return LabelSet(name="ito_labels", ids=tuple(ids), cases=tuple(cases))


OWN_LABELS = Path(__file__).resolve().parent / "labels" / "ito"
# Labelled after the shipped model was trained and never used to train or tune it: the check
# of what a user sees on an unseen contract (benchmarks/labels/README.md).
HELDOUT_LABELS = Path(__file__).resolve().parent / "labels" / "ito_heldout"
# IT agreements from public GitHub repositories that grant a licence, with their texts
# (benchmarks/labels/it_open/README.md).
OPEN_LABELS = Path(__file__).resolve().parent / "labels" / "it_open"


def load_ito_new(corpus: Path, *, pdf: bool = False) -> LabelSet:
    """The CUAD contracts labelled for this project on all 40 ids (``benchmarks/labels/ito``,
    two independent readers reconciled; see benchmarks/labels/README.md)."""
    return _load_own(corpus, OWN_LABELS, "ito_new", pdf=pdf)


def load_ito_heldout(corpus: Path, *, pdf: bool = False) -> LabelSet:
    """Contracts labelled after the shipped model was trained (``labels/ito_heldout``)."""
    return _load_own(corpus, HELDOUT_LABELS, "ito_heldout", pdf=pdf)


def load_it_open() -> LabelSet:
    """Openly licensed IT agreements from outside the shared corpus, with their texts."""
    return _load_own(OPEN_LABELS, OPEN_LABELS / "labels", "it_open", text_dir=OPEN_LABELS / "text")


def load_folder(labels: Path, texts: Path) -> LabelSet:
    """Labels of contracts from outside the shared corpus: ``labels/<stem>.json`` (the same
    format as ``labels/ito``) for the text ``texts/<stem>.txt``."""
    return _load_own(texts, labels, labels.name, text_dir=texts)


def _load_own(
    corpus: Path, folder: Path, name: str, *, pdf: bool = False, text_dir: Path | None = None
) -> LabelSet:
    pdfs = cuad_pdf_paths(corpus) if pdf else {}
    cases = []
    ids: list[str] = []
    for label_file in sorted(folder.glob("*.json")):
        data = json.loads(label_file.read_text(encoding="utf-8"))
        labels: dict[str, dict[str, object]] = data["labels"]
        ids.extend(cid for cid in labels if cid not in ids)
        txt = f"{label_file.stem}.txt"
        cases.append(
            Case(
                name=label_file.stem,
                path=(text_dir / txt)
                if text_dir is not None
                else pdfs.get(txt, corpus / "cuad" / "txt" / txt),
                truth={cid: bool(label["present"]) for cid, label in labels.items()},
                passages={
                    cid: tuple(_split_quote(str(q)) for q in _quotes(label))
                    for cid, label in labels.items()
                },
            )
        )
    return LabelSet(name=name, ids=tuple(ids), cases=tuple(cases))


def _ito_sources(folder: Path) -> list[tuple[str, Path]]:
    """(name, native document) pairs from sources.tsv, paths relative to ``folder``."""
    rows = []
    with (folder / "sources.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) >= 3 and row[0] and not row[0].startswith("#"):
                rows.append((row[0], (folder / row[2]).resolve()))
    return rows


def _quotes(label: dict[str, object]) -> list[object]:
    quotes = label.get("quotes") or []
    return list(quotes) if isinstance(quotes, list) else []


def _split_quote(quote: str) -> Passage:
    return tuple(piece for piece in _OMITTED.split(quote) if piece.strip())


def split_half(name: str) -> str:
    """'dev' or 'check': a stable half split that does not depend on file order or count."""
    return "dev" if hashlib.sha256(name.encode("utf-8")).digest()[0] < 128 else "check"


def select(label_set: LabelSet, split: str, limit: int | None) -> LabelSet:
    """The cases of ``split`` ('dev', 'check' or 'all'), the first ``limit`` by name."""
    cases = [c for c in label_set.cases if split == "all" or split_half(c.name) == split]
    cases.sort(key=lambda c: c.name)
    if limit is not None:
        cases = cases[:limit]
    return LabelSet(name=label_set.name, ids=label_set.ids, cases=tuple(cases))
