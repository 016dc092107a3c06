#!/usr/bin/env python3
"""Fails when docs/semantics.md cites a test that does not exist.

The page pins each rule to the Catch2 tests that check it, in bullets of the form
`- Tests: `NAME`, `NAME`` (or `- Test: ...`). A renamed or deleted test would leave the page
pointing at nothing; this finds every cited name among the TEST_CASEs under tests/.
"""

import os
import re
import sys


def test_names(tests_dir):
    names = set()
    for folder, _, files in os.walk(tests_dir):
        for name in files:
            if not name.endswith(".cc"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text = f.read()
            for m in re.finditer(r'TEST_CASE\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', text):
                names.add("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))).replace('\\"', '"'))
    return names


def cited(page_text):
    out = []
    for m in re.finditer(r"^\s*- Tests?(?: \([^)]*\))?: (.*?)(?=\n\s*- |\n\n|\Z)", page_text, re.S | re.M):
        out += re.findall(r"`([^`]+)`", " ".join(m.group(1).split()))
    return out


def main():
    root = sys.argv[1]
    page = os.path.join(root, "docs", "semantics.md")
    with open(page, encoding="utf-8") as f:
        names = cited(f.read())
    known = test_names(os.path.join(root, "tests"))
    missing = [n for n in names if n not in known]
    for n in missing:
        print(f"docs/semantics.md cites a test that does not exist: {n}")
    print(f"{len(names)} cited tests, {len(missing)} missing")
    return 1 if missing or not names else 0


if __name__ == "__main__":
    sys.exit(main())
