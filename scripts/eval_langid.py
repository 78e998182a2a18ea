#!/usr/bin/env python3
"""Accuracy of es-ingest's language detection on the lingua test data.

usage: eval_langid.py [DATA_DIR] [--limit N]

DATA_DIR defaults to ../shared/langid/language-testdata (relative to the repo).
For every language that langdetect supports, prints the accuracy on
``sentences/xx.txt`` (a line counts as right when `detect_language` returns the
file's code), then the average; then, for ``single-words`` and ``word-pairs``,
how often the answer is "und", right or wrong. Exit status 2 if the data is
missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from es_ingest.detect import UNDETERMINED, detect_language  # noqa: E402

# langdetect's profiles (zh-cn and zh-tw both map to zh).
LANGDETECT = set(
    [
        "af",
        "ar",
        "bg",
        "bn",
        "ca",
        "cs",
        "cy",
        "da",
        "de",
        "el",
        "en",
        "es",
        "et",
        "fa",
        "fi",
        "fr",
        "gu",
        "he",
        "hi",
        "hr",
        "hu",
        "id",
        "it",
        "ja",
        "kn",
        "ko",
        "lt",
        "lv",
        "mk",
        "ml",
        "mr",
        "ne",
        "nl",
        "no",
        "pa",
        "pl",
        "pt",
        "ro",
        "ru",
        "sk",
        "sl",
        "so",
        "sq",
        "sv",
        "sw",
        "ta",
        "te",
        "th",
        "tl",
        "tr",
        "uk",
        "ur",
        "vi",
        "zh",
    ]
)
# lingua file names that langdetect spells differently.
ALIASES = {"nb": "no"}  # nn (Nynorsk) has no langdetect profile


def lines(path: Path, limit: int) -> list[str]:
    with path.open(encoding="utf-8") as f:
        out = [line.strip() for line in f if line.strip()]
    return out[:limit] if limit else out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "data", nargs="?", default=str(ROOT.parent / "shared/langid/language-testdata")
    )
    parser.add_argument("--limit", type=int, default=0, help="lines per file (0: all)")
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not (data / "sentences").is_dir():
        print(f"no test data in {data}", file=sys.stderr)
        return 2
    files = sorted(p for p in (data / "sentences").glob("*.txt"))
    scored = [(p.stem, ALIASES.get(p.stem, p.stem)) for p in files]
    scored = [(name, code) for name, code in scored if code in LANGDETECT]
    print(f"sentences: {len(scored)} languages that langdetect supports")
    print(f"{'lang':<6} {'n':>5} {'right':>6} {'und':>5} {'wrong':>6} {'acc':>7}")
    accs = []
    for name, code in scored:
        items = lines(data / "sentences" / f"{name}.txt", args.limit)
        right = und = 0
        for text in items:
            got = detect_language(text).language
            right += got == code
            und += got == UNDETERMINED
        acc = right / len(items) if items else 0.0
        accs.append(acc)
        wrong = len(items) - right - und
        print(f"{code:<6} {len(items):>5} {right:>6} {und:>5} {wrong:>6} {acc:>7.3f}")
    print(f"average sentence accuracy: {sum(accs) / len(accs):.4f} over {len(accs)} languages")
    for kind in ("single-words", "word-pairs"):
        total = right = und = 0
        for name, code in scored:
            path = data / kind / f"{name}.txt"
            if not path.exists():
                continue
            for text in lines(path, args.limit):
                got = detect_language(text).language
                total += 1
                right += got == code
                und += got == UNDETERMINED
        wrong = total - right - und
        if total:
            print(
                f"{kind}: {total} items: und {und / total:.3f}, right {right / total:.3f}, "
                f"wrong {wrong / total:.3f} (precision when answering "
                f"{right / max(1, right + wrong):.3f})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
