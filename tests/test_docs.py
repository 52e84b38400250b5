"""The README stays a user's guide: short, and every document it links to exists."""

from __future__ import annotations

import re

from tests.conftest import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_readme_is_at_most_350_lines() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 350, f"README.md has {len(lines)} lines; move reports to docs/"


def test_readme_and_docs_links_resolve() -> None:
    pages = [
        README,
        PROJECT_ROOT / "CONTRIBUTING.md",
        PROJECT_ROOT / "CHANGELOG.md",
        *sorted((PROJECT_ROOT / "docs").glob("*.md")),
    ]
    broken = []
    for page in pages:
        for target in _LINK.findall(page.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(PROJECT_ROOT)} -> {target}")
    assert not broken, "\n".join(broken)


def test_readme_links_the_reports_moved_out_of_it() -> None:
    text = README.read_text(encoding="utf-8")
    for doc in ("docs/accuracy.md", "docs/risk_rules_heldout.md", "docs/packaging.md"):
        assert f"({doc})" in text, doc
