"""`drillbook serve | migrate | seed-demo | import-roster`: the same services the API calls."""

from __future__ import annotations

import argparse
import asyncio
import sys

from backend.core.settings import ConfigurationError, load_settings


def _migrate(_: argparse.Namespace) -> int:
    from backend.core.database import migrate

    asyncio.run(migrate())
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from backend.app import create_app

    settings = load_settings()
    print(
        f"drillbook serving at http://{settings.host}:{args.port or settings.port} ({settings.database_kind})"
    )
    uvicorn.run(
        create_app(settings), host=settings.host, port=args.port or settings.port, log_level="info"
    )
    return 0


def _seed_demo(args: argparse.Namespace) -> int:
    from backend.demo_city.load import load_demo_city

    return asyncio.run(load_demo_city(seed=args.seed, if_empty=args.if_empty))


def _import_roster(args: argparse.Namespace) -> int:
    from backend.staff.roster_cli import import_roster_file

    return asyncio.run(import_roster_file(args.file, args.institution))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="drillbook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply the Piccolo migrations").set_defaults(run=_migrate)
    serve = commands.add_parser("serve", help="serve the web app and API")
    serve.add_argument("--port", type=int, default=None)
    serve.set_defaults(run=_serve)
    demo = commands.add_parser("seed-demo", help="load the demo city (Nanhe)")
    demo.add_argument("--seed", type=int, default=2025)
    demo.add_argument("--if-empty", action="store_true", help="do nothing if institutions exist")
    demo.set_defaults(run=_seed_demo)
    roster = commands.add_parser("import-roster", help="import a staff roster (.xlsx or .csv)")
    roster.add_argument("file")
    roster.add_argument("--institution", required=True, help="institution code, e.g. nh-mch")
    roster.set_defaults(run=_import_roster)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ConfigurationError as exc:
        print(f"drillbook: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
