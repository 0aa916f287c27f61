"""``shim facts where ID [FOLDER...]``: the issued documents that carry a fact.

Each .docx under the folders is read for its manifest (custom properties written at
render time, kept by Word and LibreOffice); a document that cannot be read is named,
never skipped silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_DOCUMENTS = 100_000  # a folder tree larger than this is not an outbox


@dataclass(frozen=True)
class Use:
    path: Path
    value: str  # the fact's value when the document was rendered
    commit: str | None  # the fact base's git commit then


def documents(folders: Iterable[Path]) -> Iterator[Path]:
    seen = 0
    for folder in folders:
        found = [folder] if folder.is_file() else sorted(folder.rglob("*.docx"))
        for path in found:
            if path.name.startswith("~$"):
                continue  # Word's lock files
            seen += 1
            if seen > MAX_DOCUMENTS:
                return
            yield path


def where(fact_id: str, folders: Iterable[Path]) -> tuple[list[Use], list[str]]:
    """The documents that used ``fact_id``, and one line per document that could not be read."""
    from shim.docx.manifest import PackageError, read_custom

    uses, unreadable = [], []
    for path in documents(folders):
        try:
            props = read_custom(path, str(path))
        except PackageError as exc:
            unreadable.append(f"{exc}")
            continue
        value = props.get(f"shim.fact.{fact_id}")
        if value is not None:
            uses.append(Use(path, value, props.get("shim.factbase.commit")))
    return uses, unreadable
