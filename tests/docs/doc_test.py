#!/usr/bin/env python3
"""Runs the ```console blocks of a documentation page and compares what they print.

The convention, for README.md and docs/*.md:

  ```console
  $ netpol graph examples/netpol-demo/
  ...the output, stdout and stderr as a terminal shows them...
  [exit status 1]          <- only when the status is not 0, as the last output line
  $ next command
  ```

A command is a line starting with `$ ` (a line ending in a backslash continues it); its output runs
to the next `$ ` line or the closing fence. In an output line, `…` stands for any text (a time
measured on the machine that ran it: `laid out 6 nodes in … s`); trailing blanks are ignored. A block opened with ```console illustrative is not run.
The commands of one block run in one bash, one after another, from the repository root, with the
built netpol first on PATH and `kubectl-netpol` beside it (the README shows `kubectl netpol`).

On a mismatch the test prints PAGE:LINE, the command and a unified diff, and fails. With --update
it rewrites the page with the outputs it got instead (review the diff before committing it).
"""

import argparse
import difflib
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile

FENCE_OPEN = re.compile(r"^(\s*)```console(?:\s+(\S+))?\s*$")
FENCE_CLOSE = re.compile(r"^\s*```\s*$")
EXIT_LINE = re.compile(r"^\[exit status (\d+)\]$")


class Command:
    def __init__(self, line_no, text):
        self.line_no = line_no      # 1-based line of the `$ ` line in the page
        self.text = text            # the command, continuation lines joined with newlines
        self.output = []            # expected output lines (without the exit status line)
        self.status = 0
        self.first_output_line = 0  # 0-based index into the page's lines
        self.end_line = 0           # 0-based index one past the last output line


class Block:
    def __init__(self, line_no, indent, mode):
        self.line_no = line_no
        self.indent = indent
        self.mode = mode
        self.commands = []


def parse_page(lines):
    """The console blocks of a page; each with its commands and their expected outputs."""
    blocks = []
    i = 0
    while i < len(lines):
        m = FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        block = Block(i + 1, m.group(1), m.group(2))
        i += 1
        current = None
        while i < len(lines) and not FENCE_CLOSE.match(lines[i]):
            line = lines[i]
            if line.startswith(block.indent):
                line = line[len(block.indent):]
            if line.startswith("$ "):
                current = Command(i + 1, line[2:])
                while current.text.endswith("\\") and i + 1 < len(lines):
                    i += 1
                    nxt = lines[i]
                    if nxt.startswith(block.indent):
                        nxt = nxt[len(block.indent):]
                    current.text += "\n" + nxt
                current.first_output_line = i + 1
                block.commands.append(current)
            elif current is not None:
                current.output.append(line)
            elif line.strip():
                raise SystemExit(f"line {i + 1}: console block output before any `$ ` command")
            i += 1
            if current is not None:
                current.end_line = i
        if i >= len(lines):
            raise SystemExit(f"line {block.line_no}: console block is not closed")
        for cmd in block.commands:
            if cmd.output and EXIT_LINE.match(cmd.output[-1]):
                cmd.status = int(EXIT_LINE.match(cmd.output[-1]).group(1))
                cmd.output.pop()
        blocks.append(block)
        i += 1
    return blocks


def make_bin_dir(netpol, tmp):
    """A PATH directory with netpol and kubectl-netpol, and a kubectl when none is installed."""
    bin_dir = os.path.join(tmp, "bin")
    os.mkdir(bin_dir)
    os.symlink(netpol, os.path.join(bin_dir, "netpol"))
    os.symlink(netpol, os.path.join(bin_dir, "kubectl-netpol"))
    if shutil.which("kubectl") is None:
        # kubectl runs `kubectl-NAME` from PATH for `kubectl NAME ...`; this does the same.
        shim = os.path.join(bin_dir, "kubectl")
        with open(shim, "w") as f:
            f.write('#!/bin/sh\nname="$1"; shift\nexec "kubectl-$name" "$@"\n')
        os.chmod(shim, 0o755)
    return bin_dir


def run_block(block, root, env, timeout):
    """Runs the block's commands in one bash; returns [(output lines, status)] per command."""
    token = "@@netpol-doc-test-" + secrets.token_hex(8) + "@@"
    script = ["exec 2>&1"]
    for cmd in block.commands:
        script.append(cmd.text)
        script.append(f"printf '\\n{token} %d\\n' $?")
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-c", "\n".join(script)], cwd=root,
                          env=env, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                          timeout=timeout)
    text = proc.stdout.decode("utf-8", errors="replace")
    pieces = re.split(re.escape(token) + r" (\d+)\n", text)
    results = []
    for output, status in zip(pieces[0:-1:2], pieces[1::2]):
        # printf put a newline before the token; the command's own last newline ends its output.
        lines = output[:-1].split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        results.append((lines, int(status)))
    while len(results) < len(block.commands):  # bash died early: report what is missing
        results.append(([text.rsplit(token, 1)[-1]], -1))
    return results


def shown(lines, status):
    # Trailing blanks are invisible on a terminal and editors strip them from pages.
    lines = [line.rstrip() for line in lines]
    return lines + ([f"[exit status {status}]"] if status != 0 else [])


def same(want, have):
    """Whether the page's lines show the lines netpol printed; `…` in a page line matches any text."""
    if len(want) != len(have):
        return False
    for w, h in zip(want, have):
        if "…" in w:
            if not re.fullmatch(".*".join(re.escape(part) for part in w.split("…")), h):
                return False
        elif w != h:
            return False
    return True


def git_untracked(root):
    try:
        out = subprocess.run(["git", "-C", root, "status", "--porcelain", "--untracked-files=all"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return set(out.stdout.decode().splitlines())


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--netpol", required=True, help="the built netpol binary")
    parser.add_argument("--root", required=True, help="the repository root (commands run there)")
    parser.add_argument("--update", action="store_true", help="rewrite the pages with real output")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a block may take")
    parser.add_argument("pages", nargs="+")
    args = parser.parse_args()

    root = os.path.abspath(args.root)
    netpol = os.path.abspath(args.netpol)
    failures = 0
    ran = 0
    with tempfile.TemporaryDirectory(prefix="netpol-doc-test-") as tmp:
        env = dict(os.environ)
        env["PATH"] = make_bin_dir(netpol, tmp) + os.pathsep + env.get("PATH", "")
        env.pop("NO_COLOR", None)
        env.pop("CDPATH", None)
        env["LC_ALL"] = "C.UTF-8"
        env["TMPDIR"] = tmp
        before = git_untracked(root)
        for page in args.pages:
            path = page if os.path.isabs(page) else os.path.join(root, page)
            rel = os.path.relpath(path, root)
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            blocks = parse_page(lines)
            replacements = []  # (start, end, new lines) over the page's lines
            for block in blocks:
                if block.mode == "illustrative" or not block.commands:
                    continue
                if block.mode is not None:
                    print(f"{rel}:{block.line_no}: unknown console block mode {block.mode!r}")
                    failures += 1
                    continue
                try:
                    results = run_block(block, root, env, args.timeout)
                except subprocess.TimeoutExpired:
                    print(f"{rel}:{block.line_no}: the block took more than {args.timeout} s")
                    failures += 1
                    continue
                for cmd, (got, status) in zip(block.commands, results):
                    ran += 1
                    want = shown(cmd.output, cmd.status)
                    have = shown(got, status)
                    if same(want, have):
                        continue
                    if args.update:
                        replacements.append((cmd.first_output_line, cmd.end_line,
                                             [block.indent + l if l else l for l in have]))
                        continue
                    failures += 1
                    print(f"{rel}:{cmd.line_no}: output differs from the page")
                    print(f"  $ {cmd.text}")
                    sys.stdout.writelines(
                        difflib.unified_diff([l + "\n" for l in want], [l + "\n" for l in have],
                                             f"{rel}:{cmd.line_no} (page)", "(netpol)"))
                    print()
            if args.update and replacements:
                for start, end, new in sorted(replacements, reverse=True):
                    lines[start:end] = new
                with open(path, "w", encoding="utf-8") as f:
                    f.write("\n".join(lines))
                print(f"{rel}: updated {len(replacements)} outputs")
        after = git_untracked(root)
        if before is not None and after is not None and after - before:
            print("the commands wrote into the repository (use a temporary directory):")
            for entry in sorted(after - before):
                print("  " + entry)
            failures += 1
    print(f"{ran} commands run, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
