"""Which outlet an article is: the site that published it, or the agency whose report it republishes.

An aggregator page that opens «به گزارش ایرنا …» carries IRNA's report; counted by the site that showed it, a
release run by IRNA and ILNA and shown by one aggregator would look like one outlet. Outlet names come from
the site definitions (`newsbot/sites/defs`), the one place they are written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from newsbot.text.fold import fold

__all__ = ["outlet_of", "short_name"]

_PAREN = re.compile(r"\(([^)]+)\)")
_AGENCY = re.compile(r"^(?:خبرگزاری|پایگاه خبری|روزنامه)\s+")
# «به گزارش ایرنا»، «به گزارش خبرنگار ایلنا»، «به نقل از خبرگزاری مهر»: the words after it name the outlet
_OPENING = re.compile(
    r"^(?:[^،.:\-–]{0,25}[-–:]\s*)?"  # a dateline first («تهران- »)
    r"به (?:گزارش|نقل از)\s+(?:خبرنگار\s+(?:\S+\s+)?|خبرگزاری\s+|پایگاه خبری\s+)?(\S+(?:\s\S+){0,2})"
)


def short_name(name: str) -> str:
    """«خبرگزاری کار ایران (ایلنا)» → «ایلنا»; «خبرگزاری فارس» → «فارس»; others as they are."""
    paren = _PAREN.search(name)
    return (paren.group(1) if paren else _AGENCY.sub("", name)).strip()


@lru_cache(maxsize=1)
def _known() -> dict[str, str]:
    """Folded spellings of every defined outlet → its short name."""
    from newsbot.sites.registry import all_sites

    names: dict[str, str] = {}
    for site in all_sites().values():
        short = short_name(site.name)
        for spelling in {site.name, short, _AGENCY.sub("", _PAREN.sub("", site.name)).strip()}:
            if spelling:
                names[" ".join(fold(spelling).split())] = short
    return names


def outlet_of(record: Mapping[str, Any]) -> str:
    """The outlet to count the record under in a story."""
    own = short_name(record.get("source_name") or record.get("site") or "")
    opening = fold(" ".join(((record.get("body") or "")[:160]).split()))
    match = _OPENING.match(opening)
    if match:
        words = match.group(1).strip("،,:؛.").split()
        known = _known()
        for n in range(len(words), 0, -1):  # the longest known name wins: «عصر ایران» before «عصر»
            found = known.get(" ".join(words[:n]).strip("،,:؛."))
            if found:
                return found
    return own
