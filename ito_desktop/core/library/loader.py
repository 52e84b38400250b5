"""Load the clause library: the bundled folder, then user or company layers that override by id."""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ito_desktop.core.errors import LibraryError, LibraryProblem
from ito_desktop.core.library.schema import (
    Guidance,
    Importance,
    Library,
    LibraryEntry,
    Mitigation,
    ParamCheck,
    Party,
    Reach,
    RiskRule,
    RuleKind,
    Scope,
    Severity,
    TermGroup,
)
from ito_desktop.core.rules.parties import compile_template

INDEX_FILE = "library.yaml"
PARAMETERS = frozenset(
    {
        "notice_days",
        "cap_months",
        "cap_multiple",
        "breach_notice_hours",
        "exit_assistance_months",
        "payment_days",
        "renewal_notice_days",
        "term_months",
        "credit_cap_percent",
    }
)
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_CHECK = re.compile(
    r"^\s*(?P<param>[a-z_]+)\s*(?P<op><=|>=|==|!=|<|>)\s*(?P<value>\d+(?:\.\d+)?)\s*$"
)
_MAX_FILE_BYTES = 2 * 1024 * 1024
# SCHEMA.md asks for at least this many model wordings; fewer still load (one is enough to
# match on), but ``validate_folder`` warns: the matcher recognises the clause less reliably.
MIN_EXAMPLES = 3
# The C loader when PyYAML was built with libyaml (ten times faster); both are safe loaders.
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def bundled_library_dir() -> Path:
    """The clause library that ships with the app (installed, editable or frozen alike)."""
    return Path(str(importlib.resources.files("ito_desktop.clause_library")))


def user_library_dir() -> Path:
    """The per-user layer: entries here override the bundled ones by id."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("ITO Review", "ITO Review")) / "clause_library"


def load_library(
    extra_layers: list[Path] | tuple[Path, ...] = (),
    *,
    include_user_layer: bool = True,
    bundled: Path | None = None,
) -> Library:
    """Load the bundled library, then the user layer (if it exists), then ``extra_layers``.

    Later layers replace entries with the same id and add new ones. Raises LibraryError naming
    file, entry and field for the first problem found; use ``validate_folder`` for all of them.
    """
    return _load_layers(
        library_layers(extra_layers, include_user_layer=include_user_layer, bundled=bundled)
    )


def library_layers(
    extra_layers: list[Path] | tuple[Path, ...] = (),
    *,
    include_user_layer: bool = True,
    bundled: Path | None = None,
) -> list[Path]:
    """The folders ``load_library`` reads, in order: the bundled library, the user layer when
    it exists, then ``extra_layers`` (a company's). Later layers replace entries by id."""
    layers = [bundled or bundled_library_dir()]
    user = user_library_dir()
    if include_user_layer and user.is_dir():
        layers.append(user)
    layers.extend(extra_layers)
    return layers


def _load_layers(layers: list[Path]) -> Library:
    errors: list[LibraryProblem] = []
    info: dict[str, str] = {"name": "", "version": "", "description": ""}
    order: list[str] = []
    entries: dict[str, LibraryEntry] = {}
    for index, layer in enumerate(layers):
        if not layer.is_dir():
            raise _folder_error(layer, "the clause library folder does not exist.")
        found: list[LibraryProblem] = []
        layer_info, layer_order, layer_entries = _load_folder(
            layer, found, require_index=index == 0
        )
        errors.extend(replace(problem, folder=str(layer)) for problem in found)
        info.update({k: v for k, v in layer_info.items() if v})
        order.extend(c for c in layer_order if c not in order)
        for entry in layer_entries:
            entries[entry.id] = entry
    if errors:
        raise LibraryError(
            str(errors[0]), details="\n".join(map(str, errors)), problems=tuple(errors)
        )
    if not entries:
        raise _folder_error(layers[0], "the clause library has no entries.")
    rank = {category: i for i, category in enumerate(order)}
    ordered = sorted(entries.values(), key=lambda e: (rank.get(e.category, len(rank)), e.category))
    return Library(
        name=info["name"] or "Clause library",
        version=info["version"] or "unversioned",
        description=info["description"],
        entries=tuple(ordered),
        layers=tuple(layers),
    )


def _folder_error(folder: Path, message: str) -> LibraryError:
    """A problem of a whole layer folder, as a record like any other (file = the folder)."""
    problem = LibraryProblem(str(folder), message, folder=str(folder))
    return LibraryError(str(problem), path=folder, problems=(problem,))


def validate_folder(
    folder: Path, warnings: list[LibraryProblem] | None = None
) -> list[LibraryProblem]:
    """Every problem in one library folder, each naming file, entry and field.

    Entries that load but fall short of SCHEMA.md (fewer than ``MIN_EXAMPLES`` examples) are
    not problems; they are added to ``warnings`` when a list is given.
    """
    errors: list[LibraryProblem] = []
    if not folder.is_dir():
        return [LibraryProblem(str(folder), "not a folder", folder=str(folder))]
    found: list[LibraryProblem] = []
    _, _, entries = _load_folder(folder, errors, require_index=False, warnings=found)
    if not entries and not errors:
        no_entries = "no clause entries found (expected <category>.yaml files)"
        errors.append(LibraryProblem(str(folder), no_entries))
    if warnings is not None:
        warnings.extend(replace(w, folder=str(folder)) for w in found)
    return [replace(e, folder=str(folder)) for e in errors]


def _load_folder(
    folder: Path,
    errors: list[LibraryProblem],
    *,
    require_index: bool,
    warnings: list[LibraryProblem] | None = None,
) -> tuple[dict[str, str], list[str], list[LibraryEntry]]:
    info: dict[str, str] = {}
    order: list[str] = []
    index_path = folder / INDEX_FILE
    if index_path.is_file():
        data = _read_yaml(index_path, errors)
        if isinstance(data, dict):
            info = {
                k: " ".join(str(data.get(k, "") or "").split())
                for k in ("name", "version", "description")
            }
            categories = data.get("categories") or []
            if isinstance(categories, list):
                order = [str(c) for c in categories]
            else:
                errors.append(
                    LibraryProblem(index_path.name, "expected a list", field="categories")
                )
        elif data is not None:
            errors.append(
                LibraryProblem(index_path.name, "expected a mapping with name and version")
            )
    elif require_index:
        errors.append(
            LibraryProblem(
                str(folder), f"{INDEX_FILE} is missing (it names the library and its version)"
            )
        )
    entries: list[LibraryEntry] = []
    seen: dict[str, str] = {}
    rule_ids: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        if path.name == INDEX_FILE:
            continue
        data = _read_yaml(path, errors)
        if data is None:
            continue
        for entry in _parse_category(path, data, errors, warnings):
            if entry.id in seen:
                duplicate = f"duplicate of an entry in {seen[entry.id]}"
                errors.append(LibraryProblem(path.name, duplicate, entry.id, "id"))
                continue
            seen[entry.id] = path.name
            for rule in entry.risk_rules:
                if rule.id in rule_ids:
                    used = f"rule id '{rule.id}' is also used in {rule_ids[rule.id]}"
                    errors.append(LibraryProblem(path.name, used, entry.id, "risk_rules"))
                rule_ids[rule.id] = path.name
            entries.append(entry)
    return info, order, entries


def _read_yaml(path: Path, errors: list[LibraryProblem]) -> Any:
    try:
        if path.stat().st_size > _MAX_FILE_BYTES:
            errors.append(
                LibraryProblem(path.name, "file is larger than 2 MB; is it really a library file?")
            )
            return None
        # safe_load: library files are data; no Python objects can be constructed from them.
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        message = f"not valid YAML: {getattr(exc, 'problem', exc)}"
        errors.append(LibraryProblem(path.name, message, line=line))
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(LibraryProblem(path.name, f"cannot be read: {exc}"))
    return None


def _parse_category(
    path: Path,
    data: Any,
    errors: list[LibraryProblem],
    warnings: list[LibraryProblem] | None = None,
) -> list[LibraryEntry]:
    if not isinstance(data, dict):
        errors.append(LibraryProblem(path.name, "expected a mapping with 'category' and 'entries'"))
        return []
    category = data.get("category")
    if not isinstance(category, str) or not _ID.match(category):
        errors.append(
            LibraryProblem(path.name, "expected a lowercase identifier", field="category")
        )
        return []
    category_title = str(data.get("title") or category.replace("_", " ").capitalize())
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list):
        errors.append(
            LibraryProblem(path.name, "expected a list of clause entries", field="entries")
        )
        return []
    parsed: list[LibraryEntry] = []
    for position, raw in enumerate(raw_entries, start=1):
        entry = _parse_entry(path, category, category_title, position, raw, errors, warnings)
        if entry is not None:
            parsed.append(entry)
    return parsed


class _EntryErrors:
    """Collects problems for one entry, each naming file, entry and field."""

    def __init__(
        self,
        path: Path,
        name: str,
        errors: list[LibraryProblem],
        warnings: list[LibraryProblem] | None = None,
    ) -> None:
        self.file = path.name
        self.entry = name
        self.errors = errors
        self.warnings = warnings
        self.count = 0

    def add(self, field: str, problem: str) -> None:
        self.errors.append(LibraryProblem(self.file, problem, self.entry, field))
        self.count += 1

    def warn(self, field: str, problem: str) -> None:
        if self.warnings is not None:
            self.warnings.append(
                LibraryProblem(self.file, problem, self.entry, field, warning=True)
            )


def _parse_entry(
    path: Path,
    category: str,
    category_title: str,
    position: int,
    raw: Any,
    errors: list[LibraryProblem],
    warnings: list[LibraryProblem] | None = None,
) -> LibraryEntry | None:
    if not isinstance(raw, dict):
        errors.append(LibraryProblem(path.name, "expected a mapping", f"#{position}"))
        return None
    entry_id = raw.get("id")
    report = _EntryErrors(path, str(entry_id or f"#{position}"), errors, warnings)
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        # Checked on: a bad id must not hide the entry's other problems.
        report.add("id", "expected a lowercase identifier such as 'data_protection'")
    title = _text(raw, "title", report)
    description = _text(raw, "description", report)
    importance = _enum(raw, "importance", Importance, report)
    headings = _strings(raw, "headings", report, minimum=1)
    examples = _strings(raw, "examples", report, minimum=1)
    if 0 < len(examples) < MIN_EXAMPLES:
        report.warn(
            "examples",
            f"{len(examples)} of the {MIN_EXAMPLES} model wordings SCHEMA.md asks for; with "
            "fewer the clause is recognised less reliably",
        )
    groups = _term_groups(raw.get("key_terms"), report)
    rules = tuple(
        rule
        for i, item in enumerate(_list(raw, "risk_rules", report))
        if (rule := _rule(item, i, report)) is not None
    )
    guidance = _guidance(raw.get("guidance"), report)
    together = raw.get("terms_in_one_sentence", False)
    if not isinstance(together, bool):
        report.add("terms_in_one_sentence", "expected true or false")
    not_with = _strings(raw, "anchor_not_with", report, minimum=0)
    if report.count or importance is None or guidance is None:
        return None
    assert isinstance(entry_id, str)  # an invalid id was counted above
    return LibraryEntry(
        id=entry_id,
        title=title,
        category=category,
        category_title=category_title,
        importance=importance,
        description=description,
        headings=headings,
        key_terms=groups,
        examples=examples,
        risk_rules=rules,
        guidance=guidance,
        source=path,
        terms_in_one_sentence=bool(together),
        anchor_not_with=tuple(" ".join(t.lower().split()) for t in not_with),
    )


def _text(raw: dict[str, Any], field: str, report: _EntryErrors, required: bool = True) -> str:
    value = raw.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            report.add(field, "missing or empty")
        return ""
    if not isinstance(value, str | int | float):
        report.add(field, "expected text")
        return ""
    return " ".join(str(value).split())


def _list(raw: dict[str, Any], field: str, report: _EntryErrors) -> list[Any]:
    value = raw.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        report.add(field, "expected a list")
        return []
    return value


def _strings(
    raw: dict[str, Any], field: str, report: _EntryErrors, minimum: int = 0
) -> tuple[str, ...]:
    if raw.get(field) is not None and not isinstance(raw.get(field), list):
        report.add(field, "expected a list")  # one problem, not a second "at least 1"
        return ()
    items = _list(raw, field, report)
    values = []
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            report.add(f"{field}[{i}]", "expected non-empty text")
            continue
        values.append(" ".join(item.split()))
    if len(values) < minimum and field in raw:
        report.add(field, f"expected at least {minimum} item(s)")
    elif len(values) < minimum:
        report.add(field, "missing")
    return tuple(values)


_E = TypeVar("_E", Importance, Severity, Scope, Reach)


def _enum(
    raw: dict[str, Any],
    field: str,
    kind: type[_E],
    report: _EntryErrors,
    default: _E | None = None,
) -> _E | None:
    value = raw.get(field)
    if value is None and default is not None:
        return default
    try:
        return kind(str(value).strip().lower())
    except ValueError:
        allowed = " / ".join(member.value for member in kind)
        report.add(field, f"'{value}' is not one of {allowed}")
        return None


def _term_groups(value: Any, report: _EntryErrors) -> tuple[TermGroup, ...]:
    if not isinstance(value, list) or not value:
        report.add("key_terms", "expected a list of synonym groups (lists of terms)")
        return ()
    groups = []
    for i, group in enumerate(value):
        members = [group] if isinstance(group, str) else group
        if (
            not isinstance(members, list)
            or not all(isinstance(t, str) and t.strip() for t in members)
            or not members
        ):
            report.add(f"key_terms[{i}]", "expected a non-empty list of terms")
            continue
        groups.append(TermGroup(terms=tuple(" ".join(t.lower().split()) for t in members)))
    return tuple(groups)


def _compile(pattern: Any, field: str, report: _EntryErrors) -> re.Pattern[str] | None:
    if not isinstance(pattern, str) or not pattern.strip():
        report.add(field, "expected a regular expression")
        return None
    try:
        return compile_template(pattern)
    except re.error as exc:
        report.add(field, f"invalid regular expression: {exc}")
        return None


def _rule(raw: Any, index: int, report: _EntryErrors) -> RiskRule | None:
    field = f"risk_rules[{index}]"
    if not isinstance(raw, dict):
        report.add(field, "expected a mapping")
        return None
    before = report.count
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        report.add(f"{field}.id", "expected a lowercase identifier")
    kinds = [k for k in ("check", "pattern", "requires") if k in raw]
    if len(kinds) != 1:
        report.add(field, "needs exactly one of 'check', 'pattern' or 'requires'")
        return None
    severity = _enum(raw, "severity", Severity, _Prefixed(report, field))
    scope = _enum(raw, "scope", Scope, _Prefixed(report, field), default=Scope.CLAUSE)
    message = _text(raw, "message", _Prefixed(report, field))
    recommendation = _text(raw, "recommendation", _Prefixed(report, field))
    check = None
    pattern = None
    requires: tuple[re.Pattern[str], ...] = ()
    kind = RuleKind(kinds[0])
    if kind is RuleKind.CHECK:
        check = _param_check(raw["check"], f"{field}.check", report)
    elif kind is RuleKind.PATTERN:
        pattern = _compile(raw["pattern"], f"{field}.pattern", report)
    else:
        items = raw["requires"] if isinstance(raw["requires"], list) else [raw["requires"]]
        compiled = [_compile(p, f"{field}.requires", report) for p in items]
        requires = tuple(p for p in compiled if p is not None)
    unless = _compile(raw["unless"], f"{field}.unless", report) if "unless" in raw else None
    party = _enum_list(raw.get("party"), Party, f"{field}.party", report)
    party_at = _compile(raw["party_at"], f"{field}.party_at", report) if "party_at" in raw else None
    cleared_items = raw.get("cleared_by", [])
    cleared_items = cleared_items if isinstance(cleared_items, list) else [cleared_items]
    cleared = [_compile(p, f"{field}.cleared_by", report) for p in cleared_items]
    look_in = _enum_list(raw.get("look_in"), Reach, f"{field}.look_in", report)
    mitigations = tuple(
        m
        for i, item in enumerate(_list(raw, "mitigated_by", _Prefixed(report, field)))
        if (m := _mitigation(item, f"{field}.mitigated_by[{i}]", report)) is not None
    )
    supersedes = _strings(raw, "supersedes", _Prefixed(report, field))
    applies_items = raw.get("applies_if", [])
    applies_items = applies_items if isinstance(applies_items, list) else [applies_items]
    applies = [_compile(p, f"{field}.applies_if", report) for p in applies_items]
    replacement = raw.get("replacement", "")
    if not isinstance(replacement, str):
        report.add(f"{field}.replacement", "expected text")
        replacement = ""
    per = str(raw.get("per", "clause")).strip().lower()
    if per not in ("clause", "contract"):
        report.add(f"{field}.per", f"'{per}' is not one of clause / contract")
    if report.count > before or severity is None or scope is None:
        return None
    return RiskRule(
        id=str(rule_id),
        severity=severity,
        kind=kind,
        message=message,
        recommendation=recommendation,
        check=check,
        pattern=pattern,
        requires=requires,
        unless=unless,
        scope=scope,
        party=party,
        party_at=party_at,
        cleared_by=tuple(p for p in cleared if p is not None),
        look_in=look_in,
        mitigations=mitigations,
        supersedes=supersedes,
        applies_if=tuple(p for p in applies if p is not None),
        per_contract=per == "contract",
        replacement=" ".join(replacement.split()),
    )


_L = TypeVar("_L", Party, Reach)


def _enum_list(value: Any, kind: type[_L], field: str, report: _EntryErrors) -> tuple[_L, ...]:
    """One value or a list of values of ``kind`` ("party: [customer, either]")."""
    if value is None:
        return ()
    allowed = [m for m in kind if m.value != "unknown"]
    found: list[_L] = []
    for item in value if isinstance(value, list) else [value]:
        member = next((m for m in allowed if m.value == str(item).strip().lower()), None)
        if member is None:
            report.add(field, f"'{item}' is not one of {' / '.join(m.value for m in allowed)}")
        else:
            found.append(member)
    return tuple(found)


def _mitigation(raw: Any, field: str, report: _EntryErrors) -> Mitigation | None:
    """One ``mitigated_by`` item: a pattern or check (with unless, party, party_at), where to
    look (``look_in``, default document), ``lower_to`` (a severity, or ``clear``) and a note."""
    if not isinstance(raw, dict):
        report.add(field, "expected a mapping")
        return None
    before = report.count
    if "check" not in raw and "pattern" not in raw:
        report.add(field, "needs 'check', 'pattern' or both")
        return None
    check = _param_check(raw["check"], f"{field}.check", report) if "check" in raw else None
    pattern = _compile(raw["pattern"], f"{field}.pattern", report) if "pattern" in raw else None
    unless = _compile(raw["unless"], f"{field}.unless", report) if "unless" in raw else None
    party_at = _compile(raw["party_at"], f"{field}.party_at", report) if "party_at" in raw else None
    party = _enum_list(raw.get("party"), Party, f"{field}.party", report)
    reaches = _enum_list(raw.get("look_in", "document"), Reach, f"{field}.look_in", report)
    note = _text(raw, "note", _Prefixed(report, field))
    lowered = str(raw.get("lower_to", "")).strip().lower()
    lower_to: Severity | None = None
    if lowered != "clear":
        try:
            lower_to = Severity(lowered)
        except ValueError:
            report.add(
                f"{field}.lower_to", f"'{lowered}' is not one of high / medium / low / clear"
            )
    if report.count > before or len(reaches) != 1:
        if len(reaches) != 1 and report.count == before:
            report.add(
                f"{field}.look_in", "expected one of clause / section / references / document"
            )
        return None
    return Mitigation(
        note=note,
        lower_to=lower_to,
        pattern=pattern,
        check=check,
        unless=unless,
        party=party,
        party_at=party_at,
        look_in=reaches[0],
    )


class _Prefixed(_EntryErrors):
    """Reports fields of a nested item ("risk_rules[2].message")."""

    def __init__(self, parent: _EntryErrors, prefix: str) -> None:
        super().__init__(Path(""), "", parent.errors)
        self.parent = parent
        self.field_prefix = prefix

    def add(self, field: str, problem: str) -> None:
        self.parent.add(f"{self.field_prefix}.{field}", problem)


def _param_check(value: Any, field: str, report: _EntryErrors) -> ParamCheck | None:
    match = _CHECK.match(str(value))
    if not match:
        report.add(field, f"'{value}' is not a parameter test like 'notice_days < 90'")
        return None
    param = match.group("param")
    if param not in PARAMETERS:
        report.add(field, f"unknown parameter '{param}' (known: {', '.join(sorted(PARAMETERS))})")
        return None
    return ParamCheck(param, match.group("op"), float(match.group("value")))


def _guidance(value: Any, report: _EntryErrors) -> Guidance | None:
    if not isinstance(value, dict):
        report.add("guidance", "expected a mapping with preferred, fallback and sample_wording")
        return None
    sub = _Prefixed(report, "guidance")
    return Guidance(
        preferred=_text(value, "preferred", sub),
        fallback=_text(value, "fallback", sub),
        sample_wording=_text(value, "sample_wording", sub),
    )
