"""Weak labeller precision: list every USED and ATTACKED it finds near a reporting verb, for a hand check.

The issue's precision target is that no reporting, condemning, discussing or investigating verb
makes its subject the user or the attacker (``أدان X استخدام الأسلحة الكيميائية`` must give no
USED). This script draws a seeded sample of texts that hold both such a verb and a use or attack
word, labels them as ``kashif label`` does (the label model fitted on the sample), and prints every
USED and ATTACKED with the words around its two mentions, for a person to judge. It judges
nothing itself: the verdicts go into the README with the sample's description.

Sources (unlabelled text only; no gold label is read):

- ``ant``: ANT articles of 2,500-8,000 characters (longer than the round-4 sample, which took
  300-2,500), outside every ANT dev set and the reserve;
- ``anercorp``: sentences of ANERcorp's text (its tags are not read);
- ``ant-titles``: the headlines of ANT articles outside the dev sets and the reserve that hold a
  use or attack word (with or without a reporting word: headlines are short, and no rule was
  ever written from them, since ``kashif label`` reads an article's text, not its title).

With ``--baseline FILE`` (the JSONL of an earlier run, e.g. on the previous main) it also says
which relations are new and which are gone, so a hand check after a change reads only those.

    python benchmarks/governed_check.py --source anercorp [--seed 5] [--baseline runs/bench/old.jsonl]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

from kashif.corpus import RawDoc, read_conll
from kashif.files import write_text
from kashif.weak.labeller import WeakLabeller

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ANT = SHARED / "data" / "external" / "ant" / "ant.jsonl"
ANERCORP = SHARED / "data" / "external" / "anercorp" / "train.txt"

# a use or attack word, and a verb or noun that reports, condemns, discusses or investigates
EVENT = re.compile(r"استخدام|استعمال|هجوم|هجمات|قصف|غار[ةا]|استهدف|ضرب[ةا]|اعتداء|هاجم")
REPORT = re.compile(r"أدان|ندد|استنكر|شجب|تحقيق|حقق|اتهم|ناقش|بحث|حذر|نفى|قال|أعلن|أكد|"
                    r"مشروع قرار|طالب|دعا|رفض|تقرير|إدانة")


def _key(seed: int, doc_id: str) -> str:
    return hashlib.sha256(f"{seed}:{doc_id}".encode()).hexdigest()


def _dev_ids() -> set[str]:
    ids = set()
    for f in (REPO / "data" / "dev" / "ant").glob("*.jsonl"):
        ids.update(json.loads(line)["id"] for line in f.open(encoding="utf-8") if line.strip())
    return ids


def _ant_articles(path: Path):
    """ANT articles (dicts with id, title, text) outside every ANT dev set and the reserve."""
    skip = _dev_ids()
    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["id"] not in skip:
                yield d


def ant_sample(path: Path, n: int, seed: int) -> list[RawDoc]:
    docs = [RawDoc(d["id"], d["text"]) for d in _ant_articles(path)
            if 2500 <= len(d.get("text") or "") <= 8000 and EVENT.search(d["text"]) and REPORT.search(d["text"])]
    return sorted(docs, key=lambda d: _key(seed, d.id))[:n]


def ant_title_sample(path: Path, n: int, seed: int) -> list[RawDoc]:
    docs = [RawDoc(d["id"] + ":title", title) for d in _ant_articles(path)
            if EVENT.search(title := (d.get("title") or "").strip())]
    return sorted(docs, key=lambda d: _key(seed, d.id))[:n]


def anercorp_sample(path: Path, n: int, seed: int) -> list[RawDoc]:
    docs = []
    for i, s in enumerate(read_conll(path)):
        text = " ".join(s.tokens)
        if EVENT.search(text) and REPORT.search(text):
            docs.append(RawDoc(f"anercorp:{i}", text))
    return sorted(docs, key=lambda d: _key(seed, d.id))[:n]


def context(text: str, spans: list[tuple[int, int]], width: int = 60) -> str:
    lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
    return text[max(0, lo - width):hi + width].replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", choices=["ant", "ant-titles", "anercorp"], default="ant")
    ap.add_argument("--sample", type=int, default=300, help="how many texts to draw")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--baseline", type=Path, help="the JSONL of an earlier run on the same sample")
    ap.add_argument("--output", type=Path, default=REPO / "runs" / "bench" / "governed_check.jsonl")
    args = ap.parse_args(argv)
    path = ANERCORP if args.source == "anercorp" else ANT
    if not path.is_file():
        print(f"error: {path} not found (the shared data sits beside the repository)", file=sys.stderr)
        return 1
    sample = {"ant": ant_sample, "ant-titles": ant_title_sample, "anercorp": anercorp_sample}[args.source]
    docs = sample(path, args.sample, args.seed)
    labelled = WeakLabeller("dawid-skene").label_corpus(docs)
    rows = []
    for raw, doc in zip(docs, labelled, strict=True):
        ents = {e.id: e for e in doc.entities}
        for r in doc.relations:
            if r.type not in ("USED", "ATTACKED"):
                continue
            h, t = ents[r.head], ents[r.tail]
            rows.append({"id": raw.id, "type": r.type, "head": h.text, "tail": t.text,
                         "context": context(raw.text, [(h.start, h.end), (t.start, t.end)])})
    write_text(args.output, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    what = "a use/attack word" if args.source == "ant-titles" else "a use/attack word and a reporting word"
    print(f"{len(docs)} {args.source} texts with {what}; "
          f"{len(rows)} USED/ATTACKED in {len({r['id'] for r in rows})} of them (listed in {args.output})")
    for i, r in enumerate(rows, 1):
        print(f"{i:3d} {r['type']:8s} {r['head']} -> {r['tail']} | {r['id']}\n    {r['context']}")
    if args.baseline:
        def key(r):
            return r["id"], r["type"], r["head"], r["tail"]
        old = {key(json.loads(line)) for line in args.baseline.open(encoding="utf-8") if line.strip()}
        new = {key(r) for r in rows}
        print(f"against {args.baseline}: {len(new - old)} new, {len(old - new)} gone")
        for tag, keys in (("new", new - old), ("gone", old - new)):
            for k in sorted(keys):
                print(f"  {tag:4s} {k[1]:8s} {k[2]} -> {k[3]} | {k[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
