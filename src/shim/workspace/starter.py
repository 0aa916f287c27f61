"""``shim init``: a new workspace, never over existing files.

``shim init DIR`` copies the full example (the Peru workspace the package carries);
``shim init DIR --blank`` writes a neutral starter: generic templates with no
country-specific sentence, an example source with three example facts, one example
brief, settings from the options and a short README with the steps to a first document.

The workspace is built in a temporary folder beside the target and renamed into place
when complete, so a full disk or a missing permission leaves no half workspace behind.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from shim.errors import ConfigError, Location, UsageError
from shim.language.locales import LANGS, known_languages
from shim.safeio import temp_name
from shim.workspace.loader import default_root

PARTS = ("shim.toml", "facts", "templates", "locales", "briefs")
BLANK = Path(__file__).resolve().parent / "blank"

README = """\
# {org}: shim workspace

Talking points, remarks and speech inserts in {names}, from facts you can source.

1. **Add your sources and facts.** Put each source's text in `facts/sources/`, declare it
   in `facts/sources.yaml`, and write its figures in a fact file like `facts/example.yaml`
   (value, period, paragraph and the exact quote). Delete the example facts.
   Check them with `shim facts check`.
2. **Describe your event.** Copy `briefs/example-event.yaml` (title, date, place, speaker,
   audience, in English and Spanish; the themes to feature).
3. **Write your messages.** Edit `templates/*.j2`: every sentence is a message and every
   figure comes from a fact (`fact("id")|number`).
4. **Translate.** `shim i18n update`, translate the new entries in
   `locales/<language>/LC_MESSAGES/messages.po`, then `shim i18n check`. Or send the
   review packet (`shim render --doc review`) and bring it back with `shim i18n import`.
5. **Render.** `shim render {langs}` writes the documents to `out/`.
"""


def init_workspace(
    dest: Path | str, *, blank: bool = False, org: str | None = None, langs: Sequence[str] = ()
) -> Path:
    """Create a new workspace at ``dest``; never overwrite files."""
    target = Path(dest)
    where = Location(target.as_posix())
    if target.exists() and not target.is_dir():
        raise ConfigError("is not a folder; choose a new or empty folder", where)
    if target.exists() and any(target.iterdir()):
        raise ConfigError("folder is not empty; choose a new or empty folder", where)
    if not blank and (org or langs):
        raise UsageError("--org and --lang go with --blank (the full example is Peru's)")
    for code in langs:
        if code not in LANGS:
            raise UsageError(f"unknown language '{code}'; use {known_languages()}")
    source = BLANK if blank else default_root()
    building = target.absolute().parent / temp_name(target.name)
    try:
        building.parent.mkdir(parents=True, exist_ok=True)
        building.mkdir()
        for part in PARTS if not blank else (*PARTS[1:], "README.md"):
            _copy(source / part, building / part)
        if blank:
            _blank_settings(building, org or "Your organization", langs)
            # The house style is the built-in one, not a second copy that could drift.
            shutil.copy2(
                default_root() / "templates" / "reference.docx",
                building / "templates" / "reference.docx",
            )
        if target.exists():
            target.rmdir()  # empty, checked above; the rename needs the name free
        building.rename(target)
    except OSError as exc:
        shutil.rmtree(building, ignore_errors=True)
        raise ConfigError(f"cannot create the workspace: {_reason(exc)}", where) from None
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return target


def _copy(src: Path, dst: Path) -> None:
    if src.is_dir():
        shutil.copytree(
            src,
            dst,
            ignore=shutil.ignore_patterns("*.mo", "__pycache__"),
            copy_function=shutil.copy2,  # looked up here, so a test can make the disk full
        )
    elif src.is_file():
        shutil.copy2(src, dst)


def _reason(exc: OSError) -> str:
    if isinstance(exc, shutil.Error):  # copytree gathers errors: show the first
        first = exc.args[0][0] if exc.args and exc.args[0] else None
        return str(first[2]) if first else "a file could not be copied"
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return "a part of the path is a file, not a folder"
    return (exc.strerror or str(exc)).lower()


def _blank_settings(target: Path, org: str, langs: Sequence[str]) -> None:
    chosen = ["en", *dict.fromkeys(c for c in langs if c != "en")] if langs else ["en", "es"]
    others = [c for c in chosen if c != "en"]
    styles = ", ".join(f'{c} = "{LANGS[c].default_style}"' for c in others)
    quoted = ", ".join(f'"{c}"' for c in chosen)
    text = f"""\
# Settings of this shim workspace. Every key is optional.

[workspace]
organization = "{_toml(org)}"
author = "{_toml(org)}"
# The brief `shim render` uses when given none (a file in briefs/, without .yaml).
default_brief = "example-event"
# Languages rendered when no --lang is given.
languages = [{quoted}]
out = "out"

[facts]
# A fact stated more than this many years before the event is "stale".
max_age_years = 4

[briefs]
# The themes a brief may feature and a template may test (`"livelihoods" in themes`).
# Declared once here: a brief or template naming another theme is an error.
themes = ["livelihoods", "partnerships", "governance"]

[style]
# Number style per language: "cldr" (Babel's data for the locale), or for Spanish
# "gob-pe" (77 109 · 118.5 · 85 %), "statistical" (77 109 · 118,5 · 85 %), "rae".
numbers = {{ {styles} }}

[documents]
paper = "letter"
# Names and acronyms marked "do not proof", so spell-checkers leave them alone.
no_proof = ["{_toml(org)}"]
"""
    (target / "shim.toml").write_text(text, encoding="utf-8")
    names = " and ".join(LANGS[c].name for c in chosen)
    flags = " ".join(f"--lang {c}" for c in chosen)
    readme = README.format(org=org, names=names, langs=flags)
    (target / "README.md").write_text(readme, encoding="utf-8")
    for catalog in {LANGS[c].catalog for c in others} - {"en", "es"}:
        from shim.language.workflow import update

        update(target, [catalog])  # a language without a starter catalog: to translate


def _toml(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
