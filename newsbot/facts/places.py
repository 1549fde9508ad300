"""Iranian provinces, counties and cities named in a Persian text.

`find_places(text)` returns `Place`s (kind province | county | city) found with the gazetteer in
`data/places.json`; `provinces_of(places)` gives the provinces the text is about or names.

Decisions (see also the `_about` notes of the data file):
- A bare «تهران» is the city (kind city, province تهران); «استان تهران» is the province. For every other
  province a bare name is the province («یزد», «امام‌جمعه یزد»), «شهر یزد» the city, «شهرستان یزد» the county.
- «مرکزی» is a province only after «استان/استانداری/استاندار» (or in a list that follows one).
- Names are matched as whole tokens: «یزدی», «کرمانی», «تهرانی‌ها» never match; ZWNJ, spaces and
  missing ZWNJ inside a name are interchangeable («آذربایجان‌شرقی», «آذربایجانشرقی», «آذربایجان شرقی»).
- risky names (also common words, given names or surnames: «بهار», «نور», «خاتم») need a place context:
  «شهرستان/شهر/بخش/بندر/جزیره X», «فرمانداری/امام‌جمعه/نماینده مردم X», «X استان …», or a list after one.
  «در X» is not enough for them («در بهار» is "in spring"); it is enough for weak and ambiguous names.
- An ambiguous name (several provinces, or a common village name) takes the province the text is
  about: one of its candidate provinces already found in the text, or — for a common village name —
  the only province found; else it is kept with province None when its context is explicit, else dropped.
- A county's or city's province counts as a province the text is about (`provinces_of`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, compress, product
from pathlib import Path

from newsbot.facts.model import Place
from newsbot.text.fold import MARKS, fold, fold_chars

__all__ = ["find_places", "find_places_and_names", "may_name_places", "place_words", "provinces_of", "province_names"]

DATA_FILE = Path(__file__).parent / "data" / "places.json"
ANY_PROVINCE = "*"
ZWNJ = "\u200c"

_TOKEN = re.compile(r"[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]+")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_JOINER_GAP = re.compile(r"[ ¬]+")  # what may separate the words of one name (ZWNJ folds to a space)
_CONTEXT_GAP = re.compile(r"[ ¬]*")  # «شهرستان X»: nothing but spaces between
_AFTER_GAP = re.compile(r"[\s¬،,(]*")  # «X، استان همدان», «X (استان همدان)»
_LIST_GAP = re.compile(r"[\s¬،,]*")  # «شهرستان‌های X، Y و Z»
_JOINERS = (ZWNJ, "¬")  # «کرمان‌زاده»: a name joined to more letters is part of a longer word
_SOURCE_LABELS = frozenset({"منبع", "عکس", "ماخذ", "گزارش"})  # «منبع: فارس»
_LABEL_AFTER = re.compile(r"\s*[:\-–]")  # «فارس: …», «فارس - …» opening a paragraph
_ROUTE_GAP = re.compile(r"\s*[-–—]\s*")  # «قم- تهران»: a dash between two places

_PROVINCE_CONTEXT = frozenset({"استان", "استانهای", "استانها", "استانداری", "استاندار"})
_COUNTY_CONTEXT = frozenset({"شهرستان", "شهرستانهای", "شهرستانها", "فرمانداری", "فرماندار"})
_CITY_CONTEXT = frozenset({"شهر", "شهرهای", "شهرها", "شهرداری", "شهردار", "بندر", "جزیره"})
_LOCAL_CONTEXT = frozenset(
    {"بخش", "بخشداری", "بخشدار", "دهستان", "روستای", "امامجمعه", "نمایندهمردم", "مردمشریف"}
)
_IN_CONTEXT = frozenset({"در"})
# A name right after these is an outlet, a company, a street or a person, not the place.
_NOT_PLACE_BEFORE = frozenset(
    fold(word) for word in {
        "خبرگزاری", "روزنامه", "بیمه", "بانک", "خیابان", "میدان", "بلوار", "کوچه", "بزرگراه", "اتوبان",
        "آزادراه", "خلیج", "دریای", "رود", "رودخانه", "کوه", "قله", "هتل", "آقای", "خانم", "دکتر", "مهندس",
        "حزب", "جنبش",  # «حزب امل» (Lebanon), not «آمل»
    }
)  # fmt: skip
_NOT_PLACE_AFTER = frozenset({"نیوز"})
_SUFFIXES_AFTER_ZWNJ = frozenset({"ی", "ها", "های"})  # ezafe and plural may follow a name after ZWNJ
_EZAFE_VOWELS = ("ا", "و", "ه")  # «ساوه‌ی»/«ساوهی», «آستارای»: the ezafe -ی after a final vowel
_CONSONANT_H = ("اه", "وه")  # «کرمانشاه», «فیروزکوه»: a sounded h, so «-ی» makes «کرمانشاهی», a surname
_SPLITTABLE_ENDINGS = (fold("آباد"), "شهر")  # «اسلامشهر» is also written «اسلام‌شهر» / «اسلام شهر»
_STRONG = frozenset({"province", "county", "city", "local", "route"})


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    kind: str  # province | county | city
    province: str


@dataclass(slots=True)
class _Spelling:
    """Everything one written name (letters only, spacing ignored) can mean."""

    entries: list[_Entry] = field(default_factory=list)
    risky: bool = False
    weak: bool = False
    anywhere: bool = False  # a common village name: may be in any province
    needs_context: bool = False  # a province only after «استان»
    bare_is_city: bool = False
    block: bool = False  # a phrase that is not a place («خلیج فارس»)
    outlet: bool = False  # also a news outlet's name («فارس»)


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    spellings: dict[tuple[str, ...], _Spelling]
    lengths: dict[str, tuple[int, ...]]  # first word -> word counts of names starting with it, longest first
    provinces: tuple[str, ...]


@dataclass(slots=True)
class _Hit:
    start: int  # word index
    end: int
    spelling: _Spelling
    context: str | None = None  # province | county | city | local | in


def _normalize(text: str) -> str:
    """The text as every table here is keyed: `newsbot.text.fold` (letter forms one, marks dropped, ZWNJ a space)."""
    return fold(text)


def _words(name: str) -> list[str]:
    return _TOKEN.findall(_normalize(name))


def _segmentations(words: list[str]) -> list[tuple[str, ...]]:
    """Every way the name may be written: each space/ZWNJ kept or dropped («آذربایجان‌شرقی»)."""
    out = []
    for joins in product((False, True), repeat=len(words) - 1):
        parts = [words[0]]
        for word, join in zip(words[1:], joins, strict=True):
            if join:
                parts[-1] += word
            else:
                parts.append(word)
        out.append(tuple(parts))
    return out


def _spelling_variants(name: str) -> list[list[str]]:
    """The name's words, plus the same with a split «-آباد/-شهر» or «بندرX» («آ» and «ا» fold alike)."""
    words = _words(name)
    variants = [words]
    last = words[-1]
    for ending in _SPLITTABLE_ENDINGS:
        if last.endswith(ending) and len(last) > len(ending) + 1:
            variants.append([*words[:-1], last[: -len(ending)], ending])
    if words[0].startswith("بندر") and len(words[0]) > 5:
        variants.append(["بندر", words[0][4:], *words[1:]])
    return variants


def _ends_in_vowel(word: str) -> bool:
    return word.endswith(_EZAFE_VOWELS) and not word.endswith(_CONSONANT_H)


class _Builder:
    def __init__(self) -> None:
        self.by_letters: dict[str, _Spelling] = {}
        self.keys: dict[tuple[str, ...], _Spelling] = {}
        self.ezafe_keys: dict[tuple[str, ...], _Spelling] = {}

    def spelling(self, name: str) -> _Spelling:
        letters = "".join(_words(name))
        found = self.by_letters.get(letters)
        if found is None:
            found = self.by_letters[letters] = _Spelling()
            for words in _spelling_variants(name):
                self._index(words, found)
        elif (words := _words(name)) and len(words) > 1:
            self._index(words, found)  # an alias may add a segmentation («گیلان غرب»)
        return found

    def _index(self, words: list[str], spelling: _Spelling) -> None:
        for key in _segmentations(words):
            self.keys.setdefault(key, spelling)
            if _ends_in_vowel(key[-1]):
                self.ezafe_keys.setdefault((*key[:-1], key[-1] + "ی"), spelling)

    def add(self, name: str, entry: _Entry) -> _Spelling:
        spelling = self.spelling(name)
        if entry not in spelling.entries:
            spelling.entries.append(entry)
        return spelling

    def gazetteer(self, provinces: tuple[str, ...]) -> _Gazetteer:
        keys = {**self.ezafe_keys, **self.keys}  # a real name wins over an ezafe form
        lengths: dict[str, set[int]] = {}
        for key in keys:
            lengths.setdefault(key[0], set()).add(len(key))
        ordered = {word: tuple(sorted(counts, reverse=True)) for word, counts in lengths.items()}
        return _Gazetteer(keys, ordered, provinces)


def _add_province(builder: _Builder, row: dict) -> None:
    province = row["name"]
    for written in [province, *row.get("variants", [])]:
        spelling = builder.add(written, _Entry(province, "province", province))
        spelling.needs_context = bool(row.get("needs_context"))
        spelling.bare_is_city = bool(row.get("bare_is_city"))
    builder.add(row["capital"], _Entry(row["capital"], "city", province))  # a bare capital is the city
    for kind, items in (("county", row["counties"]), ("city", row.get("cities", []))):
        for item in items:
            canonical, *aliases = item.split("|")
            for written in [canonical, *aliases]:
                builder.add(written, _Entry(canonical, kind, province))


@cache
def _gazetteer() -> _Gazetteer:
    """The gazetteer, loaded and indexed once per process."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    builder = _Builder()
    for row in data["provinces"]:
        _add_province(builder, row)
    for name, provinces in data["also_in"].items():
        for province in provinces:
            if province == ANY_PROVINCE:
                builder.spelling(name).anywhere = True
            else:
                builder.add(name, _Entry(_canonical(builder, name), "city", province))
    for name in data["risky"]:
        builder.spelling(name).risky = True
    for name in data["weak"]:
        builder.spelling(name).weak = True
    for name in data.get("outlets", []):
        builder.spelling(name).outlet = True
    for phrase in data["not_places"]:
        builder.spelling(phrase).block = True
    return builder.gazetteer(tuple(row["name"] for row in data["provinces"]))


def _canonical(builder: _Builder, name: str) -> str:
    entries = builder.spelling(name).entries
    return entries[0].name if entries else name


def province_names() -> tuple[str, ...]:
    """The 31 provinces' official names, in the data file's order."""
    return _gazetteer().provinces


@cache
def place_words() -> frozenset[str]:
    """Every one-word place name as folded («بم», «ساری»), for finders that must not take a place for a name."""
    return frozenset(key[0] for key in _gazetteer().spellings if len(key) == 1)


class _Text:
    """Normalized words of a text with the characters between them."""

    def __init__(self, text: str) -> None:
        # `base` keeps the ZWNJ that `norm` turns into a space, at the same offsets
        self.base = MARKS.sub("", text)
        self.norm = fold_chars(self.base)
        parts = _TOKEN_SPLIT.split(self.norm)  # gap, word, gap, word, …, gap: no match object per word
        offsets = list(accumulate(map(len, parts)))
        self.words = parts[1::2]
        self.starts = offsets[0:-1:2]
        self.ends = offsets[1::2]

    def gap(self, left: int) -> str:
        """Characters between word `left` and word `left + 1` ('' past either end)."""
        if left < 0 or left + 1 >= len(self.words):
            return ""
        return self.norm[self.ends[left] : self.starts[left + 1]]

    def joiner(self, left: int) -> bool:
        """Word `left` and word `left + 1` are written joined by a ZWNJ alone."""
        if left < 0 or left + 1 >= len(self.words):
            return False
        return self.base[self.ends[left] : self.starts[left + 1]] in _JOINERS

    def joined(self, start: int, end: int) -> bool:
        return all(_JOINER_GAP.fullmatch(self.gap(k)) for k in range(start, end - 1))


def _scan(text: _Text, gaz: _Gazetteer) -> list[_Hit]:
    """Longest gazetteer names, left to right, words not reused."""
    hits: list[_Hit] = []
    words, count, lengths = text.words, len(text.words), gaz.lengths
    free = 0  # words before this one are in a hit
    for i in compress(range(count), map(lengths.__contains__, words)):  # the few words a name starts with
        if i < free:
            continue
        for length in lengths[words[i]]:
            if i + length > count:
                continue
            spelling = gaz.spellings.get(tuple(words[i : i + length]))
            # the spacing test only for a listed name (most word runs tried are none)
            if spelling is not None and (length == 1 or text.joined(i, i + length)):
                hits.append(_Hit(i, i + length, spelling))
                free = i + length
                break
    return hits


def _context_before(text: _Text, start: int) -> str | None:
    if start == 0 or not _CONTEXT_GAP.fullmatch(text.gap(start - 1)):
        return None
    if text.base[text.starts[start - 1]] == "آ":
        return None  # no context word starts with «آ»: «آستان قدس» is a shrine, not «استان»
    candidates = [text.words[start - 1]]
    if start >= 2 and _CONTEXT_GAP.fullmatch(text.gap(start - 2)):
        candidates.append(text.words[start - 2] + text.words[start - 1])  # «امام جمعه», «شهرستان‌های»
    for word in candidates:
        for kind, words in (
            ("province", _PROVINCE_CONTEXT),
            ("county", _COUNTY_CONTEXT),
            ("city", _CITY_CONTEXT),
            ("local", _LOCAL_CONTEXT),
            ("in", _IN_CONTEXT),
        ):
            if word in words:
                return kind
    return None


def _context_after(text: _Text, hit: _Hit, following: _Hit | None) -> bool:
    """«بهار، استان همدان» (the province must be one the name lies in), «رشت، مرکز استان»."""
    words, end = text.words, hit.end
    if end >= len(words) or not _AFTER_GAP.fullmatch(text.gap(end - 1)):
        return False
    if words[end] == "مرکز":
        return end + 1 < len(words) and words[end + 1] == "استان"
    if words[end] != "استان" or following is None or following.start != end + 1:
        return False
    named = {e.province for e in following.spelling.entries if e.kind == "province"}
    return any(e.province in named for e in hit.spelling.entries)


def _continues_list(text: _Text, previous: _Hit | None, start: int) -> bool:
    """«شهرستان‌های X، Y و Z»: only «و» and commas between this name and the previous one."""
    if previous is None or previous.context not in _STRONG:
        return False
    between = [text.words[k] for k in range(previous.end, start)]
    if any(word != "و" for word in between):
        return False
    gaps = [text.gap(k) for k in range(previous.end - 1, start)]
    if not all(_LIST_GAP.fullmatch(gap) for gap in gaps):
        return False
    return bool(between) or any("،" in gap or "," in gap for gap in gaps)  # «گیلان مرکزی» is no list


def _is_not_place(text: _Text, hit: _Hit) -> bool:
    """Part of a compound («کرمان‌زاده»), or an outlet/street/person («خبرگزاری فارس», «آقای مهران»)."""
    words, start, end = text.words, hit.start, hit.end
    before = text.gap(start - 1)
    if text.joiner(start - 1):
        return True
    if text.joiner(end - 1) and words[end] not in _SUFFIXES_AFTER_ZWNJ:
        return True
    if start > 0 and words[start - 1] in _NOT_PLACE_BEFORE and _CONTEXT_GAP.fullmatch(before):
        return True
    return end < len(words) and words[end] in _NOT_PLACE_AFTER


def _is_source_label(text: _Text, hit: _Hit) -> bool:
    """«(فارس)», «منبع: فارس», «فارس: …» at a paragraph's start: the outlet, not the province."""
    if not hit.spelling.outlet:
        return False
    start = text.ends[hit.start - 1] if hit.start > 0 else 0
    before = text.norm[start : text.starts[hit.start]] if hit.start > 0 else "\n" + text.norm[: text.starts[0]]
    after = text.norm[text.ends[hit.end - 1] : text.starts[hit.end]] if hit.end < len(text.words) else ""
    if "(" in before and ")" in after:
        return True
    if ":" in before and hit.start > 0 and text.words[hit.start - 1] in _SOURCE_LABELS:
        return True
    return "\n" in before and _LABEL_AFTER.match(after) is not None


def _classified_hits(text: _Text, hits: list[_Hit]) -> list[_Hit]:
    """The gazetteer's hits that are places by their surroundings, each with its context."""
    kept: list[_Hit] = []
    previous: _Hit | None = None
    for index, hit in enumerate(hits):
        if hit.spelling.block or _is_not_place(text, hit) or _is_source_label(text, hit):
            previous = None
            continue
        hit.context = _context_before(text, hit.start)
        if hit.context not in _STRONG and _continues_list(text, previous, hit.start):
            hit.context = previous.context if previous else None
        following = hits[index + 1] if index + 1 < len(hits) else None
        if hit.context not in _STRONG and _context_after(text, hit, following):
            hit.context = "local"
        kept.append(hit)
        previous = hit
    for left, right in zip(kept, kept[1:], strict=False):
        risky = left.spelling.risky or right.spelling.risky  # «تهران-کوثر ایلام» are two teams
        if right.start == left.end and not risky and _ROUTE_GAP.fullmatch(text.gap(left.end - 1)):
            # «قطار قم- تهران- اصفهان», «محور تهران – ساوه»: the ends of a route are cities
            for hit in (left, right):
                hit.context = hit.context if hit.context in _STRONG else "route"
    return kept


def _pick_kind(entries: list[_Entry], context: str | None) -> list[_Entry]:
    """Entries the context points at: «شهرستان البرز» is Qazvin's county, not the province."""
    wanted = {"county": "county", "city": "city"}.get(context or "")
    preferred = [e for e in entries if e.kind == wanted]
    return preferred or [e for e in entries if e.kind != "province"]


def _as_province(hit: _Hit) -> _Entry | None:
    """The province a bare or «استان X» mention names, or None when it reads as a county/city."""
    spelling, context = hit.spelling, hit.context
    province = next((e for e in spelling.entries if e.kind == "province"), None)
    if province is None or context in ("county", "city", "route"):
        return None
    if context == "province" or not (spelling.needs_context or spelling.bare_is_city):
        return province
    return None


def _place(entry: _Entry, province: str | None, context: str | None) -> Place:
    kind = "city" if context == "city" else entry.kind
    return Place(name=entry.name, kind=kind, province=province)


def _resolve_local(hit: _Hit, anchors: list[str] | None) -> Place | None:
    """A county/city hit as a Place; `anchors` None on the first pass (only sure ones resolve)."""
    spelling, strong = hit.spelling, hit.context in _STRONG
    entries = _pick_kind(spelling.entries, hit.context)
    if spelling.needs_context and not strong:
        return None  # «مرکزی» in «بانک مرکزی»: an adjective
    if not entries or (spelling.risky and not strong):
        return None
    provinces = list(dict.fromkeys(e.province for e in entries))
    sure = len(provinces) == 1 and not spelling.anywhere
    if sure and (strong or not spelling.weak):
        return _place(entries[0], provinces[0], hit.context)
    if anchors is None:
        return None
    explicit = strong or hit.context == "in"
    if sure and (hit.context == "in" or provinces[0] in anchors):
        return _place(entries[0], provinces[0], hit.context)
    shared = [p for p in anchors if p in provinces]
    if shared:
        entry = next(e for e in entries if e.province == shared[0])
        return _place(entry, shared[0], hit.context)
    if spelling.anywhere and len(anchors) == 1:
        return _place(entries[0], anchors[0], hit.context)  # a village name in the one province named
    return _place(entries[0], None, hit.context) if explicit else None


def _resolve(hits: list[_Hit]) -> list[tuple[int, Place]]:
    """Provinces and sure names first; they anchor the ambiguous and weak ones."""
    resolved: list[tuple[int, Place]] = []
    pending: list[_Hit] = []
    for hit in hits:
        province = _as_province(hit)
        place = Place(province.name, "province", province.name) if province else _resolve_local(hit, None)
        if place is None:
            pending.append(hit)
        else:
            resolved.append((hit.start, place))
    anchors = list(dict.fromkeys(p.province for _, p in sorted(resolved, key=lambda r: r[0]) if p.province))
    for hit in pending:
        place = _resolve_local(hit, anchors)
        if place is not None:
            resolved.append((hit.start, place))
    return sorted(resolved, key=lambda r: r[0])


def _merge(resolved: list[tuple[int, Place]]) -> list[Place]:
    """One Place per name and province, in order of first mention; county/city readings merge."""
    merged: dict[tuple[str, str | None, bool], Place] = {}
    for _, place in resolved:
        key = (place.name, place.province, place.kind == "province")
        if key in merged:
            merged[key].mentions += 1
        else:
            merged[key] = place
    return list(merged.values())


def find_places(text: str) -> list[Place]:
    """Iranian provinces, counties and cities the text names, in order of first mention."""
    return find_places_and_names(text)[0]


def find_places_and_names(text: str) -> tuple[list[Place], frozenset[str], str]:
    """`find_places`; the first word (folded) of every name the gazetteer matched before the context rules
    (a part of the text that begins and ends at a stop, a sentence, and holds none of these words as a
    substring has no place: `may_name_places`, as names never run across a stop); and `fold(text)`, for
    the caller's other look-ups."""
    if not text:
        return [], frozenset(), ""
    parsed = _Text(text)
    hits = _scan(parsed, _gazetteer())
    names = frozenset(parsed.words[hit.start] for hit in hits)
    return _merge(_resolve(_classified_hits(parsed, hits))), names, parsed.norm


def may_name_places(part: str, names: frozenset[str]) -> bool:
    """False when `find_places(part)` is sure to be empty: `part`, a sentence of a text whose matched first
    words are `names` (`find_places_and_names`), contains none of them."""
    folded = _normalize(part)
    return any(name in folded for name in names)


def provinces_of(places: list[Place]) -> list[str]:
    """The provinces the text names; a county's or city's province only when the text names no province.

    A city named in passing («بیماران از تهران و شیراز») does not make an article about Ahvaz one about Fars.
    """
    named = [p.province for p in places if p.kind == "province" and p.province]
    if named:
        return list(dict.fromkeys(named))
    return list(dict.fromkeys(p.province for p in places if p.province))
