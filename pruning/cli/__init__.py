"""The command line: ``python -m pruning <command> [--json]``.

Each command is a module in this package with ``NAME``, ``add_arguments(parser)``
and ``run(args) -> dict`` (plain data). This module parses, dispatches and prints:
JSON with ``--json``, a readable table otherwise. A bad argument or an impossible
request prints one line to stderr and exits with code 2, never a traceback.
"""
from __future__ import annotations

import argparse
import builtins
import importlib
import json
import sys

from pruning.i18n import t

COMMAND_MODULES = ("list", "nn", "sweep", "tree", "tree_path", "bench", "report")


class UsageError(Exception):
    """A request the user can fix; printed as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors: one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def _commands() -> dict[str, tuple[str, object]]:
    """``{command name: (module name, module)}`` of the commands that exist."""
    commands = {}
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"pruning.cli.{module_name}")
        except ModuleNotFoundError as missing:
            if missing.name == f"pruning.cli.{module_name}":
                continue  # command not built yet
            raise
        commands[module.NAME] = (module_name, module)
    return commands


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m pruning", description=t("cli.description"))
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, (module_name, module) in _commands().items():
        sub = subparsers.add_parser(name, help=t(f"cli.{module_name}.help"))
        sub.add_argument("--json", action="store_true", help=t("cli.json_help"))
        module.add_arguments(sub)
        sub.set_defaults(handler=module)
    return parser


def _print_readable(payload: dict) -> None:
    # ``list`` is shadowed here: importing the ``pruning.cli.list`` command module
    # binds that name in this package's namespace.
    rows = payload.get("rows")
    if isinstance(rows, builtins.list):
        for row in rows:
            print("  ".join(f"{k}={v}" for k, v in row.items()
                            if not isinstance(v, (builtins.list, dict))))
        return
    for key, value in payload.items():
        if isinstance(value, builtins.list) and value and isinstance(value[0], dict):
            print(f"{key}:")
            for item in value:
                print("  " + "  ".join(f"{k}={v}" for k, v in item.items()
                                       if not isinstance(v, (builtins.list, dict))))
        else:
            print(f"{key}: {value}")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        payload = args.handler.run(args)
    except (UsageError, ValueError, KeyError) as error:
        message = error.args[0] if error.args else str(error)
        print(f"python -m pruning {args.command}: error: {message}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(payload, sys.stdout, indent=2)
        print()
    else:
        _print_readable(payload)
    return 0
