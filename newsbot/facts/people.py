"""People named in a Persian news text and the roles the text gives them.

`find_people(text)` returns `Person`s de-duplicated by name, in order of first mention. No models:
gazetteers (`data/given_names.txt`, `data/honorifics.txt`, `data/roles.json`) plus rules, and hazm's
stopword and verb lists read straight from its data folder (hazm itself is not imported).

What counts as a name: optional honorifics + a known given name (or «سید/میر» + one, or a
«محمد/علی/امیر/غلام» compound of two) + one or two surname tokens (open class: any Persian word that is
not a stopword, verb, role word or honorific). A name whose given name is unknown is taken only in the
shape «نام نام‌خانوادگی» + role right after it, in a list («، X Y مدیرکل …»). A strong honorific with a
bare surname («دکتر رضایی») is a person too.

Roles: «NAME ROLE», «NAME، ROLE», «ROLE، NAME», «ROLE NAME». A role runs from its head word until the next
name, a verb, a linker («با», «که», «را», «و نیز», «به اتفاق»), punctuation, or a new role after a comma.
A person left without a role takes the text's most repeated role standing alone as a subject
(«مدیرعامل سازمان تأمین‌اجتماعی افزود») — news writes the name once and the title thereafter.
A later bare surname («موسوی افزود») adds a mention to the person named earlier.
Text may be raw (zero-width non-joiners missing: «تأمیناجتماعی») or hazm-normalized: every match ignores
spaces, ZWNJ, diacritics and Arabic letter forms.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.util import find_spec
from itertools import accumulate, compress, repeat
from operator import itemgetter
from pathlib import Path

from newsbot.facts.model import Person
from newsbot.facts.organizations import DEFAULT_GAZETTEER
from newsbot.facts.places import place_words
from newsbot.text.fold import squash as fold  # the matching key: no spaces, ZWNJ or marks
from newsbot.text.lexicon import word_counts

__all__ = ["canonical_role", "find_people"]

DATA = Path(__file__).parent / "data"
_MAX_ROLE_TOKENS = 16  # a role longer than this has run into the sentence
_MAX_ENTRY_TOKENS = 5  # «حجت‌الاسلام و المسلمین» is the longest gazetteer entry in tokens

_LETTERS = "\u0621-\u063a\u0641-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff"
_LATIN_OR_DIGITS = "A-Za-z0-9\u06f0-\u06f9\u0660-\u0669_"
# word (letters with inner marks/ZWNJ) | latin or digits | line break | any other visible mark; one group, so
# that `split` gives gaps and tokens alternately (offsets are the running sum of their lengths)
_TOKEN = re.compile(
    rf"((?:[{_LETTERS}][{_LETTERS}\u064b-\u065f\u0670\u0640\u200b-\u200d]*)|[{_LATIN_OR_DIGITS}]+|\n|\S)"
)
# A token's kind by its first character (the alternatives start with disjoint sets): w word, o latin or
# digits, p anything else
_KIND_OF_FIRST = {ch: "w" for ch in re.findall(f"[{_LETTERS}]", "".join(map(chr, range(0x600, 0x700))))}
_KIND_OF_FIRST |= {ch: "o" for ch in re.findall(f"[{_LATIN_OR_DIGITS}]", "".join(map(chr, range(0x700))))}
_SPACES = re.compile(r"\s+")
_KEY_CACHE: dict[str, str] = {}
_AFTER_SUBJECT = frozenset({"امروز", "دیروز", "نیز", "هم", "در", "با", "ضمن", "طی", "همچنین"})
_SOURCE_WORDS = frozenset({"گزارش", "نقل", "ازقول"})  # «به گزارش خبرنگار …»: who reports, not a title
_TIME_AFTER = frozenset({"امروز", "دیروز", "امشب", "صبح", "عصر"})  # «اکبر سوری امروز در گفت‌وگو …»
_COMMAS = frozenset({"،", ","})
_SENTENCE_END = frozenset({".", "!", "?", "؟", ":", "؛", ";", "\n"})
_CLAUSE_START = _SENTENCE_END | _COMMAS | {"«", "(", '"'}
# prefixes that make a compound given name of a listed one: «سیدمحمد», «میرحسین», «محمدامین»
_GIVEN_PREFIXES = ("سیده", "سید", "میرزا", "میر", "محمد", "علی", "امیر", "غلام")
_GIVEN_SUFFIXES = ("السادات", "سادات", "علی")
_COMPOUND_HEADS = frozenset(p[:3] for p in _GIVEN_PREFIXES)  # first letters of «سیدمحمد», «محمدامین»
_NAME_PREFIX_TOKENS = frozenset({"سید", "سیده", "میر", "میرزا"})
# second surname word must look like one: «هاشمی رفسنجانی», «حسن زاده», «علی پور»
_SURNAME_SHAPE = re.compile(r"(?:ی|پور|زاده|نیا|نژاد|فر|فرد|راد|وند|لو|یان|زاد|پناه|منش|نسب|دوست|کیا)$")
_SURNAME_TAILS = frozenset({"زاده", "پور", "نیا", "نژاد", "فر", "فرد", "راد", "وند"})
# words that open the next phrase, never part of a title: «مدیرکل … استان فارس تعداد بیمه‌شدگان را …»
_ROLE_BREAKS = frozenset({"تعداد", "میزان", "رقم", "امار", "شمار", "امروز", "امسال", "دیروز", "روز", "ضمن", "طی"})
# an unknown first word that is a plural or an adjective is not a given name
_NOT_GIVEN_SHAPE = re.compile(r"(?:ها|های|ان|ات|ین|ی)$")
# prepositions and particles the normalizer may join to the next word: «به‌روز» is «به روز», no «بهروز»
_PARTICLES = frozenset({"به", "در", "با", "از", "بر", "که", "تا", "را", "و", "این", "ان", "هم", "می", "نمی"})
_PLACE_LOOKBACK = 3  # words between a place word and a name inside the place's name
_COMMON_WORD_COUNT = 100_000  # hazm corpus count above which an unknown word is a common word
_RARE_WORD_COUNT = 1_000_000  # a surname known only by its repetition must be rarer than this
_LONE_SURNAME_MENTIONS = 2  # a word said once as a subject may be anything; twice, it is someone
_PLURALS = ("ها", "های", "ان", "ات", "ین")


def _read_list(name: str) -> list[tuple[str, bool]]:
    """Lines of a gazetteer as (entry, starred); «#» lines are comments."""
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append((line.rstrip("*").strip(), line.endswith("*")))
    return out


def _prefixes(keys: set[str] | frozenset[str] | dict) -> frozenset[str]:
    """Every prefix of every key, to stop a multi-token match early."""
    return frozenset(key[:i] for key in keys for i in range(1, len(key) + 1))


def _hazm_file(name: str) -> list[str]:
    """Lines of a hazm data file, or nothing when hazm is not installed."""
    spec = find_spec("hazm")
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / name
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def _verb_forms(past: str, present: str) -> set[str]:
    """Common finite forms of one verb (ZWNJ-free keys): گفت، گفتند، میگوید، بگوید، نمیکند…"""
    forms: set[str] = set()
    endings = ("", "م", "ی", "یم", "ید", "ند")
    if past:
        # the bare stem («رشت») and «-ی» forms are often nouns: bare stems come from roles.json
        forms.update((past + "ند", past + "یم", past + "ن"))  # «شدن», «کردن»: an infinitive ends a title
        for pre in ("می", "نمی", "ن"):
            forms.update(pre + past + end for end in endings)
    if present:
        forms.update((present + "د", present + "ند"))  # «کند», «شود», «نماید»
        for pre in ("می", "نمی", "ب", "ن"):
            forms.update(pre + present + end for end in endings[1:])
    return forms


def _hazm_verbs() -> set[str]:
    """Finite forms of every verb in hazm's list."""
    verbs: set[str] = set()
    for line in _hazm_file("verbs.dat"):
        past, _, present = line.strip().partition("#")
        verbs |= _verb_forms(fold(past), fold(present))
    return verbs


@dataclass(frozen=True, slots=True)
class _Lexicon:
    given: frozenset[str]
    given_ambiguous: frozenset[str]
    given_prefixes: frozenset[str]
    honorifics: dict[str, tuple[str, bool]]  # key -> (form to report, strong)
    honorific_prefixes: frozenset[str]
    honorific_words: frozenset[str]  # single words of honorific entries, to look back over them
    roles: frozenset[str]
    role_prefixes: frozenset[str]
    links: frozenset[str]
    link_prefixes: frozenset[str]
    stops: frozenset[str]
    vav_stops: frozenset[str]
    dar_continues: frozenset[str]
    be_after: frozenset[str]
    facilities: frozenset[str]
    saints: frozenset[str]
    not_surnames: frozenset[str]
    verbs: frozenset[str]
    function_words: frozenset[str]  # hazm's stopwords and the role stops: never part of a joined given name
    subject_next: frozenset[str]  # words after a sentence's subject: «X با اشاره …», «X افزود»
    one_of: frozenset[str]  # plural heads of «یکی از رهبران …»
    blessings: frozenset[str]  # «(ره)», «(ع)» that stay inside a role
    light_verbs: frozenset[str]  # «کرد», «داد»: the word before one is the verb's, not the title's
    saint_titles: frozenset[str]  # «امام», «حضرت»: never the first word of a surname
    speech: frozenset[str]  # «افزود», «تصریح»; after «با»/«در»: «اشاره», «ادامه»
    bodies: frozenset[str]  # «گروه», «حزب»: a quoted name that opens with these is no person
    start_keys: frozenset[str]  # a name can begin at a token with these keys
    role_starts: frozenset[str]  # a role can begin at a token with these keys


@cache
def _lexicon() -> _Lexicon:
    """All gazetteers, folded and indexed; read once."""
    given_rows = _read_list("given_names.txt")
    given = frozenset(fold(name) for name, _ in given_rows)
    ambiguous = frozenset(fold(name) for name, starred in given_rows if starred)
    honorifics: dict[str, tuple[str, bool]] = {}
    for name, weak in _read_list("honorifics.txt"):
        honorifics.setdefault(fold(name), (name, not weak))
    rules = json.loads((DATA / "roles.json").read_text(encoding="utf-8"))

    def folded(key: str) -> frozenset[str]:
        return frozenset(fold(word) for word in rules[key])

    roles = folded("heads")
    hazm_stops = {fold(word) for word in _hazm_file("stopwords.dat")}
    verbs = (_hazm_verbs() - folded("not_verbs")) | folded("verbs")
    honorific_words = frozenset(
        fold(word) for name in honorifics.values() for word in name[0].replace("\u200c", " ").split()
    ) | frozenset(honorifics)
    given_prefixes = _prefixes(given)
    # a token is at least 3 letters of an entry («عبد الله», «نایب رئیس»); shorter ones are noise
    # a function word («این», «است») that only begins an entry («ایناز», «استاد») starts no name: a joined
    # entry never begins with one (see `given_at`), and «است» is not «استاد»
    function_words = hazm_stops | folded("stops") | verbs
    start_keys = {
        k for k in given_prefixes | _prefixes(honorifics)
        if len(k) > 2 and (k not in function_words or k in given or k in honorifics)
    } | _NAME_PREFIX_TOKENS
    role_starts = {k for k in _prefixes(roles) if len(k) > 2}
    return _Lexicon(
        given=given,
        given_ambiguous=ambiguous,
        given_prefixes=given_prefixes,
        honorifics=honorifics,
        honorific_prefixes=_prefixes(honorifics),
        honorific_words=honorific_words,
        roles=roles,
        role_prefixes=_prefixes(roles),
        links=folded("links"),
        link_prefixes=_prefixes(folded("links")),
        stops=folded("stops"),
        vav_stops=folded("vav_stops"),
        dar_continues=folded("dar_continues"),
        be_after=folded("be_after"),
        facilities=folded("facilities"),
        saints=folded("saints"),
        not_surnames=frozenset(hazm_stops | folded("name_stops")),
        verbs=frozenset(verbs),
        function_words=frozenset(hazm_stops | folded("stops")),  # never part of a joined given name
        subject_next=folded("subject_next"),
        one_of=folded("one_of"),
        blessings=folded("blessings"),
        bodies=folded("bodies"),
        speech=folded("speech"),
        saint_titles=folded("saint_titles"),
        light_verbs=folded("light_verbs"),
        start_keys=frozenset(start_keys),
        role_starts=frozenset(role_starts),
    )


@lru_cache(maxsize=1 << 14)
def _compound_given(key: str) -> bool:
    """`_Doc._compound_given`: a pure function of the word and the given-name list, so cached per word."""
    given = _lexicon().given
    for prefix in _GIVEN_PREFIXES:
        if key.startswith(prefix) and key[len(prefix) :] in given:
            return True
    return any(key.endswith(s) and key[: -len(s)] in given for s in _GIVEN_SUFFIXES)


def _rare_word(key: str) -> bool:
    """Not a common word or a plural of one in hazm's counts: «فرخ‌تبار», not «توجه» or «مسلمانان»."""
    counts = word_counts()[1]
    if counts.get(key, 0) >= _RARE_WORD_COUNT or key in place_words():
        return False
    for suffix in _PLURALS:
        if key.endswith(suffix) and counts.get(key[: -len(suffix)], 0) > 0:
            return False
    return True


@dataclass(slots=True)
class _Name:
    start: int  # first token (honorific included)
    name_start: int  # first token of the name proper
    end: int  # one past the last surname token
    surname_start: int
    honorific: str | None
    full: bool  # a given name was found (not a bare surname after a title)


@dataclass(slots=True)
class _Found:
    person: Person
    first: int  # token index of the first mention
    surname: tuple[str, ...]
    full: bool
    named: int = -1  # token index of the first mention by name (a bare surname in the title may come first)
    speaks: bool = False  # some mention opens a clause: the person is a subject, not only talked about


class _Doc:
    """One text, tokenized, with the matching rules as methods."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lx = _lexicon()
        cache = _KEY_CACHE if len(_KEY_CACHE) < 50_000 else {}  # words repeat: fold each once
        parts = _TOKEN.split(text)  # gap, token, gap, token, …, gap: no match object per token
        tokens = parts[1::2]
        offsets = list(accumulate(map(len, parts)))
        # loops in C (map): each token's kind by its first character, and its key from the cache of folded words
        kinds = list(map(_KIND_OF_FIRST.get, map(itemgetter(0), tokens), repeat("p", len(tokens))))
        for token in set(tokens).difference(cache):
            if _KIND_OF_FIRST.get(token[0]) == "w":
                cache[token] = fold(token)
        keys = list(map(cache.get, tokens, tokens))  # only words are cached: any other token is its own key
        starts, ends = offsets[0:-1:2], offsets[1::2]
        if "" in keys:  # a word of marks alone («ء») folds to nothing: it is no token
            kept = [i for i, key in enumerate(keys) if key]
            keys, kinds = [keys[i] for i in kept], [kinds[i] for i in kept]
            starts, ends = [starts[i] for i in kept], [ends[i] for i in kept]
        self.keys, self.kinds, self.starts, self.ends = keys, kinds, starts, ends
        self.n = len(self.keys)
        self._names: dict[int, _Name | None] = {}
        self._openers: dict[str, list[int]] | None = None

    # --- small lookups

    def word(self, i: int) -> str:
        """Key of token i when it is a Persian word, else ''."""
        return self.keys[i] if 0 <= i < self.n and self.kinds[i] == "w" else ""

    def slice(self, first: int, end: int) -> str:
        """Original text of tokens [first, end), spaces collapsed."""
        return _SPACES.sub(" ", self.text[self.starts[first] : self.ends[end - 1]]).strip()

    def match(self, i: int, full: frozenset[str] | dict, prefixes: frozenset[str]) -> int:
        """End of the longest gazetteer entry starting at token i (tokens joined without spaces), or -1."""
        if i >= self.n or self.kinds[i] != "w":
            return -1
        key = self.keys[i]
        if key not in prefixes:  # most tokens start no entry: the loop below would stop at once
            return i + 1 if key in full else -1
        best, acc = -1, ""
        for j in range(i, min(i + _MAX_ENTRY_TOKENS, self.n)):
            if self.kinds[j] != "w":
                break
            acc += self.keys[j]
            if acc in full:
                best = j + 1
            if acc not in prefixes:
                break
        return best

    def role_at(self, i: int) -> int:
        return self.match(i, self.lx.roles, self.lx.role_prefixes)

    def honorific_at(self, i: int) -> int:
        return self.match(i, self.lx.honorifics, self.lx.honorific_prefixes)

    def is_verb(self, i: int) -> bool:
        return self.word(i) in self.lx.verbs

    def subject_at(self, p: int, size: int) -> bool:
        """Tokens [p, p+size) stand as a sentence's subject: a clause starts before them and a verb or a
        subject's companion («با اشاره», «افزود», «در ادامه», «امروز») follows."""
        before = self.keys[p - 1] if p > 0 else "\n"
        if before not in _CLAUSE_START:
            return False
        nxt = self.word(p + size)
        return nxt in self.lx.subject_next or nxt in self.lx.verbs

    def says_after(self, end: int) -> bool:
        """A verb of saying follows a name ending before token `end`: «… علیرضا جزء‌قاسمی اظهار داشت»."""
        nxt = self.word(end)
        if nxt in ("با", "در"):
            nxt = self.word(end + 1)
        return nxt in self.lx.speech

    def speaker_at(self, p: int) -> bool:
        """Token p opens a clause as the one who speaks: «وارسته افزود», «وارسته با اشاره به …»."""
        before = self.keys[p - 1] if p > 0 else "\n"
        if before not in _CLAUSE_START:
            return False
        nxt = self.word(p + 1)
        if nxt in ("با", "در"):
            nxt = self.word(p + 2)
        return nxt in self.lx.speech

    def recurs_as_subject(self, seq: tuple[str, ...], skip: int) -> bool:
        """The words `seq` stand alone as a subject somewhere other than at token `skip`: the text's
        own later «شکریه افزود» tells where a name ends."""
        size = len(seq)
        for p in self.openers().get(seq[0], ()):
            if p != skip and tuple(self.keys[p : p + size]) == seq and self.subject_at(p, size):
                return True
        return False

    def openers(self) -> dict[str, list[int]]:
        """Words that open a clause (after punctuation or a line break), with their positions; built once."""
        if self._openers is None:
            keys, kinds = self.keys, self.kinds
            # the tokens after a clause start (picked in C: compress pairs token k with the key of token k - 1)
            after_start = compress(range(1, self.n), map(_CLAUSE_START.__contains__, keys))
            starts = [k for k in after_start if kinds[k] == "w"]
            self._openers = {}
            for k in [0, *starts] if self.n and kinds[0] == "w" else starts:
                self._openers.setdefault(keys[k], []).append(k)
        return self._openers

    # --- names

    def given_at(self, i: int) -> tuple[int, bool] | None:
        """(end, ambiguous) of a given name starting at token i, «سید/میر» prefix included."""
        lx = self.lx
        j = i + 1 if self.word(i) in _NAME_PREFIX_TOKENS else i
        end = self.match(j, lx.given, lx.given_prefixes)
        if end > j + 1 and any(self.keys[k] in _PARTICLES for k in range(j, end)):
            end = j + 1 if self.keys[j] in lx.given else -1  # «به روز» is no «بهروز»
        if end == j + 1 and self._joined_function_word(j):
            end = -1  # «به‌روز دریانوردی»: the normalizer joined «به» to the next word
        if end > 0:
            ambiguous = j == i and end == j + 1 and self.keys[j] in lx.given_ambiguous
            return end, ambiguous
        key = self.word(j)
        if key and self._compound_given(key):
            return j + 1, False
        return None

    def _joined_function_word(self, j: int) -> bool:
        """Token j is a function word and a word written together with a ZWNJ («به‌روز», «در‌حال»)."""
        token = self.text[self.starts[j] : self.ends[j]]
        head = token.partition("\u200c")[0]
        return head != token and fold(head) in _PARTICLES

    def _compound_given(self, key: str) -> bool:
        """«سیدمحمد», «میرحسین», «محمدامین», «حسینعلی», «زهراسادات» built of listed names."""
        return _compound_given(key)

    def surname_ok(self, i: int) -> bool:
        """Token i can be (part of) a surname: a Persian word, no function word, verb, role or title."""
        key = self.word(i)
        lx = self.lx
        if len(key) < 2 or key in lx.not_surnames or key in lx.stops:
            return False
        if key in lx.verbs and not self._prefixed_surname(i):
            return False
        if key in lx.facilities or key in lx.saint_titles:  # «میلاد امام عسکری» is a holiday
            return False
        return self.role_at(i) < 0 and self.honorific_at(i) < 0

    def _prefixed_surname(self, i: int) -> bool:
        """«احمد میدری وزیر کار»: without ZWNJ a «می…» surname reads as a verb; what follows decides."""
        token = self.text[self.starts[i] : self.ends[i]]
        if not token.startswith("می") or "\u200c" in token or self.keys[i] in self.lx.stops:
            return False
        nxt = self.word(i + 1)
        # a verb right after a verb is rare; a role, a time word or a verb after a surname is not
        return not nxt or nxt in self.lx.verbs or nxt in _AFTER_SUBJECT or self.role_follows(i + 1)

    def surname_len(self, i: int) -> int:
        """0, 1 or 2 surname tokens at i."""
        if not self.surname_ok(i):
            return 0
        nxt = self.word(i + 1)
        if nxt in _SURNAME_TAILS:
            return 2
        two = (
            self.surname_ok(i + 1)
            and _SURNAME_SHAPE.search(nxt) is not None
            and self.given_at(i + 1) is None
            and self.ends_name(i + 2)
        )
        return 2 if two else 1

    def ends_name(self, i: int) -> bool:
        """A name may end before token i: punctuation, end of text, a verb, a role, a linker."""
        if i >= self.n or self.kinds[i] != "w":
            return True
        key = self.keys[i]
        lx = self.lx
        return key in lx.verbs or key in lx.stops or key in lx.not_surnames or self.role_at(i) > 0

    def role_follows(self, i: int) -> bool:
        if self.keys[i : i + 1] and self.keys[i] in _COMMAS:
            i += 1
        return i < self.n and self.role_at(i) > 0

    def in_place_name(self, i: int) -> bool:
        """Given name at i names a street, school, valley or saint: «بیمارستان شهید محمد منتظری», «مدرسه
        ابتدایی پروین اعتصامی», «دبیرستان شهید مرحبا (حکیم نظامی)», «حوضه‌های آبخیز خدیجه خاتون»."""
        lx = self.lx
        if self.word(i - 1) in lx.saints:
            return True
        k = i - 1
        while self.word(k) in lx.honorific_words or self.word(k) in lx.saints:
            k -= 1
        if k < i - 1 and self.word(k) in lx.facilities:
            return True  # «دانشگاه علامه طباطبایی», «بیمارستان شهید …»
        # up to three plain words (a kind, a title, another name) or a bracket back to the place word
        words = 0
        while k >= 0 and words <= _PLACE_LOOKBACK:
            key = self.keys[k]
            if self.kinds[k] != "w":
                if key != "(":
                    return False
            elif key in lx.facilities:
                return not self._in_role(k)
            elif key in lx.function_words or key in lx.verbs or (key in lx.role_prefixes and self.role_at(k) > 0):
                return False
            else:
                words += 1
            k -= 1
        return False

    def _in_role(self, k: int) -> bool:
        """The place word at k belongs to a title: «رئیس بنیاد مستضعفان پرویز فتاح» names the man."""
        for m in range(k - 1, max(-1, k - 4), -1):
            if self.kinds[m] != "w" or self.word(m) in self.lx.function_words:
                return False
            if self.role_at(m) > 0:
                return True
        return False

    def name_at(self, i: int) -> _Name | None:
        """The name starting at token i (honorifics first), memoized."""
        if i not in self._names:
            self._names[i] = self._parse_name(i)
        return self._names[i]

    def _parse_name(self, i: int) -> _Name | None:
        if self.kinds[i] != "w":
            return None
        titles: list[str] = []
        strong = False
        j = i
        while (end := self.honorific_at(j)) > 0:
            form, is_strong = self.lx.honorifics["".join(self.keys[j:end])]
            titles.append(form)
            strong = strong or is_strong
            j = end
        honorific = " ".join(titles) or None
        given = self.given_at(j)
        if given is not None:
            name = self._full_name(i, j, given, honorific)
        elif titles:
            name = self._titled_surname(i, j, honorific, strong)
        else:
            name = self._unknown_given(i)
        if name is not None and self.in_place_name(j):
            # a place's namesake, unless the text goes on with him as a speaker («شمقدری با بیان …»)
            surname = tuple(self.keys[name.surname_start : name.end])
            if surname[-1] in place_words() or not self.recurs_as_subject(surname, name.surname_start):
                return None
        return name

    def _full_name(self, i: int, j: int, given: tuple[int, bool], honorific: str | None) -> _Name | None:
        gend, ambiguous = given
        lx = self.lx
        if self.word(gend) in lx.given and self.word(gend) not in lx.given_ambiguous:
            # «محمد طاهر موسوی», «جلال‌الدین محمد شکریه»: two given names, then the surname
            after = self.surname_len(gend + 1)
            third = tuple(self.keys[gend + 1 : gend + 1 + after])
            if after > 0 and (self.ends_name(gend + 1 + after) or self.recurs_as_subject(third, gend + 1)):
                gend += 1
        size = self.surname_len(gend)
        if size == 0:
            return None
        end = gend + size
        # «هاشم ولی‌پور مطلق»: one more surname word when the text says the longer surname alone later
        if size == 1 and self.recurs_as_subject(tuple(self.keys[gend : end + 1]), gend):
            if self.surname_ok(end) and self.given_at(end) is None:
                end += 1
        if ambiguous and honorific is None and not self.role_follows(end):
            # «امید رضایی گفت», «اکبر سوری امروز …»: a surname-shaped word, then punctuation, a verb or a
            # time word; or any surname the text later uses alone as a subject («سوری افزود»)
            surname, nxt = self.keys[end - 1], self.word(end)
            shaped = _SURNAME_SHAPE.search(surname) is not None
            if shaped and (not nxt or nxt in lx.verbs or nxt in _TIME_AFTER):
                return _Name(i, j, end, gend, honorific, True)
            if not (shaped or _rare_word(surname)) or not self.recurs_as_subject(tuple(self.keys[gend:end]), gend):
                return None
        return _Name(i, j, end, gend, honorific, True)

    def _titled_surname(self, i: int, j: int, honorific: str | None, strong: bool) -> _Name | None:
        """«دکتر رضایی», «آیت‌الله خامنه‌ای»: a strong title and a surname."""
        if not strong or self.word(j) in self.lx.given:
            return None
        size = self.surname_len(j)
        if size == 0:
            return None
        # «مهندس ناظر پروژه» is a job, «دکتر رضایی گفت / در …» a person
        if not self.ends_name(j + size) and self.word(j + size) not in ("در", "و", "به"):
            return None
        return _Name(i, j, j + size, j, honorific, False)

    def _unknown_given(self, i: int) -> _Name | None:
        """«، مهرزاد اکبرپور مدیرکل …», «ولادیمیر پوتین رئیس‌جمهور روسیه … پوتین افزود»: an unlisted given
        name, trusted only at a clause start right before a role, with a surname-shaped or repeated surname."""
        first, second = self.word(i), self.word(i + 1)
        if not first or not second or not self.role_follows(i + 2):
            return None
        before = self.keys[i - 1] if i > 0 else "\n"
        if before not in _CLAUSE_START and before not in ("و", "نیز", "اتفاق"):
            return None
        if _NOT_GIVEN_SHAPE.search(first):
            return None
        # a foreign surname has no Persian shape: the text must go on using it alone («پوتین افزود»)
        if not _SURNAME_SHAPE.search(second) and not self.recurs_as_subject((second,), i + 1):
            return None
        if not (self.surname_ok(i) and self.surname_ok(i + 1)):
            return None
        counts = word_counts()[1]
        if counts.get(first, 0) > _COMMON_WORD_COUNT or counts.get(second, 0) > _COMMON_WORD_COUNT:
            return None
        return _Name(i, i, i + 2, i + 1, None, True)

    # --- roles

    def extend_role(self, head: int, head_end: int) -> int:
        """End (exclusive) of the role phrase whose head word spans [head, head_end)."""
        last = j = head_end
        one_of = self.word(head) == "یکی"
        while j < self.n and j - head < _MAX_ROLE_TOKENS:
            # «یکی از رهبران این گروه …»: «این» names the body the plural head belongs to
            this = one_of and self.word(j) in ("این", "ان") and self.word(j + 1) in self.lx.dar_continues
            step = 2 if this else self._role_step(j)
            if step == 0:
                break
            j += step
            last = j
        if last - head_end >= 1 and self.word(last) in self.lx.light_verbs and self._verbs_noun(last - 1):
            last -= 1  # «وزیر نیرو قول داد»: the noun before a light verb is the verb's
        return last

    def _verbs_noun(self, k: int) -> bool:
        """Word k, before a light verb, is the verb's noun («قول», «استعفا»), not a body or a place ending
        a title («رئیس مجلس», «شهر کرد» = «شهرکرد»)."""
        key = self.word(k)
        places = place_words()
        if not key or key in self.lx.dar_continues or key in places:
            return False
        return key + self.keys[k + 1] not in places

    def _role_step(self, j: int) -> int:
        """How many tokens at j stay inside the role (0 ends it); linkers take their next word along."""
        lx = self.lx
        key = self.keys[j]
        if self.kinds[j] != "w":
            if key == "(":
                return self._blessing(j)
            return 2 if key in _COMMAS and self._comma_continues(j) else 0
        if key in _ROLE_BREAKS:
            return 0
        if key == "و":
            return 2 if self._vav_continues(j + 1) else 0
        if key == "در":
            return self._dar_step(j)
        if key == "به":
            return 2 if self.word(j - 1) in lx.be_after and self._plain_word(j + 1) else 0
        return 1 if self._plain_word(j) else 0

    def _blessing(self, j: int) -> int:
        """«(ره)», «(ع)», «(قدس سره)» after a saint's name stay in the role: «کمیته امداد امام خمینی (ره)»."""
        end = self.match(j + 1, self.lx.blessings, _prefixes(self.lx.blessings))
        return end + 1 - j if end > 0 and self.keys[end : end + 1] == [")"] else 0

    def _plain_word(self, j: int) -> bool:
        """A word that can sit inside a role: no verb, linker or name start."""
        key = self.word(j)
        lx = self.lx
        if not key or key in lx.stops or key in lx.verbs or key in ("و", "در", "به"):
            return False
        return not self.could_start(j) or self.name_at(j) is None

    def could_start(self, i: int) -> bool:
        """Cheap test before parsing: a name can begin at token i."""
        keys, lx = self.keys, self.lx
        key = keys[i]
        if key in lx.start_keys or key[:3] in _COMPOUND_HEADS:
            return True
        # an unlisted given name needs a role two tokens on: «X Y مدیرکل», «X Y، مدیرکل»
        if i + 2 >= self.n:
            return False
        after = keys[i + 2]
        if after in _COMMAS and i + 3 < self.n:
            after = keys[i + 3]
        return after in lx.role_starts

    def name_starts(self) -> list[int]:
        """Every token where a name may begin (`could_start`) or a quoted name opens («), in order: one pass
        in comprehensions rather than a call per token."""
        keys, kinds, n, lx = self.keys, self.kinds, self.n, self.lx
        names, roles = lx.start_keys, lx.role_starts
        # the key two on, or three on past a comma: a slice, then the few commas patched (found in C)
        two_on = keys[2:] + ["", ""]
        for j in compress(range(2, n - 1), map(_COMMAS.__contains__, keys[2 : n - 1])):
            two_on[j - 2] = keys[j + 1]
        return [
            i
            for i, (key, kind, after) in enumerate(zip(keys, kinds, two_on, strict=False))
            if (kind == "w" and (key in names or key[:3] in _COMPOUND_HEADS or after in roles))
            or (kind != "w" and key == "«")
        ]

    def _comma_continues(self, j: int) -> bool:
        """«معاون فرهنگی، اجتماعی و امور استان‌ها», «وزیر تعاون، کار و رفاه»: a comma inside a list."""
        nxt = j + 1
        if not self._plain_word(nxt) or self.role_at(nxt) > 0:
            return False
        after = self.keys[nxt + 1] if nxt + 1 < self.n else ""
        return after == "و" or after in _COMMAS

    def _vav_continues(self, j: int) -> bool:
        key = self.word(j)
        return bool(key) and key not in self.lx.vav_stops and self._plain_word(j)

    def _dar_step(self, j: int) -> int:
        """«در» stays in a role before a place or body: «نماینده ولی‌فقیه در (این) استان»."""
        lx = self.lx
        nxt = self.word(j + 1)
        if nxt in lx.dar_continues:
            return 2
        if nxt in ("این", "ان") and self.word(j + 2) in lx.dar_continues:
            return 3
        return 0

    def role_after(self, end: int) -> tuple[int, int] | None:
        """Role right after a name, with or without a comma: «موسوی، مدیرعامل …»."""
        j = end + 1 if end < self.n and self.keys[end] in _COMMAS else end
        link_end = self.match(j, self.lx.links, self.lx.link_prefixes)
        j = max(j, link_end)
        head_end = self.role_at(j) if j < self.n else -1
        if head_end < 0:
            head_end = self._one_of(j)
        if head_end < 0:
            return None
        return j, self.extend_role(j, head_end)

    def _one_of(self, j: int) -> int:
        """End of «یکی از رهبران» at j (a plural head after «یکی از»), or -1."""
        if self.word(j) == "یکی" and self.word(j + 1) == "از" and self.word(j + 2) in self.lx.one_of:
            return j + 3
        return -1

    def quoted_name(self, i: int) -> tuple[_Name, int] | None:
        """«اتو پرز مولینا» رئیس جمهور …: two or three words in guillemets next to a role are a person
        (foreign names need no gazetteer); returns the name and the token after the closing mark."""
        close = next((k for k in range(i + 1, min(i + 5, self.n)) if self.keys[k] == "»"), -1)
        if close < i + 3 or any(not self.surname_ok(k) or self.word(k) in self.lx.given for k in range(i + 2, close)):
            return None
        if not self.surname_ok(i + 1) or self.role_at(i + 1) > 0 or self.keys[i + 1] in self.lx.bodies:
            return None
        name = _Name(i + 1, i + 1, close, i + 2, None, True)
        before = self.role_before(i, 0) if i > 0 and self.keys[i - 1] not in _COMMAS else None
        if self.role_after(close + 1) is None and before is None:
            return None
        return name, close + 1

    def role_before(self, start: int, floor: int) -> tuple[int, int] | None:
        """Role that ends right before a name: «مدیرعامل سازمان، میرهاشم موسوی»; not the reporter of
        «به گزارش خبرنگار فارس، …»."""
        p = start - 1
        if p >= 0 and self.keys[p] in _COMMAS:
            p -= 1
        if p < floor or self.kinds[p] != "w":
            return None
        for head in range(max(floor, p - _MAX_ROLE_TOKENS), p + 1):
            head_end = self.role_at(head)
            if head_end > 0 and head_end <= p + 1 and self.extend_role(head, head_end) == p + 1:
                return None if self.word(head - 1) in _SOURCE_WORDS else (head, p + 1)
        return None


def _add(found: dict[str, _Found], doc: _Doc, nm: _Name, role: str | None) -> None:
    """Record one full-name or titled-surname mention."""
    name = doc.slice(nm.name_start, nm.end)
    key = fold(name)
    opens = nm.start == 0 or doc.keys[nm.start - 1] in _CLAUSE_START or doc.says_after(nm.end)
    if key in found:
        entry = found[key]
        entry.person.mentions += 1
        entry.person.role = entry.person.role or role
        entry.person.honorific = entry.person.honorific or nm.honorific
        entry.speaks = entry.speaks or opens
        return
    surname = tuple(doc.keys[nm.surname_start : nm.end])
    found[key] = _Found(Person(name, role, nm.honorific), nm.start, surname, nm.full, nm.start, opens)


def _by_surname(found: dict[str, _Found], words: tuple[str, ...]) -> _Found | None:
    """The person already found whose surname is these words."""
    return next((entry for entry in found.values() if entry.full and entry.surname == words), None)


def _scan(doc: _Doc) -> tuple[dict[str, _Found], list[tuple[int, int]]]:
    """Names with their adjacent roles, and the spans (names, roles) they cover."""
    found: dict[str, _Found] = {}
    covered: list[tuple[int, int]] = []
    floor = 0  # a role before a name must start after the last claimed one
    i = 0
    for start in doc.name_starts():
        if start < i:
            continue  # inside a name or role already read
        i = start
        if doc.kinds[i] != "w":
            quoted = doc.quoted_name(i)
            if quoted is None:
                continue
            nm, after = quoted
            known = _by_surname(found, tuple(doc.keys[nm.start : nm.end]))
            if known is not None:  # «پرز مولینا» after «اتو پرز مولینا»
                known.person.mentions += 1
                i = after
                continue
            span = doc.role_after(after) or (doc.role_before(i, floor) if doc.keys[i - 1] not in _COMMAS else None)
        elif (nm := doc.name_at(i)) is None:
            continue
        else:
            span = doc.role_after(nm.end) or doc.role_before(nm.start, floor)
        role = doc.slice(*span) if span else None
        _add(found, doc, nm, role)
        covered.append((nm.start, nm.end))
        i = nm.end
        if span:
            covered.append(span)
            floor = max(floor, span[1])
            i = max(i, span[1])
    return found, covered


def _merge_titled(found: dict[str, _Found]) -> list[_Found]:
    """«دکتر رضایی» joins «علی رضایی» when the text names him in full too."""
    by_surname = {entry.surname[-1]: entry for entry in found.values() if entry.full}
    kept = []
    for entry in found.values():
        full = by_surname.get(entry.surname[-1]) if not entry.full else None
        if full is None:
            kept.append(entry)
            continue
        full.person.mentions += entry.person.mentions
        full.person.role = full.person.role or entry.person.role
        full.person.honorific = full.person.honorific or entry.person.honorific
        full.first = min(full.first, entry.first)
    return kept


def _inside(i: int, spans: list[tuple[int, int]]) -> bool:
    """Token i lies in one of the sorted, non-overlapping spans."""
    k = bisect_left(spans, (i + 1, -1)) - 1
    return k >= 0 and spans[k][0] <= i < spans[k][1]


def _count_surnames(doc: _Doc, people: list[_Found], covered: list[tuple[int, int]]) -> None:
    """A bare surname as a subject («موسوی افزود», «، موسوی در ادامه») is one more mention."""
    by_first: dict[str, list[_Found]] = {}
    for entry in people:
        by_first.setdefault(entry.surname[0], []).append(entry)
    for i in compress(range(doc.n), map(by_first.__contains__, doc.keys)):  # the tokens that start a surname
        key = doc.keys[i]
        if doc.kinds[i] != "w" or _inside(i, covered):
            continue
        candidates = [e for e in by_first[key] if tuple(doc.keys[i : i + len(e.surname)]) == e.surname]
        if not candidates:
            continue
        entry = max(candidates, key=lambda e: len(e.surname))
        end = i + len(entry.surname)
        before = doc.keys[i - 1] if i > 0 else "\n"
        titled = i > 0 and doc.honorific_at(i - 1) == i
        if before in _CLAUSE_START or titled or doc.is_verb(end):
            entry.person.mentions += 1
            entry.first = min(entry.first, i)
            entry.speaks = entry.speaks or before in _CLAUSE_START or doc.says_after(end)


def _lone_surnames(doc: _Doc, people: list[_Found], covered: list[tuple[int, int]]) -> list[_Found]:
    """People the text knows by surname alone («وارسته با بیان این مطلب …», «وارسته تصریح کرد»): a rare
    word standing as a sentence's subject at least twice, that is no name, title, place or body."""
    known = {key for entry in people for key in entry.surname}
    lx = doc.lx
    out = []
    for key, where in doc.openers().items():
        if len(where) < _LONE_SURNAME_MENTIONS or len(key) < 3 or key in known or key in lx.function_words:
            continue
        if key in lx.given or key in lx.bodies or key in lx.one_of or key in lx.verbs:
            continue
        where = [i for i in where if doc.speaker_at(i) and not _inside(i, covered)]
        if len(where) < _LONE_SURNAME_MENTIONS or not doc.surname_ok(where[0]) or not _rare_word(key):
            continue
        person = Person(doc.slice(where[0], where[0] + 1), None, None, len(where))
        out.append(_Found(person, where[0], (key,), False, where[0], True))
    return out


def _orphan_roles(doc: _Doc, covered: list[tuple[int, int]]) -> list[tuple[int, str, str]]:
    """(token, head key, text) of roles standing as a subject with no name: «مدیرعامل سازمان … افزود»."""
    out = []
    i = 0
    while i < doc.n:
        head_end = doc.role_at(i) if doc.kinds[i] == "w" and not _inside(i, covered) else -1
        if head_end < 0:
            i += 1
            continue
        end = doc.extend_role(i, head_end)
        before = doc.keys[i - 1] if i > 0 else "\n"
        if (before in _CLAUSE_START or doc.is_verb(end)) and doc.word(i - 1) not in _SOURCE_WORDS:
            out.append((i, "".join(doc.keys[i:head_end]), doc.slice(i, end)))
        i = end
    return out


def _fullest(role: str, forms: list[str]) -> str:
    """The fullest form of one title the text gives: «رئیس منابع طبیعی … املش» said again later as «رئیس
    اداره منابع طبیعی … املش» is the latter; a form with other words, or running on past the title's last
    word («… املش در بخش دیگری»), is not."""
    words = [fold(w) for w in role.split()]
    fuller = [f for f in forms if set(words) <= {fold(w) for w in f.split()} and fold(f.split()[-1]) == words[-1]]
    return max(fuller, key=len, default=role)


def _fill_roles(doc: _Doc, people: list[_Found], covered: list[tuple[int, int]]) -> None:
    """A person named without a title takes the stand-alone role said as a subject before them
    («مدیرکل … گفت: …», then «به گزارش …، رضایی افزود»): the nearest such role before their first
    mention, each role given to one person; else the most repeated stand-alone role goes to the most
    mentioned person."""
    bare = sorted((e for e in people if e.person.role is None), key=lambda e: e.first)
    if not bare:
        return
    orphans = _orphan_roles(doc, covered)
    if not orphans:
        return
    used: set[int] = set()
    for entry in (e for e in bare if e.speaks):
        # only a person the text makes a subject takes a role said before («… گفت»); one named in passing
        # («یاد شهید ناصری») is not its speaker. The role's sentence must end before the name: «مدیرعامل …
        # در دیدار با رضایی» names two people
        named = entry.named if entry.named >= 0 else entry.first
        before = [
            o for o in orphans if o[0] < named and o[0] not in used and _SENTENCE_END & set(doc.keys[o[0] : named])
        ]
        if before:
            pos, head, text = before[-1]
            entry.person.role = _fullest(text, [t for _, h, t in orphans if h == head])
            used.add(pos)
    heads = Counter(head for pos, head, _ in orphans if pos not in used)
    rest = [e for e in bare if e.person.role is None and e.person.mentions >= 2]
    if not heads or not rest:
        return
    head, count = heads.most_common(1)[0]
    if count < 2:
        return
    text = Counter(t for _, h, t in orphans if h == head).most_common(1)[0][0]
    max(rest, key=lambda e: (e.person.mentions, -e.first)).person.role = text


@cache
def _org_spellings() -> tuple[dict[str, str], frozenset[str]]:
    """Each organization name of `data/organizations.json` by its letters, as the file spells it first
    («تامین‌اجتماعی», «تأمیناجتماعی» → «تأمین اجتماعی»), and every prefix of those keys."""
    data = json.loads(DEFAULT_GAZETTEER.read_text(encoding="utf-8"))
    spellings: dict[str, str] = {}
    for org in data["organizations"]:
        for form in [org["name"], *org.get("variants", [])]:
            spellings.setdefault(fold(form), form)
    return spellings, _prefixes(spellings)


def canonical_role(role: str) -> str:
    """The role with each organization in it spelled one way: «مدیرکل تامین‌اجتماعی استان فارس» and
    «مدیرکل تأمین اجتماعی استان فارس» read the same. Only the spelling changes, never the words."""
    spellings, prefixes = _org_spellings()
    words = role.split()
    keys = [fold(word) for word in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        best, acc = -1, ""
        for j in range(i, len(words)):  # the longest organization name starting at word i
            acc += keys[j]
            if acc in spellings:
                best = j + 1
            if acc not in prefixes:
                break
        if best > 0:
            out.append(spellings["".join(keys[i:best])])
            i = best
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def find_people(text: str) -> list[Person]:
    """People named in `text` with their roles, de-duplicated by name, in order of first mention."""
    if not text or not isinstance(text, str):
        return []
    doc = _Doc(text)
    found, covered = _scan(doc)
    people = _merge_titled(found)
    covered.sort()
    _count_surnames(doc, people, covered)
    people += _lone_surnames(doc, people, covered)
    _fill_roles(doc, people, covered)
    people.sort(key=lambda e: e.first)
    for entry in people:
        if entry.person.role:
            entry.person.role = canonical_role(entry.person.role)
    return [entry.person for entry in people]
