"""The ``pairnet`` command line: click only. Each command parses its flags, calls one ``commands`` function and
hands the Result to the one writer. Help, errors and progress speak the reader's language (``--lang``, else
PAIRNET_LANG, else the locale, else Chinese); the commands layer and the libraries load only when a command runs.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from pairnet.graph.core import messages as m
from pairnet.graph.core import schema
from pairnet.graph.core.errors import PairnetError, StoreError
from pairnet.graph.core.terminal import visible
from pairnet.graph.core.pii import mask_text

FORMATS = ["table", "csv", "json", "xlsx"]


def _display_len(text: str) -> int:
    """Terminal width of help text: a Chinese character takes two columns (click counts one)."""
    import unicodedata

    from click._compat import strip_ansi

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in strip_ansi(text))


click.formatting.term_len = _display_len  # aligns the option and command lists of the Chinese help
LANGS = ["zh", "en"]


# --- language ------------------------------------------------------------------------------------------
def _scan_lang(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` among raw arguments (help and usage errors come before click parses them)."""
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args) and args[i + 1] in LANGS:
            return args[i + 1]
        if a.startswith("--lang=") and a[7:] in LANGS:
            return a[7:]
    return None


def ctx_lang(ctx: click.Context | None) -> str:
    """The language of this invocation: ``--lang`` as given anywhere on the line, else the default."""
    root = ctx.find_root() if ctx is not None else None
    return (root.meta.get("pairnet.lang") if root is not None else None) or m.default_lang()


def _help_key(ctx: click.Context) -> str:
    return " ".join(ctx.command_path.split()[1:]) or "main"


def _word(key: str, lang: str) -> str:
    en, zh = m.HELP_WORDS.get(key, (key, key))
    return zh if lang == "zh" else en


def _text(pair: tuple[str, str] | None, lang: str, fallback: str | None = "") -> str:
    if pair is None:
        return fallback or ""
    return pair[1] if lang == "zh" else pair[0]


class _Help:
    """Help from the catalogue, in the reader's language: text, options, an example, click's own words."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = ctx_lang(ctx)
        pieces = [_word({"[OPTIONS]": "OPTIONS", "COMMAND [ARGS]...": "COMMAND"}.get(p, p), lang)
                  for p in self.collect_usage_pieces(ctx)]  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_word("usage", lang))

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = ctx_lang(ctx)
        text = _text(m.HELP.get(_help_key(ctx)), lang, self.help)  # type: ignore[attr-defined]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = ctx_lang(ctx)
        rows = [r for p in self.get_params(ctx) if (r := _option_record(p, ctx, lang))]  # type: ignore[attr-defined]
        if rows:
            with formatter.section(_word("options", lang)):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        example = m.EXAMPLES.get(_help_key(ctx))
        if example:
            with formatter.section(_word("example", ctx_lang(ctx))):
                formatter.write(f"{' ' * formatter.current_indent}{example}\n")  # one line, never wrapped

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or ""  # type: ignore[attr-defined]


class Command(_Help, click.Command):
    """A pairnet command."""


class Group(_Help, click.Group):
    """A pairnet command group; the root one reads ``--lang`` first and speaks it in usage errors too."""

    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # ``pairnet --lang zh --help``: the language is read from the raw arguments; the group just accepts it
        self.params.append(click.Option(["--lang"], type=click.Choice(LANGS), hidden=True, expose_value=False))

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            ctx.meta["pairnet.lang"] = _scan_lang(args)
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = ctx_lang(ctx)
        prefix = "" if _help_key(ctx) == "main" else _help_key(ctx) + " "
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            text = _text(m.HELP.get(prefix + name), lang, cmd.help or "")
            short = text.split("。")[0] + "。" if lang == "zh" else text.split(". ")[0].rstrip(".") + "."
            rows.append((name, short))
        if rows:
            with formatter.section(_word("commands", lang)):
                formatter.write_dl(rows)

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = _scan_lang(argv) or m.default_lang()
        kwargs["standalone_mode"] = False
        try:
            return super().main(argv, *rest, **kwargs)
        except click.exceptions.Abort:
            click.echo("Aborted!" if lang == "en" else "已中止。", err=True)
            sys.exit(1)
        except click.exceptions.Exit as e:
            sys.exit(e.exit_code)
        except click.exceptions.NoArgsIsHelpError as e:
            click.echo(e.ctx.get_help() if e.ctx is not None else e.format_message())
            sys.exit(e.exit_code)
        except click.ClickException as e:
            _show_click_error(e, lang)
            sys.exit(e.exit_code)


def _metavar_text(piece: str, lang: str) -> str:
    return _word(piece, lang) if piece in m.HELP_WORDS else piece


def _option_record(param: click.Parameter, ctx: click.Context, lang: str) -> tuple[str, str] | None:
    """One line of the options list: the flags (and what they take) and the help in ``lang``."""
    if not isinstance(param, click.Option) or param.hidden:
        return None
    names = ", ".join(param.opts) + ("/" + ", ".join(param.secondary_opts) if param.secondary_opts else "")
    if not param.is_flag and not param.count:
        names += " " + _param_metavar(param, lang)
    name = param.name or ""
    pair = m.OPTION_HELP.get(f"{_help_key(ctx)}.{name}") or m.OPTION_HELP.get(_PARAM_KEYS.get(name, name))
    text = _text(pair, lang, param.help or "")
    extra = []
    if param.show_default and param.default is not None and param.default != "" and not param.is_flag:
        extra.append(f"{_word('default', lang)}: {param.default}")
    if param.required:
        extra.append(_word("required", lang))
    return names, text + (f"  [{'; '.join(extra)}]" if extra else "")


# option help keys of the catalogue where the parameter's name differs
_PARAM_KEYS = {"_click_default_help": "help", "policy_file": "policy", "fmt": "format", "min_size": "min",
               "max_size": "max", "adjacency": "adjacency_from", "params": "param", "directory": "dir",
               "plan_file": "plan", "as_": "as"}


def _param_metavar(param: click.Option, lang: str) -> str:
    if param.metavar:
        return _metavar_text(param.metavar, lang)
    if isinstance(param.type, click.Choice):
        return "[" + "|".join(str(c) for c in param.type.choices) + "]"
    if isinstance(param.type, click.Path):
        name = "DIRECTORY" if not param.type.file_okay else "FILE" if not param.type.dir_okay else "PATH"
        return _word(name, lang)
    return _word(param.type.name.upper(), lang)


def _show_click_error(e: click.ClickException, lang: str) -> None:
    """A usage error on stderr in ``lang``, with the hint to ask for help."""
    ctx = getattr(e, "ctx", None)
    param = getattr(e, "param", None)
    pname = (param.get_error_hint(ctx) if param is not None and ctx is not None else None) or ""
    if isinstance(param, click.Argument):
        pname = _word(param.human_readable_name, lang)
    if isinstance(e, click.NoSuchOption):
        text = m.say("usage.no_option", lang, name=e.option_name)
    elif isinstance(e, click.BadOptionUsage) and "requires an argument" in e.message:
        text = m.say("usage.needs_value", lang, name=e.option_name)
    elif isinstance(e, click.MissingParameter):
        text = m.say("usage.missing", lang, param=pname or (e.param_type or ""))
    elif isinstance(e, click.BadParameter) and param is not None and isinstance(param.type, click.Choice):
        text = m.say("usage.bad_value", lang, param=pname, value=m.say(
            "usage.choice", lang, value=_bad_value(e), choices=", ".join(map(str, param.type.choices))))
    elif isinstance(e, click.BadParameter):
        text = m.say("usage.bad_value", lang, param=pname, value=e.message)
    elif isinstance(e, click.UsageError) and e.message.startswith("No such command"):
        text = m.say("usage.no_command", lang, name=e.message.split("'")[1] if "'" in e.message else e.message)
    elif isinstance(e, click.UsageError) and e.message.startswith("Got unexpected extra argument"):
        text = m.say("usage.extra", lang, value=e.message.split("(")[-1].rstrip(")"))
    else:
        text = e.format_message()
    if ctx is not None and isinstance(e, click.UsageError):
        click.echo(ctx.get_usage().replace("Usage: ", _word("usage", lang)), err=True)
        click.echo(m.say("usage.hint", lang, command=ctx.command_path), err=True)
    click.echo(visible(m.say("error", lang, message=text)), err=True)


def _bad_value(e: click.BadParameter) -> str:
    msg = e.message
    return msg.split("'")[1] if msg.count("'") >= 2 else msg


# --- shared options ----------------------------------------------------------------------------------------
def store_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--db`` / ``--neo4j`` (and the NEO4J_* environment) for every command that touches a store."""
    f = click.option("--neo4j", "neo4j", envvar="NEO4J_URI", default=None, metavar="URI")(f)
    f = click.option("--db", "db", envvar="PAIRNET_DB", default=None, type=click.Path(dir_okay=False))(f)
    return f


def output_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--format``, ``--out``, ``--lang``, ``--show-pii`` for every command that prints a result."""
    f = click.option("--show-pii", is_flag=True, default=False)(f)
    f = lang_option(f)
    f = click.option("--out", "out", type=click.Path(dir_okay=False), default=None)(f)
    f = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)(f)
    return f


def lang_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--lang", type=click.Choice(LANGS), default=None)(f)


def as_of_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--as-of`` (default today) and ``--policy`` for every analysis."""
    f = click.option("--policy", "policy_file", type=click.Path(dir_okay=False), default=None)(f)
    f = click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD")(f)
    return f


def engine_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--engine", type=click.Choice(schema.ENGINES), default=None)(f)  # None: Cypher on the store


def html_out(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--out", "out", required=True, type=click.Path(dir_okay=False))(f)


def flags(db: str | None, neo4j: str | None) -> Any:
    """The store the flags name. A flag on the command line beats the environment: ``--db x.db`` opens x.db
    even when NEO4J_URI is set; both on the command line is an error."""
    from pairnet.commands import StoreFlags

    ctx = click.get_current_context(silent=True)
    if ctx is not None and neo4j:
        given = {name: ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE
                 for name in ("db", "neo4j")}
        if given["db"] and given["neo4j"]:
            raise StoreError(m.Text("store.both"))
        if given["db"]:
            neo4j = None
    return StoreFlags(db=db, neo4j=neo4j)


def write(result: Any, fmt: str = "table", out: str | None = None, lang: str | None = None,
          show_pii: bool = False) -> None:
    from pairnet.graph.core.writers import write_result

    write_result(result, fmt=fmt, out=out, lang=lang or ctx_lang(click.get_current_context(silent=True)),
                 show_pii=show_pii)


class Progress:
    """The steps of a slow command on stderr, one line rewritten in place; nothing when stderr is not a
    terminal (a pipe or a log file gets no stray lines)."""

    def __init__(self, lang: str, stream: Any = None) -> None:
        self.lang, self.stream = lang, stream or sys.stderr
        self.on = bool(getattr(self.stream, "isatty", lambda: False)())
        self.shown = False

    def __call__(self, text: m.Text) -> None:
        if self.on:
            self.stream.write("\r\x1b[K" + visible(text.render(self.lang)) + " …")
            self.stream.flush()
            self.shown = True

    def bar(self, label: m.Text, length: int = 1) -> Any:
        """A click progress bar on a terminal, else one that draws nothing."""
        if self.on:
            return click.progressbar(length=length, label=label.render(self.lang), file=self.stream)
        return _NoBar(length)

    def done(self) -> None:
        if self.on and self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


class _NoBar:
    """A progress bar that draws nothing (stderr is not a terminal)."""

    def __init__(self, length: int) -> None:
        self.length = length

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def update(self, n: int, *_: Any) -> None:
        pass


def _is_store_error(e: BaseException, name: str) -> bool:
    """Whether ``e`` is the store's ``name`` error (StoreChanged, WrittenWithError), without importing the store
    module for commands that never load it (no store, no such error)."""
    store = sys.modules.get("pairnet.graph.store")
    return store is not None and isinstance(e, getattr(store, name))


def handled(f: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command with a Progress for it; turn user-facing faults into one message on stderr, exit 2."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context(silent=True)
        lang = kwargs.get("lang") or ctx_lang(ctx)
        progress = Progress(lang)
        try:
            for attempt in range(5):  # a load changed a Neo4j store while this command read it: read again
                try:
                    return f(*args, progress=progress, **kwargs)
                except PairnetError as e:
                    if attempt == 4 or not _is_store_error(e, "StoreChanged"):
                        raise
        except PairnetError as e:
            progress.done()
            # a workbook's faults speak the file's language, unless --lang says otherwise
            said = kwargs.get("lang") or getattr(e, "lang", None) or lang
            # every fault message masks ID- and phone-shaped values, whatever field or column they sit in
            click.echo(visible(m.say("error", said, message=mask_text(m.render(e, said)))), err=True)
            written = _is_store_error(e, "WrittenWithError") or getattr(e, "written", False) is True
            sys.exit(1 if written else 2)  # written: not "nothing written"
        except OSError as e:  # a path in the flags that cannot be read or written (missing folder, no rights)
            progress.done()
            from pairnet.graph.core.textfile import os_reason

            where = f"{e.filename}: " if e.filename else ""
            click.echo(visible(m.say("error", lang, message=m.say("os.error", lang, where=where,
                                                                  why=m.render(os_reason(e), lang)))), err=True)
            sys.exit(2)
        finally:
            progress.done()

    return wrapper


@click.group("pairnet", cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pairnet")
def main() -> None:
    """pairnet: load pairing and assistance networks (结对帮扶) into a graph database."""


# === foundation: generate, load, info, cypher, export, demo ================================================
from pairnet.loaders.profiles import PROFILES as _PROFILES  # noqa: E402  (light: the profile table only)


@main.command("generate")
@click.option("--profile", required=True, type=click.Choice(list(_PROFILES)))
@click.option("--scale", type=float, default=1.0, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@lang_option
@click.option("--encoding", type=click.Choice(["utf-8", "utf-8-sig", "gb18030"]), default="utf-8", show_default=True)
@handled
def generate_cmd(profile: str, scale: float, seed: int, as_of: str | None, out_dir: str, fmt: str, lang: str | None,
                 encoding: str, progress: Progress) -> None:
    from pairnet import commands
    from pairnet.loaders.generate import STEPS

    lang = lang or ctx_lang(click.get_current_context())
    with progress.bar(m.Text("step.generate", profile=profile, scale=f"{scale:g}"), len(STEPS)) as bar:
        result = commands.generate(profile, out_dir, scale=scale, seed=seed, as_of=as_of, fmt=fmt, lang=lang,
                                   encoding=encoding, progress=lambda step: bar.update(1))
    write(result, lang=lang)


@main.command("load")
@click.argument("path", type=click.Path(exists=True))
@click.option("--append", is_flag=True, default=False)
@click.option("--as", "as_", type=click.Choice(["ledger", "workbook"]), default=None)
@store_options
@output_options
@handled
def load_cmd(path: str, append: bool, as_: str | None, db: str | None, neo4j: str | None, fmt: str, out: str | None,
             lang: str | None, show_pii: bool, progress: Progress) -> None:
    from pairnet import commands

    with progress.bar(m.Text("step.read", path=path)) as bar:
        result = commands.load(flags(db, neo4j), path, append=append, as_=as_, progress=bar.update,
                               started=lambda n: setattr(bar, "length", max(n, 1)))
    write(result, fmt, out, lang, show_pii)


@main.command("info")
@store_options
@output_options
@handled
def info_cmd(db: str | None, neo4j: str | None, fmt: str, out: str | None, lang: str | None, show_pii: bool,
             progress: Progress) -> None:
    from pairnet import commands

    write(commands.info(flags(db, neo4j)), fmt, out, lang, show_pii)


@main.command("cypher")
@click.argument("query")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE")
@store_options
@output_options
@handled
def cypher_cmd(query: str, params: tuple[str, ...], db: str | None, neo4j: str | None, fmt: str, out: str | None,
               lang: str | None, show_pii: bool, progress: Progress) -> None:
    from pairnet import commands

    write(commands.cypher(flags(db, neo4j), query, params), fmt, out, lang, show_pii)


@main.command("export")
@click.option("--out", "out_path", required=True, type=click.Path())
@click.option("--as", "as_", type=click.Choice(["workbook", "neo4j-admin"]), default="workbook", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@lang_option
@click.option("--database", default="neo4j", show_default=True)
@click.option("--show-pii", is_flag=True, default=False)
@store_options
@handled
def export_cmd(out_path: str, as_: str, fmt: str, lang: str | None, database: str, show_pii: bool, db: str | None,
               neo4j: str | None, progress: Progress) -> None:
    from pairnet import commands

    lang = lang or ctx_lang(click.get_current_context())
    write(commands.export(flags(db, neo4j), out_path, as_=as_, fmt=fmt, lang=lang, show_pii=show_pii,
                          database=database, step=progress), lang=lang)


@main.command("template")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False))
@click.option("--kind", type=click.Choice(["ledger", "workbook"]), default="ledger", show_default=True)
@lang_option
@handled
def template_cmd(out_path: str, kind: str, lang: str | None, progress: Progress) -> None:
    """Write an empty template to fill in: the headers pairnet reads, a 填表说明 sheet, dropdowns for every
    vocabulary, ID, phone and code columns formatted as text."""
    from pairnet import commands

    write(commands.template(out_path, kind=kind, lang=lang or "zh"), lang=lang)


@main.command("demo")
@click.option("--dir", "directory", default="pairnet-demo", show_default=True, type=click.Path(file_okay=False))
@click.option("--profile", default="ziyang", show_default=True, type=click.Choice(list(_PROFILES)))
@click.option("--scale", type=float, default=1.0, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@output_options
@handled
def demo_cmd(directory: str, profile: str, scale: float, seed: int, fmt: str, out: str | None, lang: str | None,
             show_pii: bool, progress: Progress) -> None:
    from pairnet import commands

    result = commands.demo(directory, profile=profile, scale=scale, seed=seed, step=progress)
    progress.done()
    write(result, fmt, out, lang, show_pii)


# === analyses: gaps, balance, chain, propose ===============================================================
@main.command("gaps")
@as_of_options
@engine_option
@click.option("--fail-on-gaps", is_flag=True, default=False)
@store_options
@output_options
@handled
def gaps_cmd(as_of: str | None, policy_file: str | None, engine: str | None, fail_on_gaps: bool, db: str | None,
             neo4j: str | None, fmt: str, out: str | None, lang: str | None, show_pii: bool, progress: Progress) -> None:
    from pairnet import commands

    progress(m.Text("step.analyse"))
    result = commands.gaps(flags(db, neo4j), as_of=as_of, policy_file=policy_file, engine=engine)
    progress.done()
    write(result, fmt, out, lang, show_pii)
    if fail_on_gaps and result.data["gaps"]:
        sys.exit(1)


@main.command("balance")
@as_of_options
@engine_option
@click.option("--detail", is_flag=True, default=False)
@store_options
@output_options
@handled
def balance_cmd(as_of: str | None, policy_file: str | None, engine: str | None, detail: bool, db: str | None,
                neo4j: str | None, fmt: str, out: str | None, lang: str | None, show_pii: bool,
                progress: Progress) -> None:
    from pairnet import commands

    progress(m.Text("step.analyse"))
    result = commands.balance(flags(db, neo4j), as_of=as_of, policy_file=policy_file, engine=engine, detail=detail)
    progress.done()
    write(result, fmt, out, lang, show_pii)


@main.command("chain")
@click.argument("household_id", metavar="HOUSEHOLD_ID")
@as_of_options
@store_options
@output_options
@handled
def chain_cmd(household_id: str, as_of: str | None, policy_file: str | None, db: str | None, neo4j: str | None,
              fmt: str, out: str | None, lang: str | None, show_pii: bool, progress: Progress) -> None:
    from pairnet import commands

    write(commands.chain(flags(db, neo4j), household_id, as_of=as_of, policy_file=policy_file), fmt, out, lang,
          show_pii)


@main.command("propose")
@as_of_options
@store_options
@output_options
@handled
def propose_cmd(as_of: str | None, policy_file: str | None, db: str | None, neo4j: str | None, fmt: str,
                out: str | None, lang: str | None, show_pii: bool, progress: Progress) -> None:
    from pairnet import commands

    progress(m.Text("step.analyse"))
    result = commands.propose(flags(db, neo4j), as_of=as_of, policy_file=policy_file)
    progress.done()
    write(result, fmt, out, lang, show_pii)


# === history and changes ==================================================================================
@main.command("history")
@click.argument("node_id", required=False, metavar="ID")
@store_options
@output_options
@handled
def history_cmd(node_id: str | None, db: str | None, neo4j: str | None, fmt: str, out: str | None,
                lang: str | None, show_pii: bool, progress: Progress) -> None:
    """Every load recorded in the store (time, file, content hash, what changed); with an ID, that
    household's or helper's ties over time."""
    from pairnet import commands

    write(commands.history(flags(db, neo4j), node_id), fmt, out, lang, show_pii)


@main.command("visits")
@as_of_options
@engine_option
@store_options
@output_options
@handled
def visits_cmd(as_of: str | None, policy_file: str | None, engine: str | None, db: str | None, neo4j: str | None,
               fmt: str, out: str | None, lang: str | None, show_pii: bool, progress: Progress) -> None:
    """Visits: every household in need with its state on the day, helpers' share visited in time."""
    from pairnet import commands

    progress(m.Text("step.analyse"))
    result = commands.visits(flags(db, neo4j), as_of=as_of, policy_file=policy_file, engine=engine)
    progress.done()
    write(result, fmt, out, lang, show_pii)


@main.command("attendance")
@click.option("--month", required=True, metavar="YYYY-MM")
@click.option("--policy", "policy_file", type=click.Path(dir_okay=False), default=None)
@engine_option
@store_options
@output_options
@handled
def attendance_cmd(month: str, policy_file: str | None, engine: str | None, db: str | None, neo4j: str | None, fmt: str,
                   out: str | None, lang: str | None, show_pii: bool, progress: Progress) -> None:
    """Attendance of stationed cadres in a month against stationed_days_per_month."""
    from pairnet import commands

    progress(m.Text("step.analyse"))
    result = commands.attendance(flags(db, neo4j), month=month, policy_file=policy_file, engine=engine)
    progress.done()
    write(result, fmt, out, lang, show_pii)


@main.command("bulletin")
@click.option("--month", required=True, metavar="YYYY-MM")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False))
@click.option("--lang", type=click.Choice(LANGS), default="zh", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--policy", "policy_file", type=click.Path(dir_okay=False), default=None)
@click.option("--show-pii", is_flag=True, default=False)
@click.option("--since", default=None, metavar="LOAD|YYYY-MM-DD")
@engine_option
@store_options
@handled
def bulletin_cmd(month: str, out_dir: str, lang: str, fmt: str, policy_file: str | None, show_pii: bool,
                 since: str | None, engine: str | None, db: str | None, neo4j: str | None, progress: Progress) -> None:
    """The monthly bulletin (月度通报) as XLSX and offline HTML."""
    from pairnet import commands

    progress(m.Text("step.report"))
    result = commands.bulletin(flags(db, neo4j), month=month, out=out_dir, lang=lang, policy_file=policy_file,
                               engine=engine, show_pii=show_pii, since=since)
    progress.done()
    write(result, fmt, None, lang, show_pii)


@main.command("changes")
@click.option("--since", default=None, help="A load id (see `pairnet history`) or a day YYYY-MM-DD.")
@store_options
@output_options
@handled
def changes_cmd(since: str | None, db: str | None, neo4j: str | None, fmt: str, out: str | None,
                lang: str | None, show_pii: bool, progress: Progress) -> None:
    """What the loads after --since changed: pairings begun and ended, households newly monitored or
    exited, helpers who left, villages that lost a first secretary or unit, and every other change."""
    from pairnet import commands

    write(commands.changes(flags(db, neo4j), since), fmt, out, lang, show_pii)


# === committees ===========================================================================================
@main.group("committees", cls=Group)
def committees_group() -> None:
    """Joint village committees (联村党委)."""


def committee_rules(f: Callable[..., Any]) -> Callable[..., Any]:
    """Size bounds, town rule and adjacency source, shared by ``committees plan`` and ``committees check``."""
    f = click.option("--polygons", type=click.Path(exists=True, dir_okay=False), default=None)(f)
    f = click.option("--adjacency-from", "adjacency", type=click.Choice(["sheet", "coords"]), default=None)(f)
    f = click.option("--within-town", is_flag=True, default=False)(f)
    f = click.option("--max", "max_size", type=int, default=8, show_default=True)(f)
    f = click.option("--min", "min_size", type=int, default=3, show_default=True)(f)
    return f


def _write_committees(result: Any, fmt: str, out: str | None, lang: str | None, show_pii: bool) -> None:
    if out:
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    write(result, fmt, out, lang, show_pii)


@committees_group.command("plan")
@committee_rules
@click.option("--only-poor", is_flag=True, default=False)
@click.option("--seed", type=int, default=0, show_default=True)
@store_options
@output_options
@handled
def committees_plan(min_size: int, max_size: int, within_town: bool, adjacency: str | None, polygons: str | None,
                    only_poor: bool, seed: int, db: str | None, neo4j: str | None, fmt: str, out: str | None,
                    lang: str | None, show_pii: bool, progress: Progress) -> None:
    from pairnet import commands

    result = commands.committees_plan(flags(db, neo4j), min_size=min_size, max_size=max_size,
                                      within_town=within_town, adjacency=adjacency, polygons=polygons,
                                      only_poor=only_poor, seed=seed, step=progress)
    progress.done()
    _write_committees(result, fmt, out, lang, show_pii)


@committees_group.command("check")
@committee_rules
@store_options
@output_options
@handled
def committees_check(min_size: int, max_size: int, within_town: bool, adjacency: str | None, polygons: str | None,
                     db: str | None, neo4j: str | None, fmt: str, out: str | None, lang: str | None,
                     show_pii: bool, progress: Progress) -> None:
    from pairnet import commands

    result = commands.committees_check(flags(db, neo4j), min_size=min_size, max_size=max_size,
                                       within_town=within_town, adjacency=adjacency, polygons=polygons,
                                       step=progress)
    progress.done()
    _write_committees(result, fmt, out, lang, show_pii)


# === maps and report ======================================================================================
@main.group("map", cls=Group)
def map_group() -> None:
    """Interactive offline maps (HTML)."""


@map_group.command("pairing")
@lang_option
@click.option("--town", default=None, metavar="ID")
@click.option("--village", default=None, metavar="ID")
@click.option("--unit", default=None, metavar="ID")
@html_out
@as_of_options
@store_options
@handled
def map_pairing(town: str | None, village: str | None, unit: str | None, out: str, as_of: str | None,
                policy_file: str | None, db: str | None, neo4j: str | None, lang: str | None, progress: Progress) -> None:
    from pairnet import commands

    result = commands.map_pairing(flags(db, neo4j), out, town=town, village=village, unit=unit, as_of=as_of,
                                  policy_file=policy_file, lang=lang, step=progress)
    progress.done()
    write(result, lang=lang)


@map_group.command("overview")
@lang_option
@html_out
@as_of_options
@store_options
@handled
def map_overview(out: str, as_of: str | None, policy_file: str | None, db: str | None, neo4j: str | None,
                 lang: str | None, progress: Progress) -> None:
    from pairnet import commands

    result = commands.map_overview(flags(db, neo4j), out, as_of=as_of, policy_file=policy_file, lang=lang,
                                   step=progress)
    progress.done()
    write(result, lang=lang)


@map_group.command("committees")
@lang_option
@click.option("--plan", "plan_file", type=click.Path(), default=None)
@html_out
@store_options
@handled
def map_committees(plan_file: str | None, out: str, db: str | None, neo4j: str | None, lang: str | None, progress: Progress) -> None:
    from pairnet import commands

    result = commands.map_committees(flags(db, neo4j), out, plan_file=plan_file, lang=lang, step=progress)
    progress.done()
    write(result, lang=lang)


@main.command("report")
@lang_option
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False))
@as_of_options
@store_options
@handled
def report_cmd(out_dir: str, as_of: str | None, policy_file: str | None, db: str | None, neo4j: str | None,
               lang: str | None, progress: Progress) -> None:
    from pairnet import commands

    result = commands.report(flags(db, neo4j), out_dir, as_of=as_of, policy_file=policy_file, lang=lang,
                             step=progress)
    progress.done()
    write(result, lang=lang)


@main.command("card")
@click.option("--village", default=None, metavar="ID", help="One card per household in need of this village.")
@click.option("--household", default=None, metavar="ID", help="The card of this household.")
@html_out
@lang_option
@as_of_options
@store_options
@handled
def card_cmd(village: str | None, household: str | None, out: str, lang: str | None, as_of: str | None,
             policy_file: str | None, db: str | None, neo4j: str | None, progress: Progress) -> None:
    """Household cards (明白卡), A4 and ready to print, one page per household in need: the household, its
    helpers with unit and work phone, the packaging unit, the first secretary, the day. Chinese by default."""
    from pairnet import commands

    lang = lang or "zh"  # the cards go to households: Chinese unless asked (messages follow the reader's language)
    result = commands.card(flags(db, neo4j), out, village=village, household=household, as_of=as_of,
                           policy_file=policy_file, lang=lang, step=progress)
    progress.done()
    write(result, lang=lang)


if __name__ == "__main__":
    main()
