#!/usr/bin/env python3
"""function_length_audit.py - no function of the product's code is longer
than the limit (STYLE.md: small functions; issue 22: none over 80 lines).

Reads the C, C++ and Python files below each DIR given (Python also in
extension-less scripts whose first line names python), skipping build trees
and test inputs, and prints one line per function over --max lines:
    FILE:LINE: FUNCTION is N lines (limit M)
then a summary line; exit status 1 if any was found.

A function's length is the lines from its first line (Python: `def`; C and
C++: the line of its opening brace) to its last. C and C++ are read by a
small lexer rather than a compiler: comments, strings and character
literals are blanked, and a brace opens a function's body when it follows a
parameter list `)` (with const, noexcept, override, a trailing return type
or a constructor's initializer list after it) at namespace, class or file
scope. Braces inside a body are the body's.
"""
import argparse
import ast
import os
import re
import sys

SOURCE_SUFFIXES = (".c", ".cpp", ".cc", ".h", ".hpp")
SKIPPED_DIRS = {".git", "Inputs", "__pycache__", "Output"}


def blank_literals(text):
    """The text with comments, strings and character literals replaced by
    spaces (newlines kept, so line numbers stay right)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
        else:
            out.append(c)
            i += 1
            continue
        out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
        i = j
    return "".join(out)


# What may stand between a parameter list's ')' and the body's '{'.
AFTER_PARAMETERS = re.compile(
    r"\)\s*(?:const|noexcept(?:\([^()]*\))?|override|final|volatile|&|&&|\s)*"
    r"(?:->\s*[\w:<>,\s*&]+)?\s*(?::\s*[^;{}]*)?$", re.S)
SCOPE_OPENER = re.compile(r"\b(?:namespace|struct|class|union|enum)\b|extern\s*$")


def c_functions(path):
    """(name, first line, length) of each function body in a C/C++ file."""
    text = blank_literals(open(path, encoding="utf-8", errors="replace").read())
    stack = []  # kinds of the open braces: scope, function, block
    last = 0  # where the text before the next brace starts
    line = 1
    found = []
    for i, c in enumerate(text):
        if c == "\n":
            line += 1
        if c not in "{};":
            continue
        before = text[last:i]
        last = i + 1
        if c == ";":
            continue
        if c == "}":
            if stack:
                kind, start, name = stack.pop()
                if kind == "function":
                    found.append((name, start, line - start + 1))
            continue
        inside_function = any(kind != "scope" for kind, _, _ in stack)
        if inside_function:
            stack.append(("block", line, ""))
        elif AFTER_PARAMETERS.search(before) and not SCOPE_OPENER.search(
                before.split("(")[0]) and "=" not in before.split("(")[0]:
            head = before.split("(")[0].split()
            stack.append(("function", line, head[-1] if head else "?"))
        elif SCOPE_OPENER.search(before) or before.strip().endswith('"C"'):
            stack.append(("scope", line, ""))
        else:
            stack.append(("block", line, ""))
    return found


def python_functions(path):
    try:
        tree = ast.parse(open(path, encoding="utf-8").read(), path)
    except SyntaxError:
        return []
    return [(node.name, node.lineno, node.end_lineno - node.lineno + 1)
            for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def is_python_script(path):
    try:
        with open(path, "rb") as f:
            first = f.readline(200)
    except OSError:
        return False
    return first.startswith(b"#!") and b"python" in first


def sources(roots):
    for root in roots:
        for directory, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS
                             and not d.startswith("build"))
            for name in sorted(files):
                path = os.path.join(directory, name)
                if name.endswith(SOURCE_SUFFIXES):
                    yield path, c_functions
                elif name.endswith(".py") or ("." not in name and is_python_script(path)):
                    yield path, python_functions


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max", type=int, default=80, help="the limit (default 80)")
    parser.add_argument("dirs", nargs="+", metavar="DIR")
    args = parser.parse_args(argv)
    functions = files = over = 0
    for path, read in sources(args.dirs):
        files += 1
        for name, start, length in read(path):
            functions += 1
            if length > args.max:
                over += 1
                print("%s:%d: %s is %d lines (limit %d)" % (path, start, name, length, args.max))
    print("function_length_audit: %d functions in %d files, %d over %d lines"
          % (functions, files, over, args.max))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
