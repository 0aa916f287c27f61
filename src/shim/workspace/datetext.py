"""Why a text is not a date, in the words of pydantic's date parser (the messages users
saw before shim validated with its own schema walk, kept by the corpus)."""

import datetime as dt


def date_problem(text: str) -> str | None:
    """What is wrong with the date part of ``text``, as pydantic's parser says it."""
    if len(text) < 10:
        return "input is too short"
    fields = [(0, 4, "invalid character in year"), (5, 7, "invalid character in month")]
    for start, end, problem in [*fields, (8, 10, "invalid character in day")]:
        if not text[start:end].isascii() or not text[start:end].isdigit():
            return problem
        if end < 10 and text[end] != "-":
            return "invalid date separator, expected `-`"
    if not 1 <= int(text[5:7]) <= 12:
        return "month value is outside expected range of 1-12"
    try:
        dt.date(int(text[:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        return "day value is outside expected range"
    if len(text) > 10 and text[10] not in "Tt _":
        return "invalid datetime separator, expected `T`, `t`, `_` or space"
    return None
