"""Two translations of one document compared paragraph by paragraph, and words a
language must not use for a figure ("24.7 billones" for a billion).

Every finding names its place in each document: ``¶N “first words…”``, paragraphs
counted from 1 in document order (headings, list items and table cells each count).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal

import msgspec

from shim.checks.figures_scan import (
    Figure,
    Scan,
    alt,
    is_citation,
    load_lang,
    norm,
    preview,
    scan,
    scan_all,
)


class Place(msgspec.Struct, frozen=True):
    """A paragraph of one document: its 1-based number and first words."""

    paragraph: int
    preview: str

    def __str__(self) -> str:
        return f"¶{self.paragraph} “{self.preview}”"


class Finding(msgspec.Struct, frozen=True):
    what: str  # value, qualifier, scale, currency, missing, unreadable, mistranslation
    message: str  # the full, human-readable finding, places included
    a: Place | None = None
    b: Place | None = None
    a_figure: Figure | None = None
    b_figure: Figure | None = None

    def __str__(self) -> str:
        return self.message


def _pow10(a: Decimal, b: Decimal) -> int | None:
    """k if a == b * 10**k for some k != 0, else None."""
    if not a or not b or a == b:
        return None
    ratio = (a / b).normalize()
    if ratio.as_tuple().digits == (1,):
        return ratio.adjusted()
    return None


def _qual(q: str | None) -> str:
    return q or "none"


class _Para(msgspec.Struct):
    place: Place
    scan: Scan


def compare_paragraphs(
    a_paras: Sequence[str],
    a_lang: str,
    a_decimal: str,
    b_paras: Sequence[str],
    b_lang: str,
    b_decimal: str,
    *,
    a_name: str = "A",
    b_name: str = "B",
) -> list[Finding]:
    """What differs between two translations of one document, paragraph by paragraph.

    Paragraphs are aligned in order, on their figures, so a paragraph missing from one
    side shifts nothing after it. Source lines (ending "para. 8.") are skipped, as
    ``shim check`` does; they still count for paragraph numbers.
    """
    pa = _paras(a_paras, a_lang, a_decimal)
    pb = _paras(b_paras, b_lang, b_decimal)
    out: list[Finding] = []
    for x, y in _align(pa, pb):
        if x is None or y is None:
            p = x or y
            assert p is not None
            side, other = (a_name, b_name) if y is None else (b_name, a_name)
            if p.scan.figures:
                figs = ", ".join(str(f) for f in p.scan.figures)
                message = (
                    f"{side} {p.place}: paragraph has no counterpart in {other} (figures {figs})"
                )
                out.append(
                    Finding("missing", message, x.place if x else None, y.place if y else None)
                )
            continue
        out += _compare_pair(x, y, a_name, b_name)
    for name, key, paras in ((a_name, "a", pa), (b_name, "b", pb)):
        for p in paras:
            for _s, _e, t in p.scan.unreadable:
                message = (
                    f"{name} {p.place}: “{t}” is not a figure in this number style "
                    f"(decimal “{a_decimal if key == 'a' else b_decimal}”)"
                )
                places = (p.place, None) if key == "a" else (None, p.place)
                out.append(Finding("unreadable", message, *places))
    return out


def _paras(paras: Sequence[str], code: str, decimal: str) -> list[_Para]:
    out = []
    for i, text in enumerate(paras, 1):
        if is_citation(text, code):
            continue
        out.append(_Para(Place(i, preview(text)), scan_all(text, code, decimal)))
    return out


def _score(x: _Para, y: _Para) -> float:
    fx, fy = x.scan.figures, y.scan.figures
    if not fx and not fy:
        return 1.0
    if not fx or not fy:
        return -0.5
    left: dict[tuple[str, Decimal], int] = {}
    for f in fx:
        left[(f.kind, f.value)] = left.get((f.kind, f.value), 0) + 1
    common = 0
    for f in fy:
        k = (f.kind, f.value)
        if left.get(k, 0) > 0:
            left[k] -= 1
            common += 1
    return 2.0 * common


def _align(pa: list[_Para], pb: list[_Para]) -> list[tuple[_Para | None, _Para | None]]:
    """Needleman-Wunsch over paragraphs (gap -1), in a band around the diagonal."""
    n, m = len(pa), len(pb)
    band = abs(n - m) + 25
    neg = float("-inf")
    score = [[neg] * (m + 1) for _ in range(n + 1)]
    move = [[""] * (m + 1) for _ in range(n + 1)]
    score[0][0] = 0.0
    for i in range(n + 1):
        lo, hi = max(0, i - band), min(m, i + band)
        for j in range(lo, hi + 1):
            if i == j == 0:
                continue
            best, how = neg, ""
            if i and j and score[i - 1][j - 1] > neg:
                best, how = score[i - 1][j - 1] + _score(pa[i - 1], pb[j - 1]), "d"
            if i and score[i - 1][j] - 1 > best:
                best, how = score[i - 1][j] - 1, "a"
            if j and score[i][j - 1] - 1 > best:
                best, how = score[i][j - 1] - 1, "b"
            score[i][j], move[i][j] = best, how
    pairs: list[tuple[_Para | None, _Para | None]] = []
    i, j = n, m
    while i or j:
        how = move[i][j]
        if how == "d":
            pairs.append((pa[i - 1], pb[j - 1]))
            i, j = i - 1, j - 1
        elif how == "a":
            pairs.append((pa[i - 1], None))
            i -= 1
        else:
            pairs.append((None, pb[j - 1]))
            j -= 1
    return pairs[::-1]


def _compare_pair(x: _Para, y: _Para, an: str, bn: str) -> list[Finding]:
    fa, fb = list(x.scan.figures), list(y.scan.figures)
    out: list[Finding] = []
    where = f"{an} {x.place} / {bn} {y.place}"

    def take(test: Callable[[Figure, Figure], bool]) -> list[tuple[Figure, Figure]]:
        pairs = []
        for f in list(fa):
            for g in fb:
                if test(f, g):
                    pairs.append((f, g))
                    fa.remove(f)
                    fb.remove(g)
                    break
        return pairs

    def add(what: str, f: Figure, g: Figure, detail: str) -> None:
        out.append(Finding(what, f"{where}: {detail}", x.place, y.place, f, g))

    # 1. the same figure
    take(
        lambda f, g: (
            (f.kind, f.value, f.qualifier, f.currency) == (g.kind, g.value, g.qualifier, g.currency)
        )
    )
    # 2. the same value, another qualifier
    for f, g in take(lambda f, g: (f.kind, f.value, f.currency) == (g.kind, g.value, g.currency)):
        if g.qualifier is None:
            detail = f"qualifier dropped: {f} ({f.qualifier}) vs {g}"
        elif f.qualifier is None:
            detail = f"qualifier added: {f} vs {g} ({g.qualifier})"
        else:
            detail = f"qualifier differs: {f} ({f.qualifier}) vs {g} ({g.qualifier})"
        add("qualifier", f, g, detail)
    # 3. the same value, as money in one and a bare number, or another currency, in the other
    for f, g in take(lambda f, g: f.value == g.value and {f.kind, g.kind} <= {"money", "number"}):
        add(
            "currency",
            f,
            g,
            f"currency differs: {f} ({f.currency or 'none'}) vs {g} "
            f"({g.currency or 'none'})" + _qual_note(f, g),
        )
    # 4. off by a power of ten: a scale word, or a decimal/grouping sign, read differently
    for f, g in take(lambda f, g: f.kind == g.kind and _pow10(f.value, g.value) is not None):
        k = _pow10(f.value, g.value) or 0
        if f.scale != g.scale:
            add(
                "scale",
                f,
                g,
                f"scale differs: {f} is {f.value:,f} but {g} is "
                f"{g.value:,f} ({_times(-k)})" + _qual_note(f, g),
            )
        else:
            add(
                "value",
                f,
                g,
                f"value differs: {f} ({f.value:f}) vs {g} ({g.value:f}), "
                f"{_times(-k)}; check the decimal and grouping signs" + _qual_note(f, g),
            )
    # 5. the rest, in order, by kind
    for f, g in take(lambda f, g: f.kind == g.kind):
        add(
            "value",
            f,
            g,
            f"value differs: {f} ({plain(f)}) vs {g} ({plain(g)})" + _qual_note(f, g),
        )
    # 6. left over: a bare year-like number on the other side may be its counterpart
    #    ("2,000 families" / es-ES "2000 familias")
    ya, yb = list(x.scan.years), list(y.scan.years)
    out += [
        Finding("missing", f"{where}: {f} ({plain(f)}) is missing in {bn}", x.place, y.place, f)
        for f in _unpaired(fa, yb)
    ]
    out += [
        Finding(
            "missing", f"{where}: {g} ({plain(g)}) is missing in {an}", x.place, y.place, None, g
        )
        for g in _unpaired(fb, ya)
    ]
    return out


def _unpaired(figures: list[Figure], years: list[Figure]) -> list[Figure]:
    """Figures left over, less those whose counterpart reads as a bare year."""
    left = []
    for f in figures:
        hit = next((t for t in years if t.value == f.value and f.kind == "number"), None)
        if hit:
            years.remove(hit)
        else:
            left.append(f)
    return left


def _times(k: int) -> str:
    return f"{10**k:,} times as much" if k > 0 else f"1/{10**-k:,} as much"


def _qual_note(f: Figure, g: Figure) -> str:
    if f.qualifier == g.qualifier:
        return ""
    return f"; qualifier {_qual(f.qualifier)} vs {_qual(g.qualifier)}"


def plain(f: Figure) -> str:
    """A figure's value as a plain number: 77109, 13000000, 85%."""
    if f.kind == "percent":
        return f"{(f.value * 100).normalize():f}%"
    return f"{f.value:f}"


# ---------------------------------------------------------------------- mistranslations


def _group_rae(d: Decimal, decimal: str) -> str:
    """24700 -> "24 700", 1200 -> "1200" (RAE: group only numbers of five digits or more)."""
    d = d.normalize()
    text = f"{d:f}"
    whole, _, frac = text.partition(".")
    if len(whole) > 4:
        whole = f"{int(whole):,}".replace(",", " ")
    return whole + (decimal + frac if frac else "")


def mistranslations(paras: Sequence[str], lang: str, decimal: str | None = None) -> list[Finding]:
    """Flagged words ("24.7 billones") in each paragraph, as the language file lists them."""
    data = load_lang(lang)
    dec = decimal or data.default_decimal
    out: list[Finding] = []
    order: list[tuple[int, int]] = []
    for flag in data.flags:
        words = {norm(w) for w in flag["words"]}
        rx = re.compile(rf"(?<![^\W\d_])(?:{alt(words)})(?!\w)", re.I)
        for i, text in enumerate(paras, 1):
            place = Place(i, preview(text))
            hits = [m for m in rx.finditer(text)]
            if not hits:
                continue
            by_scale = {}
            if "with_figure" in flag:
                for f in scan(text, lang, dec):
                    if f.scale != 1:
                        sw = _scale_span(f, words)
                        if sw:
                            by_scale[sw[1]] = (f, sw[0])
            for m in hits:
                if m.start() in by_scale:
                    f, ns = by_scale[m.start()]
                    suggest = _group_rae(f.number * int(flag.get("multiplier", 1)), dec)
                    msg = flag["with_figure"].format(text=text[ns : m.end()], suggest=suggest)
                else:
                    msg = flag["alone"].format(text=m.group(0))
                out.append(Finding("mistranslation", f"{place}: {msg}", a=place))
                order.append((i, m.start()))
    return [f for _, f in sorted(zip(order, out, strict=False), key=lambda t: t[0])]


def _scale_span(f: Figure, words: set[str]) -> tuple[int, int] | None:
    """(start of the digits, start of the scale word) of ``f`` if its scale is flagged."""
    m = re.search(rf"(\d[\d.,\u00a0\u202f ]*?)\s{{1,3}}({alt(words)})(?!\w)", f.text, re.I)
    if not m:
        return None
    return f.start + m.start(1), f.start + m.start(2)
