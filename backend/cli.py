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


def _worker_count(args: argparse.Namespace, production: bool) -> int:
    """--workers, else DRILLBOOK_WORKERS, else one per core in production and one otherwise."""
    import os

    from backend.core.settings import workers_setting

    value = str(args.workers) if args.workers is not None else workers_setting()
    if not value:
        return (os.cpu_count() or 1) if production else 1
    if not value.isdigit() or int(value) < 1:
        raise ConfigurationError(f"DRILLBOOK_WORKERS must be a whole number >= 1, got {value!r}")
    return int(value)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from backend.auth.production import production_checks

    settings = load_settings()
    production_checks(settings)
    workers = _worker_count(args, settings.production)
    print(
        f"drillbook serving at http://{settings.host}:{args.port or settings.port} "
        f"({settings.database_kind}, {workers} worker{'s' if workers > 1 else ''})"
    )
    # An import string and a factory: every worker process builds its own app and its own
    # PostgreSQL pool. The access log is off: it prints whole paths, feed tokens included; the
    # app logs one line per request itself (backend/core/request_log.py).
    uvicorn.run(
        "backend.app:served_app",
        factory=True,
        workers=workers,
        host=settings.host,
        port=args.port or settings.port,
        log_level="info",
        access_log=False,
        # X-Forwarded-For is read by the app only when DRILLBOOK_TRUSTED_PROXY says so
        proxy_headers=False,
        timeout_graceful_shutdown=20,
    )
    return 0


def _seed_demo(args: argparse.Namespace) -> int:
    from backend.tooling.demo_city.load import load_demo_city

    return asyncio.run(load_demo_city(seed=args.seed, if_empty=args.if_empty))


def _import_roster(args: argparse.Namespace) -> int:
    from backend.staff.roster_cli import import_roster_file

    return asyncio.run(import_roster_file(args.file, args.institution))


def _report(args: argparse.Namespace) -> int:
    from pathlib import Path

    if args.kind == "credits":
        return _report_credits(args)
    if not args.jurisdiction:
        print("drillbook: report compliance needs --jurisdiction CODE", file=sys.stderr)
        return 2

    from backend.compliance.report import COMMAND_LINE, compliance_report, jurisdiction_id_for
    from backend.core.errors import DomainError
    from backend.core.messages import render
    from reports.compliance import gap_frame, write_report
    from reports.heatmap import CJKFontMissing

    async def run() -> int:
        try:
            jurisdiction = await jurisdiction_id_for(args.jurisdiction)
            report = await compliance_report(
                COMMAND_LINE, jurisdiction, args.year, None, args.period, with_findings=xlsx
            )
        except DomainError as exc:
            print(render(exc.code, "zh", **exc.params), file=sys.stderr)
            return 2
        try:
            write_report(report, Path(args.out))
        except CJKFontMissing as exc:
            print(f"drillbook: {exc}", file=sys.stderr)
            return 2
        gaps = f", {len(gap_frame(report.findings))} gaps" if xlsx else ""
        print(f"report: {args.out} ({len(report.matrix)} institutions{gaps})")
        return 0

    xlsx = Path(args.out).suffix == ".xlsx"  # the other files hold only the matrix
    if Path(args.out).suffix not in (".xlsx", ".csv", ".png"):
        print("drillbook: --out must end in .xlsx, .csv or .png", file=sys.stderr)
        return 2
    return asyncio.run(run())


def _report_credits(args: argparse.Namespace) -> int:
    from pathlib import Path

    from backend.credits.register_cli import write_register_file

    if not args.institution or Path(args.out).suffix != ".xlsx":
        print(
            "drillbook: report credits needs --institution CODE and --out FILE.xlsx",
            file=sys.stderr,
        )
        return 2
    return asyncio.run(write_register_file(args.institution, args.year, Path(args.out)))


def _generate_province(args: argparse.Namespace) -> int:
    import time

    from backend.compliance.snapshots import judge_everything
    from backend.core.clock import today_in_shanghai
    from backend.tooling.synthetic_province.load import generate_province, progress_bar

    async def run() -> dict:
        counts = await generate_province(
            args.institutions, args.staff, args.years, args.seed, progress=progress_bar
        )
        print("generate-province: wrote " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        started, this_year = time.perf_counter(), today_in_shanghai().year
        years = range(this_year - args.years + 1, this_year + 1)
        await judge_everything(years)
        print(f"generate-province: compliance judged for {len(years)} years in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        return counts

    try:
        asyncio.run(run())
    except RuntimeError as exc:
        print(f"drillbook: {exc}", file=sys.stderr)
        return 1
    return 0


def _judge_compliance(args: argparse.Namespace) -> int:
    import time

    from backend.compliance.freshness import everything_changed
    from backend.compliance.snapshots import judge_everything
    from backend.core.clock import today_in_shanghai

    async def run(years: list[int]) -> int:
        if args.all:
            await everything_changed()
        return await judge_everything(years)

    started = time.perf_counter()
    years = args.year or [today_in_shanghai().year - 1, today_in_shanghai().year]
    count = asyncio.run(run(years))
    print(f"judge-compliance: {count} institutions, years {', '.join(map(str, years))}: "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    return 0


def _bench(args: argparse.Namespace) -> int:
    import json

    if args.kind == "feeds":
        from backend.tooling.benchmarks.calendar_feeds import bench_feeds

        seconds = args.seconds or 20.0
        figures = asyncio.run(bench_feeds(args.requests or 3000, seconds, args.concurrency))
    elif args.kind == "credits":
        from backend.core.clock import today_in_shanghai
        from backend.tooling.benchmarks.credits import bench_credits

        year = args.year or today_in_shanghai().year - 1
        figures = asyncio.run(bench_credits(year, args.requests or 200))
    elif args.kind == "load":
        from backend.tooling.benchmarks.load import bench_load

        levels = [int(n) for n in args.clients.split(",") if n.strip()]
        workers = args.workers or 1
        figures = asyncio.run(bench_load(levels, args.seconds or 60.0, args.url, workers))
    elif args.kind == "oversight":  # spot-check sampling (+ the zone page): spot_checks/bench.py
        from backend.tooling.benchmarks.spot_checks import bench_oversight

        figures = asyncio.run(bench_oversight(runs=args.runs))
    elif args.kind == "competencies":  # matrix + province coverage: competencies/bench.py
        from backend.tooling.benchmarks.competencies import bench_competencies

        figures = asyncio.run(bench_competencies(args.requests or 200, max(args.runs, 10)))
    elif args.kind == "check-in":
        from backend.tooling.benchmarks.attendance import bench_check_in

        figures = bench_check_in(args.requests or 300, 60.0)
    else:
        from backend.core.clock import today_in_shanghai
        from backend.tooling.benchmarks.compliance import bench_compliance

        year = args.year or today_in_shanghai().year - 1
        if args.sizes:  # growth table: one database per size (compliance_growth.py)
            from backend.tooling.benchmarks.compliance_growth import growth_table, table_text

            rows = growth_table([int(n) for n in args.sizes.split(",")], year, args.runs)
            print(table_text(rows))
            figures = rows
        elif args.growth_row:
            from backend.tooling.benchmarks.compliance import growth_row

            figures = asyncio.run(growth_row(year, args.runs))
        else:
            figures = asyncio.run(
                bench_compliance(year, runs=args.runs, requests=args.requests or 50)
            )
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0


def _audit(args: argparse.Namespace) -> int:
    import time

    from backend.audit.chain import verify

    started = time.perf_counter()
    verdict = asyncio.run(verify())
    seconds = time.perf_counter() - started
    if verdict.broken:
        print(f"audit verify: entry {verdict.broken.seq} is broken ({verdict.broken.reason}); "
              f"{verdict.entries} entries before it verify", file=sys.stderr)  # fmt: skip
        return 1
    print(f"audit verify: {verdict.entries} entries, chain intact ({seconds:.1f} s)")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from backend.core.backup import BackupRefused, describe, write_backup

    try:
        summary = asyncio.run(write_backup(Path(args.file)))
    except BackupRefused as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"无法写入 {args.file}。Cannot write {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"backup: {args.file} ({describe(summary)})")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from backend.core.backup import BackupRefused, describe, restore_backup

    if not Path(args.file).is_file():
        print(f"找不到文件 {args.file}。File not found: {args.file}", file=sys.stderr)
        return 2
    try:
        summary = asyncio.run(restore_backup(Path(args.file), force=args.force))
    except BackupRefused as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"restore: {args.file} ({describe(summary)})")
    return 0


def _read_password() -> str:
    """From the terminal (asked twice), or the first line of standard input in scripts."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    import getpass

    first = getpass.getpass("新密码 New password: ")
    if getpass.getpass("再输入一次 Again: ") != first:
        raise SystemExit("两次输入不一致。The passwords differ.")
    return first


def _user(args: argparse.Namespace) -> int:
    from backend.core.errors import DomainError
    from backend.core.messages import render

    try:
        password = _read_password()
        if args.action == "set-password":
            asyncio.run(_set_password(args.username, password))
            print(f"user: {args.username}: password changed, sessions ended")
        else:
            asyncio.run(_add_user(args, password))
            print(f"user: {args.username} ({args.role}) created")
    except DomainError as exc:
        print(render(exc.code, "zh", **exc.params), render(exc.code, "en", **exc.params),
              file=sys.stderr)  # fmt: skip
        return 1
    return 0


async def _set_password(username: str, password: str) -> None:
    from backend.auth import accounts

    await accounts.set_password(await accounts.user_id_named(username), password)


async def _add_user(args: argparse.Namespace, password: str) -> None:
    from backend.auth import accounts

    login = await accounts.login_from_codes(
        args.username,
        password,
        args.role,
        args.name or args.username,
        args.institution,
        args.jurisdiction,
        args.staff_number,
    )  # fmt: skip
    await accounts.add_user(login)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="drillbook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply the Piccolo migrations").set_defaults(run=_migrate)
    serve = commands.add_parser("serve", help="serve the web app and API")
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes (default DRILLBOOK_WORKERS, else one per core in production, 1 otherwise)",
    )
    serve.set_defaults(run=_serve)
    demo = commands.add_parser("seed-demo", help="load the demo city (Nanhe)")
    demo.add_argument("--seed", type=int, default=2025)
    demo.add_argument("--if-empty", action="store_true", help="do nothing if institutions exist")
    demo.set_defaults(run=_seed_demo)
    roster = commands.add_parser("import-roster", help="import a staff roster (.xlsx or .csv)")
    roster.add_argument("file")
    roster.add_argument("--institution", required=True, help="institution code, e.g. nh-mch")
    roster.set_defaults(run=_import_roster)
    province = commands.add_parser(
        "generate-province", help="write a synthetic province (benchmarks) into an empty database"
    )
    province.add_argument("--institutions", type=int, default=1000)
    province.add_argument("--staff", type=int, default=60000)
    province.add_argument("--years", type=int, default=3, help="calendar years up to this one")
    province.add_argument("--seed", type=int, default=2025)
    province.set_defaults(run=_generate_province)
    judge = commands.add_parser(
        "judge-compliance",
        help="bring every stale compliance snapshot up to date now (after changing seeds/rules)",
    )
    judge.add_argument("--year", type=int, action="append", help="default: last year and this")
    judge.add_argument(
        "--all",
        action="store_true",
        help="judge every institution again (after editing data by hand)",
    )
    judge.set_defaults(run=_judge_compliance)
    bench = commands.add_parser("bench", help="measure (figures as JSON)")
    bench.add_argument(
        "kind",
        choices=["compliance", "feeds", "check-in", "credits", "load", "oversight", "competencies"],
    )
    bench.add_argument("--year", type=int, default=None, help="compliance; default: last year")
    bench.add_argument("--runs", type=int, default=3, help="compliance: matrix runs")
    bench.add_argument(
        "--sizes",
        default="",
        help="compliance: growth table for these province sizes, e.g. 1000,3000 (a database "
        "<name>_<N> per size, generated when empty)",
    )
    bench.add_argument("--growth-row", action="store_true", help=argparse.SUPPRESS)
    bench.add_argument(
        "--requests",
        type=int,
        default=None,
        help="HTTP requests (compliance 50, feeds 3000, check-in: people 300)",
    )
    bench.add_argument(
        "--seconds",
        type=float,
        default=None,
        help="feeds: time cap per run (20); load: per level (60)",
    )
    bench.add_argument("--clients", default="10,50,200", help="load: concurrent clients per level")
    bench.add_argument("--url", default=None, help="load: a running server (default: start one)")
    bench.add_argument("--workers", type=int, default=None, help="load: the server it starts (1)")
    bench.add_argument("--concurrency", type=int, default=16, help="feeds: concurrent requests")
    bench.set_defaults(run=_bench)
    audit = commands.add_parser("audit", help="the audit log of every write")
    audit.add_argument("action", choices=["verify"])
    audit.set_defaults(run=_audit)
    user = commands.add_parser(
        "user", help="create a login or set a password (read from the terminal or stdin)"
    )
    user.add_argument("action", choices=["add", "set-password"])
    user.add_argument("username")
    user.add_argument("--role", choices=["admin", "officer", "staff", "reviewer", "commission"])
    user.add_argument("--name", help="display name")
    user.add_argument("--institution", help="institution code (officer, staff, reviewer)")
    user.add_argument("--jurisdiction", help="jurisdiction code (commission)")
    user.add_argument("--staff-number", help="staff: the 工号 of the person at the institution")
    user.set_defaults(run=_user)
    backup = commands.add_parser("backup", help="write every table into one portable file")
    backup.add_argument("file", help="e.g. drillbook-2026-12-01.zip")
    backup.set_defaults(run=_backup)
    restore = commands.add_parser(
        "restore", help="load a backup into an empty, migrated database (all or nothing)"
    )
    restore.add_argument("file")
    restore.add_argument(
        "--force", action="store_true", help="replace everything already in the database"
    )
    restore.set_defaults(run=_restore)
    report = commands.add_parser("report", help="write a report file")
    report.add_argument("kind", choices=["compliance", "credits"])
    report.add_argument("--jurisdiction", help="compliance: jurisdiction code or id, e.g. nh")
    report.add_argument("--institution", help="credits: institution code, e.g. nh-mch")
    report.add_argument("--year", type=int, required=True)
    report.add_argument("--period", default=None, help="e.g. 2026-Q1 (default: the whole year)")
    report.add_argument("--out", required=True, help="FILE.xlsx, FILE.csv or FILE.png (heatmap)")
    report.set_defaults(run=_report)
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
