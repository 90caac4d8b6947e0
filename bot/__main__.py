"""Command line: `python -m bot init | run | console | check-policy FILE | policy import
DOCUMENT [-o OUT.toml] | privacy-report | backup DEST | restore SRC`, and `--version`."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from importlib import metadata
from pathlib import Path

from bot import i18n, logs, privacy_report
from bot import policy as policy_files
from bot.app import open_app
from bot.channels import Unreachable, console
from bot.settings import Settings, SettingsError, load_settings
from bot.storage import backup
from bot.storage.database import Unreadable
from bot.storage.lock import InUse


def _told(*lines: object) -> None:
    """Lines for the operator, on stderr."""
    for line in lines:
        print(line, file=sys.stderr)


def _check_policy(args: argparse.Namespace) -> int:
    try:
        policy = policy_files.load(args.file)
    except policy_files.PolicyError as exc:
        _told(*exc.problems, f"{len(exc.problems)} problem(s) in {exc.source}")
        return 1
    print(policy_files.summary(policy))
    return 0


def _import_policy(args: argparse.Namespace) -> int:
    from bot import policy_import  # python-docx and pypdf load only to import a document

    try:
        draft = policy_import.draft(args.document)
    except policy_import.NotImported as exc:
        _told(*exc.problems, f"nothing written: {exc}")
        return 1
    _told(*draft.todos)
    if args.output is None:
        sys.stdout.write(draft.toml)
        return 0
    args.output.write_text(draft.toml, encoding="utf-8")
    print(f"{args.output}: {policy_files.summary(draft.policy)} ({len(draft.todos)} TODO)")
    return 0


async def _console(settings: Settings, jsonl: bool) -> None:
    out = sys.stdout
    folder = settings.database.parent
    sender = console.JsonLinesSender(out, folder) if jsonl else console.TerminalSender(out, folder)
    desk = console.JsonLinesDesk(out, folder) if jsonl else None
    async with open_app(
        settings.policy,
        settings.database,
        {console.CHANNEL: sender},
        roles=settings.roles,
        desk_channel=desk,
        backups=settings.backups,
        durability=settings.durability,
        warm=False,
    ) as app:
        if jsonl:
            await console.run_jsonl(app, sys.stdin, out)
        else:
            await console.run_terminal(app, out)


def _privacy_report(args: argparse.Namespace) -> int:
    settings = _settings(args)
    policy = policy_files.load(settings.policy)
    translations = i18n.load_all()
    for lang in ("ar", "en"):
        print(privacy_report.report(policy, settings.database, lang, translations[lang].gettext))
        print()
    return 0


def _backup(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if not settings.database.exists():
        print(f"no database at {settings.database}", file=sys.stderr)
        return 1
    print(backup.backup(settings.database, args.destination))
    return 0


def _restore(args: argparse.Namespace) -> int:
    settings = _settings(args)
    try:
        backup.restore(args.source, settings.database)
    except (InUse, ValueError) as exc:
        print(f"not restored: {exc}", file=sys.stderr)
        return 1
    print(f"{args.source} restored into {settings.database}; start the bot to use it")
    return 0


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {
        "policy": args.policy,
        "database": args.db,
        "staff": getattr(args, "staff", None),
        "supervisors": getattr(args, "supervisors", None),
    }
    return load_settings(**{k: v for k, v in overrides.items() if v is not None})


def _run_console(args: argparse.Namespace) -> int:
    settings = _settings(args)
    logs.setup(settings.log_level)
    asyncio.run(_console(settings, jsonl=args.jsonl))
    return 0


def _run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    logs.setup(settings.log_level)
    if settings.serves:
        from bot.serve import serve  # the chat platforms' SDKs load only when served

        asyncio.run(serve(settings))
        return 0
    if not sys.stdin.isatty():  # a container or a service, no tokens yet
        from bot import unconfigured  # the web server loads only to answer /health

        try:
            asyncio.run(unconfigured.serve(settings))
        except OSError as exc:
            print(f"cannot start: {exc}", file=sys.stderr)
            return 2
        return 0
    asyncio.run(_console(settings, jsonl=False))
    return 0


def _init(args: argparse.Namespace) -> int:
    from bot import init  # phonenumbers and the policy importer load only to set up

    secret = getpass.getpass if sys.stdin.isatty() else input  # a token typed is not shown
    return init.run(args.dir, force=args.force, secret=secret)


def _version() -> str:
    try:
        return metadata.version("beneficiary-bot")
    except metadata.PackageNotFoundError:
        return "(not installed)"


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(
        prog="beneficiary-bot",
        description="A Saudi association's beneficiary-relationship policy on WhatsApp, "
        "Telegram and a local console. Settings come from BOT_* variables or .env.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    guided = commands.add_parser(
        "init",
        help="answer a few questions and get a .env (and policy.toml) to start from",
        description="Answer a few questions (in Arabic or English) and get a .env to start "
        "from: the policy, Telegram, WhatsApp and the phone line, the admins.",
    )
    guided.add_argument(
        "--dir", type=Path, default=Path(), help="where to write .env (default: here)"
    )
    guided.add_argument("--force", action="store_true", help="replace an existing .env")
    guided.set_defaults(func=_init)
    for name, func, text in (
        (
            "run",
            _run,
            "serve Telegram (BOT_TELEGRAM_TOKEN set; by webhook when BOT_PUBLIC_URL is set, "
            "else by polling), WhatsApp (BOT_TWILIO_ACCOUNT_SID set) and the website chat "
            "(BOT_WEB_CHAT=1) until SIGTERM; "
            "with no platform, chat in this terminal (with no terminal, only /health answers, "
            "503, saying what is missing)",
        ),
        ("console", _run_console, "chat in the terminal, or drive the bot with JSON lines"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("--policy", help="a preset name or a .toml policy file")
        command.add_argument("--db", type=Path, help="the SQLite database file")
        command.add_argument("--staff", help="comma-separated staff ids")
        command.add_argument("--supervisors", help="comma-separated supervisor ids")
        command.set_defaults(func=func, jsonl=False)
        if name == "console":
            command.add_argument("--jsonl", action="store_true", help="JSON lines on stdin/stdout")
    for name, func, text in (
        (
            "privacy-report",
            _privacy_report,
            "print the record of personal data processing (Arabic, then English)",
        ),
        ("backup", _backup, "copy the database, even while the bot runs, to DEST"),
        ("restore", _restore, "put a backup in place of the database of a stopped bot"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("--policy", help="a preset name or a .toml policy file")
        command.add_argument("--db", type=Path, help="the SQLite database file")
        command.set_defaults(func=func)
        if name == "backup":
            command.add_argument("destination", type=Path, help="a file, or a folder")
        if name == "restore":
            command.add_argument("source", type=Path, help="a backup file")
    check = commands.add_parser(
        "check-policy",
        help="validate a policy file or preset",
        description="Validate a policy file or preset: every problem with its location.",
    )
    check.add_argument("file", help="a preset name or a path to a .toml policy file")
    check.set_defaults(func=_check_policy)
    policy = commands.add_parser(
        "policy", help="work with policy files", description="Work with policy files."
    )
    policy_commands = policy.add_subparsers(dest="policy_command", required=True)
    importer = policy_commands.add_parser(
        "import",
        help="draft a policy file from the association's own policy document",
        description="Draft a policy file from the association's own policy document "
        "(.txt, .md, .docx or a text .pdf): its facts in its own words, a TODO comment "
        "(and a line on stderr) for each one it does not state.",
    )
    importer.add_argument("document", type=Path, help="the policy document")
    importer.add_argument(
        "-o", "--output", type=Path, help="the .toml file to write (default: standard output)"
    )
    importer.set_defaults(func=_import_policy)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except (InUse, Unreadable, Unreachable) as exc:
        print(f"cannot start: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
