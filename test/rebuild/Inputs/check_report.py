"""check_report.py OUT LLVM_SIZE - checks fluid-rebuild program's report
against the files of its run, and prints one line per fact for FileCheck.

For every variant of the report's table: its .text bytes equal llvm-size -A
of the measured binary in OUT/<variant>/src, recomputed here; for each timed
variant (O2, O3, fluid, ...), the output digest is the sha256 of
OUT/<variant>/run-check.stdout, which is byte-identical to O2's; the median
is the median of its column of the per-round table and the ratio to O2 is
median / O2's median. Under the measured policy: each round's .text error
is its measured against its predicted figure, each plan's predicted .text
is within its round's budget, the kept round's measured .text is the fluid
build's, and the verdict on the .text budget is right. Exits 1 at the first
mismatch, naming it.
"""
import hashlib
import re
import statistics
import subprocess
import sys


def fail(message):
    print("MISMATCH: " + message)
    sys.exit(1)


def table_rows(text, header):
    """The rows (lists of cells) of the markdown table whose header starts so."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def text_bytes(llvm_size, path):
    output = subprocess.run([llvm_size, "-A", path], check=True, capture_output=True,
                            text=True).stdout
    return sum(int(f[1]) for f in (line.split() for line in output.splitlines())
               if len(f) >= 2 and (f[0] == ".text" or f[0].startswith(".text.")))


def check_measured(text, fluid_text):
    rounds = table_rows(text, "| round | budget |")
    kept = [r for r in rounds if r[5].endswith("(kept)")]
    if len(kept) != 1:
        fail("measured: %d rounds marked kept" % len(kept))
    for r in rounds:
        budget, predicted, measured = (int(r[i].replace(",", "")) for i in (1, 2, 3))
        if predicted > budget:
            fail("measured: round %s predicts %d B over its budget %d B"
                 % (r[0], predicted, budget))
        error = "%+.1f%%" % (100.0 * (measured - predicted) / predicted)
        if r[4] != error:
            fail("measured: round %s error %s, figures give %s" % (r[0], r[4], error))
    if int(kept[0][3].replace(",", "")) != fluid_text:
        fail("measured: kept round's .text %s is not the fluid build's %d"
             % (kept[0][3], fluid_text))
    budget = int(rounds[0][1].replace(",", ""))
    verdict = re.search(r"^- \.text: .* B: (held|\*\*missed\*\*)$", text, re.M)
    if not verdict or (verdict.group(1) == "held") != (fluid_text <= budget):
        fail("measured: the .text verdict is wrong")
    print("measured: %d round(s), errors and budgets match, kept round %s is the fluid "
          "build" % (len(rounds), kept[0][0]))


def main(out, llvm_size):
    text = open(out + "/report.md").read()
    binary = re.search(r"`\.text` is measured on `([^`]+)`", text).group(1)
    variants = {row[0]: row for row in table_rows(text, "| variant |")}
    header = next(line for line in text.splitlines() if line.startswith("| round | O2"))
    columns = [cell.strip() for cell in header.strip("|").split("|")]
    rounds = table_rows(text, "| round | O2")
    print("binary %s" % binary)
    reference = open(out + "/O2/run-check.stdout", "rb").read()
    for variant in ["instrumented", "O2", "O3", "fluid"]:
        if variant not in variants and not any(v.startswith(variant + "-") for v in variants):
            fail("no row for " + variant)
    for variant, row in variants.items():
        measured = text_bytes(llvm_size, "%s/%s/src/%s" % (out, variant, binary))
        if int(row[4]) != measured:
            fail("%s: report says %s .text bytes, llvm-size %d" % (variant, row[4], measured))
        print("%s text %d matches llvm-size" % (variant, measured))
        if variant not in columns:
            continue
        index = columns.index(variant)
        output = open("%s/%s/run-check.stdout" % (out, variant), "rb").read()
        if output != reference or row[6] != "yes":
            fail("%s: output not identical to O2's" % variant)
        if not hashlib.sha256(output).hexdigest().startswith(row[5].strip("`")):
            fail("%s: digest %s is not its output's" % (variant, row[5]))
        median = statistics.median(float(r[index]) for r in rounds)
        if abs(median - float(row[2])) > 0.0000005:
            fail("%s: median %s, rounds give %.4f" % (variant, row[2], median))
        ratio = median / float(variants["O2"][2])
        if abs(ratio - float(row[3])) > 0.0005 + 0.001 * ratio:
            fail("%s: ratio %s, medians give %.3f" % (variant, row[3], ratio))
        print("%s output identical, median and ratio match the rounds" % variant)
    if "## The measured policy" in text:
        check_measured(text, int(variants["fluid"][4]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
