"""What each speed trick of `skillmatrix/tuning.py` pays: the real content and the scale corpus
built with every trick, with each one off, and with none, every build in a fresh interpreter
(median of --runs). Prints pages per second and the ratio to the build with every trick, as
JSON: `python -m bench.tricks [--runs N] [--real-only]`."""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from dataclasses import fields, replace
from pathlib import Path

from skillmatrix.tuning import FULL, PLAIN, Tuning

from .__main__ import OUT, median_of
from .corpus import REPO, generate
from .measure import full_build


def variants() -> dict[str, Tuning]:
    found = {"all tricks": FULL}
    found.update({f"without {f.name}": replace(FULL, **{f.name: False}) for f in fields(Tuning)})
    found["no tricks"] = PLAIN
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.tricks")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--real-only", action="store_true")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    corpora = {"real": REPO}
    if not args.real_only:
        corpora["scale"] = generate(OUT / "corpus")
    report: dict[str, dict[str, dict[str, float]]] = {}
    run = Path(tempfile.mkdtemp(prefix="tricks-", dir=OUT))
    try:
        for name, root in corpora.items():
            rows: dict[str, dict[str, float]] = {}
            for label, tuning in variants().items():
                figures = median_of(args.runs, full_build, root, 2, run, tuning)
                rows[label] = {"pages_per_s": round(float(figures["pages_per_s"]), 1)}
                print(name, label, rows[label], flush=True)
            base = rows["all tricks"]["pages_per_s"]
            for row in rows.values():
                row["ratio_to_all_tricks"] = round(row["pages_per_s"] / base, 3)
            report[name] = rows
    finally:
        shutil.rmtree(run)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
