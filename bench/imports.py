"""Import throughput: a large LinkedIn ``Connections.csv`` and a large vCard file.

    python bench/imports.py [--rows 100000] [--runs 3] [--work-dir DIR] [--repo DIR]

Writes one synthetic ``Connections.csv`` and one ``.vcf`` of ``--rows`` people
each (deterministic: the same rows every run), then times
``netjournal import linkedin`` and ``netjournal import vcard`` as whole
processes into an empty store, alternating the two, and prints the median
wall time, CPU time and peak memory (GNU ``time -f``) of each. ``--repo``
runs another checkout's code (``PYTHONPATH``), to compare before and after.

An import should be linear in its size: add ``--rows 25000`` and
``--rows 50000`` runs to see the slope. Not part of the test suite; the
figures go in ``FINDINGS.md`` by hand.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"
FIRST = ("Jane", "Priya", "Tom", "Ana", "Li", "Sam", "Olu", "Mark", "Eve", "Raj")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def write_linkedin(path: Path, rows: int) -> None:
    """A ``Connections.csv`` as LinkedIn writes it (preamble, header, one row per person)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write('Notes:\n"Some e-mail addresses may be missing."\n\n')
        fh.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
        for i in range(rows):
            email = f"p{i}@example.nhs.uk" if i % 4 == 0 else ""
            fh.write(
                f"{FIRST[i % len(FIRST)]},Surname{i},https://www.linkedin.com/in/person-{i},"
                f"{email},Trust {i % 50},Nurse,{1 + i % 28:02d} {MONTHS[i % 12]} "
                f"{2010 + i % 15}\n"
            )


def write_vcard(path: Path, cards: int) -> None:
    """A phone's contacts export: vCard 3.0, seven lines per card."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        for i in range(cards):
            given = FIRST[i % len(FIRST)]
            fh.write(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{given} Person{i}\r\n"
                f"N:Person{i};{given};;;\r\nEMAIL;TYPE=work:p{i}@example.org\r\n"
                f"TEL;TYPE=cell:+44 7700 {i:06d}\r\nEND:VCARD\r\n"
            )


def run_once(code: Path, source: str, path: Path, work: Path) -> tuple[float, float, int]:
    """``(wall s, cpu s, peak KiB)`` of one import into a fresh store."""
    home = Path(tempfile.mkdtemp(dir=work))
    env = dict(os.environ, PYTHONPATH=str(code), NETJOURNAL_HOME=str(home))
    env["NETJOURNAL_TODAY"] = TODAY
    argv = ["import", source, str(path), "--json"]
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m", "netjournal", *argv],
        env=env,
        cwd=work,  # `python -m` puts the working directory first on sys.path
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"import {source} failed: {out.stderr.strip()[-500:]}")
    wall, user, system, peak = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(peak)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work-dir", type=Path)
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout whose code runs")
    args = parser.parse_args(argv)
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="nj-bench-imports-"))
    work.mkdir(parents=True, exist_ok=True)
    csv_path = work / f"Connections-{args.rows}.csv"
    vcf_path = work / f"contacts-{args.rows}.vcf"
    if not csv_path.exists():
        write_linkedin(csv_path, args.rows)
    if not vcf_path.exists():
        write_vcard(vcf_path, args.rows)
    cases = {"linkedin": csv_path, "vcard": vcf_path}
    figures: dict[str, list[tuple[float, float, int]]] = {k: [] for k in cases}
    for _ in range(args.runs):
        for source, path in cases.items():  # interleaved, so background load hits both
            figures[source].append(run_once(args.repo, source, path, work))
    print(f"rows={args.rows} runs={args.runs} code={args.repo}")
    for source, runs in figures.items():
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        peak = max(r[2] for r in runs) / 1024
        print(f"{source:9} wall {wall:7.2f} s  cpu {cpu:7.2f} s  peak {peak:6.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
