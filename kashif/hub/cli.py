"""``kashif publish``: push a trained model folder, with its model card, to the Hugging Face Hub."""

from __future__ import annotations

import argparse
import sys

from kashif.hub.publish import PublishError, publish


def build_parser() -> argparse.ArgumentParser:
    """The ``kashif publish`` argument parser."""
    ap = argparse.ArgumentParser(
        prog="kashif publish",
        description="Publish a trained Kashif model folder to the Hugging Face Hub in one commit, with a "
                    "model card rendered from the folder. The token comes from HF_TOKEN or `hf auth login`; "
                    "HF_HUB_OFFLINE must be unset or 0.")
    ap.add_argument("--model", required=True, help="the trained model folder (e.g. runs/demo/model)")
    ap.add_argument("--repo-id", required=True, help="OWNER/NAME of the model repository on the Hub")
    ap.add_argument("--private", action="store_true", help="create the repository private (new repositories only)")
    ap.add_argument("--revision", default=None,
                    help="branch to commit to (default main); a new branch is created from main")
    ap.add_argument("--dry-run", metavar="OUT", default=None,
                    help="write the exact folder that would be uploaded to OUT and upload nothing")
    return ap


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``kashif publish``; returns the exit code (0 ok, 1 failed, 2 bad usage)."""
    args = build_parser().parse_args(argv)
    try:
        result = publish(args.model, args.repo_id, private=args.private, revision=args.revision,
                         dry_run=args.dry_run)
    except PublishError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if result.folder is not None:
        print(f"dry run: {len(result.files)} files written to {result.folder} (nothing uploaded): "
              + ", ".join(result.files))
    else:
        where = result.commit_url or f"https://huggingface.co/{result.repo_id}/tree/{result.revision}"
        print(f"published {len(result.files)} files to {result.repo_id} (branch {result.revision}): {where}")
        if result.deleted:
            print(f"removed from the branch: {', '.join(result.deleted)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
