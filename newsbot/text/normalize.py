"""Persian text normalization: hazm's Normalizer, numbers kept machine-readable, lost ZWNJs put back.

`normalize_text` unifies only what is the same letter or digit and repairs spacing; it keeps what the
outlet wrote: tanwin («مجدداً»), hamza («کنایهٔ», «تأمین»), «ۀ», «ة», diacritics, quotes and the outlet's own
spelling («تامین» or «تأمین»). What changes: Arabic ي/ى/ك → ی/ک and other regional letter forms and
presentation forms → the Persian letter (hazm's table), one digit script, spacing around punctuation,
«می» and plural «ها» joined with a ZWNJ (hazm's spacing rules), then `repair_zwnj`. Matching never reads
this text directly: it folds it first (`newsbot.text.fold`).

Digits: every number comes out in Persian digits (۰-۹) with its separators exactly as written and no
space inside: «10.5» → «۱۰.۵», «۱٬۲۰۰», «1,200» → «۱,۲۰۰», «۱۴۰۲/۰۴/۰۵», «۱۱:۵۰», «۵۰٪». One digit set
keeps the same press release identical across sites that type different digits; a reader of numbers
calls `to_ascii_digits` first. Digits inside Latin words and URLs («COVID-19», «https://…») and ASCII
digits glued to the end of a Persian word (the outlet name «مخاطب24») are left exactly as written. A
Persian-digit number glued to a word is split from it («بالای۷۳» → «بالای ۷۳»), as hazm does.

Paragraphs (separated by blank lines) come out separated by exactly one blank line; single line breaks
inside a paragraph are kept; lines are never joined.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from pathlib import Path

from hazm import Normalizer, WordTokenizer
from hazm.constants import (
    AFFIX_SPACING_PATTERNS,
    EXTRA_SPACE_PATTERNS,
    PUNCTUATION_SPACING_PATTERNS,
    SUFFIXES,
    TRANSLATION_DST,
    TRANSLATION_SRC,
)
from hazm.utils import maketrans

from newsbot.text.fold import DIGITS_TO_ASCII, fold_chars
from newsbot.text.lexicon import Lexicon, WordSet, lexicon
from newsbot.text.numbers import NUMBER_WORDS

ZWNJ = "\u200c"
DATA_DIR = Path(__file__).parent / "data"

# Arabic-script letters (no digits, no punctuation, no tatweel).
_LETTERS = "\u0620-\u063f\u0641-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\u06ee-\u06ef\u06fa-\u06fc\u06ff"
_LETTER = f"[{_LETTERS}]"
# Letters that never join the next one: a ZWNJ after them changes nothing on screen.
_NON_JOINING = frozenset("ءآأؤإادذرزژوۀة")

_TO_PERSIAN = str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩%", "۰۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹٪")

# Zero-width space and joiner, bidi controls, BOM: nothing to keep. Private-use characters go too: the
# number protection below uses them as placeholders.
_INVISIBLES = re.compile("[\u200b\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ue000-\uf8ff]")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")

_PROTECT = re.compile(
    r"(?P<url>(?:https?://|www\.)[^\s«»\"'<>]+[^\s«»\"'<>.,;:!?)،؛؟])"
    r"|(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    r"|(?P<latin>[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:[-_.'’/&+][A-Za-z0-9]+)*)"
    r"|(?P<number>(?:(?<![^\s(\[«])[-−+])?[0-9۰-۹٠-٩]+(?:[.,/:\-٫٬][0-9۰-۹٠-٩]+)*[%٪]?)"
)
# Every character a `_PROTECT` match can start with (URL, e-mail, Latin word, signed number): its own
# alternation gives the regex engine no first character to scan for, so it would try all four at every place
_PROTECT_START = re.compile(r"[A-Za-z0-9._%+\-−۰-۹٠-٩]")
_PLACEHOLDER_BASE = 0xE000
_PLACEHOLDER_MAX = 0xF8FF - _PLACEHOLDER_BASE
_PLACEHOLDER = re.compile("[\ue000-\uf8ff]")
_IS_LETTER = re.compile(_LETTER)
# Ordinals («۱۲ام», «۲۰مین») stay glued to their number; other words are split off («۷۳درصد»).
_ORDINAL = re.compile(f"(?:ام|امین|م|مین|ین)(?!{_LETTER})")
# Runs of ZWNJs made one, then a ZWNJ without a letter on both sides dropped (each pattern opens with the
# ZWNJ itself, so the regex engine jumps from one to the next)
_ZWNJ_RUN = re.compile(f"{ZWNJ}{ZWNJ}+")
_STRAY_ZWNJ = re.compile(f"{ZWNJ}(?:(?!{_LETTER})|(?<!{_LETTER}{ZWNJ}))")
# hazm's table of letter forms, less its quote marks: “” are the outlet's punctuation, not a variant letter.
_HAZM_PAIRS = [(s, d) for s, d in zip(TRANSLATION_SRC, TRANSLATION_DST, strict=True) if s not in "“”"]
_HAZM_TABLE = maketrans("".join(s for s, _ in _HAZM_PAIRS), "".join(d for _, d in _HAZM_PAIRS))
_HAZM_TRANSLATED = re.compile("[" + "".join(re.escape(c) for c in sorted({s for s, _ in _HAZM_PAIRS})) + "]")
# «می X» / «نمی X» at a word start: `(?<!\S)(ن?می) (X)` with the start test after the first letter, so the scan
# jumps between «ن» and «م» (the same matches and groups)
_MI_SPACE = re.compile(f"(ن(?<!\\S.)می|م(?<!\\S.)ی) ({_LETTER}+)")
# hazm's `seperate_mi` pattern `\bن?می[…]+`, rewritten the same way
_GLUED_MI = re.compile(r"(?:ن(?<!\w.)می|م(?<!\w.)ی)[آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی]+")
_RUN = re.compile(f"{_LETTER}+")
_RUN_SPLIT = re.compile(f"({_LETTER}+)")
# runs of spaces other than a line break, made one space: a lone space is left alone (replacing it by itself
# is the same text, and most spaces are lone)
_SPACES = re.compile(r"[^\S\n]{2,}|[^\S \n]")
_ODD_SPACE = re.compile(r"[^\S \n]")  # a space character other than the plain space and the line break

# hazm joins «یک میلیون» into «یک‌میلیون»: number words keep their space except in these compounds.
_NUMBER_WORDS = NUMBER_WORDS  # the one list, text/data/number_words.json
_NUMBER_COMPOUND_ENDS = ("شنبه", "گانه", "جانبه", "طرفه")

_HA_SUFFIXES = ("هایشان", "هایمان", "هایتان", "هایش", "هایم", "هایت", "هایی", "های", "ها")
_HEH_SUFFIXES = ("ایم", "اید", "اند", "ای", "ام", "اش")
_LEXICON_GLUED_SUFFIXES = ("ان", "ی")
_COMPARATIVE_SUFFIXES = ("ترین", "تر")
_COMPARATIVE_NEVER = frozenset({"بیش", "کم", "به", "مه", "که", "پیش", "کهن"})
# Second parts after which the glued spelling is common and correct: suffix-like words (-دار, -کار,
# -مند, -گر …) and surname endings (a person's own spelling). hazm's compounds with these are not used.
_GLUED_OK_ENDINGS = frozenset(
    "دار داری کار کاری مند مندی گر گری خر وار واره بان بانی گاه گاهی ستان زار کده ناک وش سان گین ور وری "
    "دان دانی چی مدار مداری بند کش کشی گو گوی گویی زاده پور نژاد نیا فر راد وند خانی آبادی لو".split()
)
# Glued endings that make a run an inflection of a word spelled glued («تنهاش» = تنها + ش).
_INFLECTIONS = ("ی", "یی", "ان", "ش", "م", "ت", "یم", "ید", "ند", "شان", "مان", "تان")
# A run that is a known word plus one of these is not a «می» verb («میدانی», «میگوی»).
_NOUN_ENDINGS = ("ی", "یی", "ان", "ها", "های", "هایی", "ش", "ای", "ام")
_VERB_ENDINGS = ("ایم", "اید", "اند", "ای", "ام")
_MIN_STEM = 3


def to_ascii_digits(text: str) -> str:
    """Persian (۰-۹) and Arabic-Indic (٠-٩) digits → ASCII 0-9; nothing else changes."""
    return text.translate(DIGITS_TO_ASCII)


def to_persian_digits(text: str) -> str:
    """ASCII and Arabic-Indic digits → Persian (۰-۹), «%» → «٪»: numbers as a Persian reader expects them."""
    return text.translate(_TO_PERSIAN)


def strip_zwnj_space(text: str) -> str:
    """Text without ZWNJs and whitespace, for comparing spellings that differ only in spacing."""
    return "".join(text.replace(ZWNJ, "").split())


class _Normalizer(Normalizer):
    """hazm's Normalizer without two joins that corrupt news text.

    Kept from hazm 0.12.1's `normalize`, `correct_spacing` and `token_spacing`, changed in two places: «می X»
    is joined only when «می‌X» is a verb (hazm joins «ماه می سال» to «می‌سال»), and a number word is not
    glued to the next word («یک میلیون» stays two words; «سه‌شنبه» still joins). `normalize` skips the
    digit conversion (our caller hides numbers first) and every step that changes what was written rather
    than how it is spaced: no diacritics removed, no «persian style» quotes, no repeated letters cut.
    """

    def __init__(self) -> None:
        # hazm's own set-up would load its word list twice and its verb table (about 250 MB of dictionaries):
        # the same look-ups come from newsbot.text.lexicon's compact sets instead
        super().__init__(correct_spacing=False, decrease_repeated_chars=False, seperate_mi=False)
        lex = lexicon()
        self._tokenizer = WordTokenizer(join_verb_parts=False, words_file=os.devnull)  # tokenize reads no words
        self._lexicon = lex
        self._verbs = lex.verbs  # hazm's seperate_mi reads it
        self._affix_patterns = _compiled([(p, r) for p, r in AFFIX_SPACING_PATTERNS if not p.startswith("(^| )(ن?می)")])

    def normalize(self, text: str) -> str:
        if _HAZM_TRANSLATED.search(text):
            text = _HAZM_TRANSLATED.sub(lambda m: _HAZM_TABLE[ord(m[0])], text)
        return self.seperate_mi(self.unicodes_replacement(self.correct_spacing(text)))

    @property
    def verbs(self) -> WordSet:
        return self._lexicon.verbs

    def correct_spacing(self, text: str) -> str:
        text = _replace(_EXTRA_SPACE, text)
        # hazm's WordTokenizer.tokenize of each line, its one pattern run once over the whole text (no match
        # holds a line break, so the lines split after it are the lines it would make one by one)
        pattern = _TOKEN_MARKS if self._tokenizer.pattern.pattern == _HAZM_TOKEN_MARKS else self._tokenizer.pattern
        spaced = pattern.sub(r" \1 ", text.replace("\t", " "))
        lines = []
        for line, tokens in zip(text.split("\n"), spaced.split("\n"), strict=True):
            if line.strip():
                line = " ".join(self.token_spacing([token for token in tokens.split(" ") if token]))
            lines.append(line)
        text = _replace(self._affix_patterns, "\n".join(lines))
        text = _MI_SPACE.sub(self._join_mi, text)
        return _replace(_PUNCTUATION_SPACING, text)

    def seperate_mi(self, text: str) -> str:
        """hazm's: a glued «میX» / «نمیX» gets its ZWNJ when «می‌X» is a verb form (the ZWNJ put in by slicing,
        not by a regex compiled per match)."""
        return _GLUED_MI.sub(self._separate_mi, text)

    def _separate_mi(self, match: re.Match[str]) -> str:
        word = match[0]
        cut = 3 if word.startswith("نمی") else 2
        joined = word[:cut] + ZWNJ + word[cut:]
        return joined if joined in self.verbs else word

    def _join_mi(self, match: re.Match[str]) -> str:
        joined = f"{match[1]}{ZWNJ}{match[2]}"
        return joined if joined in self.verbs else match[0]

    def token_spacing(self, tokens: list[str]) -> list[str]:
        lex = self._lexicon
        heads, verb_heads, attested = lex.zwnj_heads, lex.verb_heads, lex.zwnj_attested
        words, verbs = lex.words, self.verbs
        result: list[str] = []
        for t, token in enumerate(tokens):
            joined = False
            if result:
                left = result[-1]
                # hazm's «pair in verbs or pair in the words seen in its corpus», asked of small sets first: most
                # left words start no listed «X‌Y», and few start a verb form
                if left in heads and (
                    (pair := left + ZWNJ + token) in attested or (left in verb_heads and pair in verbs)
                ):
                    # leave the pair apart when the token starts a two-word verb with the next one
                    joined = not (t < len(tokens) - 1 and f"{token}_{tokens[t + 1]}" in verbs)
                elif token in SUFFIXES and left in words:
                    joined = True
                joined = joined and not _starts_number_compound(left, token)
            if joined:
                result[-1] = result[-1] + ZWNJ + token
            else:
                result.append(token)
        return result


_ANY_DIGIT = re.compile(r"\d")
# hazm's tokenizer pattern (a run of «؟!?», a run of digits, dots and colons, or one mark) rewritten to open
# with one character class, the run's kind told by a look-behind at its first character: the same matches
# and group, and the regex engine skips straight to the next mark instead of trying three branches
# everywhere (`WordTokenizer.pattern` is used as it is if hazm's ever differs)
_HAZM_TOKEN_MARKS = r'([؟!?]+|[\d.:]+|[:.،؛»\])}"«\[({/\\])'
_TOKEN_MARKS = re.compile(r'([؟!?\d.:،؛»\])}"«\[({/\\](?:(?<=[؟!?])[؟!?]*|(?<=[\d.:])[\d.:]*|))')
# What a text must hold for one of hazm's spacing patterns to match in it: a pattern is skipped on a text
# without it, which it would leave as it is (most texts have no double space, no tatweel, no digit left
# after `_protect`). Keyed by hazm's own pattern; a pattern not listed always runs.
_PATTERN_NEEDS: dict[str, Callable[[str], bool]] = {
    r"^ +| +$": lambda text: text.startswith(" ") or text.endswith((" ", " \n")),  # `$`: also before a last \n
    r" {2,}": lambda text: "  " in text,
    r"\n{3,}": lambda text: "\n\n\n" in text,
    r"\u200c{2,}": lambda text: ZWNJ in text,
    r"\u200c{1,} ": lambda text: ZWNJ in text,
    r" \u200c{1,}": lambda text: ZWNJ in text,
    r"\b\u200c*\B": lambda text: ZWNJ in text,  # an empty match would need \b and \B at one place
    r"\B\u200c*\b": lambda text: ZWNJ in text,
    r"[ـ\r]": lambda text: "ـ" in text or "\r" in text,
    r'" ([^\n"]+) "': lambda text: '"' in text,
    r"(\d)([آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی])": lambda text: _ANY_DIGIT.search(text) is not None,
    r"([آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی])(\d)": lambda text: _ANY_DIGIT.search(text) is not None,
}


# hazm patterns that open with an assertion or a negated class, rewritten to open with what they match
# first (a ZWNJ, a space, a bracket), so that the regex engine jumps between candidates instead of trying
# every position; each gives the same text (tests/test_normalize_shortcuts.py checks each against hazm's):
_PUNC_AFTER = r"\.:!،؛؟»\]\)\}"  # hazm's PUNC_AFTER
_PUNC = _PUNC_AFTER + r"«\[\(\{"  # hazm's PUNC_AFTER + PUNC_BEFORE
_EQUIVALENT: dict[str, tuple[str, str]] = {
    # \b before a ZWNJ run = a word character before it
    r"\b\u200c*\B": (r"\u200c(?<=\w\u200c)\u200c*\B", ""),
    # \B before a ZWNJ run = no word character before it (or the text's start)
    r"\B\u200c*\b": (r"\u200c(?<!\w\u200c)\u200c*\b", ""),
    # the space before «تر», «ها» …, the two characters before it checked after the space
    rf"(?<=[^\n\d {_PUNC}]{{2}}) (تر(ین?)?|گری?|های?)(?=[ \n{_PUNC}]|$)": (
        rf" (?<=[^\n\d {_PUNC}]{{2}} )(تر(ین?)?|گری?|های?)(?=[ \n{_PUNC}]|$)",
        "\u200c\\1",
    ),
    # a space before an opening bracket that follows a character other than a space or an opening bracket
    r"([^ «\[\(\{])([«\[\(\{])": (r"([«\[\(\{])(?<=[^ «\[\(\{].)", r" \1"),
    # «ه ی» and «ه ام», «ه اند» … after a character other than a space: the ZWNJ put in, the character checked behind
    r"([^ ]ه) ی ": (r"ه ی (?<=[^ ]ه ی )", "ه\u200cی "),
    rf"([^ ]ه) (ا(م|یم|ش|ند|ی|ید|ت))(?=[ \n{_PUNC_AFTER}]|$)": (
        rf"ه (?<=[^ ]ه )(ا(م|یم|ش|ند|ی|ید|ت))(?=[ \n{_PUNC_AFTER}]|$)",
        "ه\u200c\\1",
    ),
}


def _compiled(patterns: list[tuple[str, str]]) -> list[tuple[re.Pattern[str], str, Callable[[str], bool] | None]]:
    out = []
    for pattern, repl in patterns:
        faster, faster_repl = _EQUIVALENT.get(pattern, (pattern, repl))
        out.append((re.compile(faster), faster_repl, _PATTERN_NEEDS.get(pattern)))
    return out


def _replace(patterns: list[tuple[re.Pattern[str], str, Callable[[str], bool] | None]], text: str) -> str:
    """hazm's `regex_replace` with the patterns compiled once and those that cannot match skipped."""
    for pattern, repl, needs in patterns:
        if needs is None or needs(text):
            text = pattern.sub(repl, text)
    return text


_EXTRA_SPACE = _compiled(EXTRA_SPACE_PATTERNS)
_PUNCTUATION_SPACING = _compiled(PUNCTUATION_SPACING_PATTERNS)


def _starts_number_compound(left: str, right: str) -> bool:
    # True when joining would glue a number word to a noun («یک میلیون», «یک قدم»); «ده‌ها» may join.
    last = left.rsplit(ZWNJ, 1)[-1]
    return last in _NUMBER_WORDS and right != "ها" and not right.endswith(_NUMBER_COMPOUND_ENDS)


@cache
def _normalizer() -> _Normalizer:
    # hazm loads its word list and verb table here (about 1 s): once per process.
    return _Normalizer()


def normalize_text(text: str) -> str:
    """Normalize Persian text for storage and matching; see the module docstring for what changes."""
    text = _INVISIBLES.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(text.strip()) if p.strip()]
    if not paragraphs:
        return ""
    protected, tokens = _protect("\n\n".join(paragraphs))
    # Repair before restoring, so that URLs with Persian slugs are never touched.
    repaired = repair_zwnj(_normalizer().normalize(protected))
    restored = _PLACEHOLDER.sub(lambda m: tokens[ord(m[0]) - _PLACEHOLDER_BASE], repaired)
    return "\n\n".join(_tidy(p) for p in _PARAGRAPH_BREAK.split(restored) if p.strip())


def _protect(text: str) -> tuple[str, list[str]]:
    """Replace URLs, Latin words and numbers by private-use placeholders that hazm leaves alone."""
    tokens: list[str] = []

    def hide(match: re.Match[str]) -> str:
        if len(tokens) > _PLACEHOLDER_MAX:
            return match[0]
        token, before, after = _protected_form(match, text)
        tokens.append(token)
        return before + chr(_PLACEHOLDER_BASE + len(tokens) - 1) + after

    parts, last = [], 0
    for candidate in _PROTECT_START.finditer(text):  # `_PROTECT.sub(hide, text)`, trying only where a match can start
        at = candidate.start()
        if at >= last and (match := _PROTECT.match(text, at)) is not None:
            parts += (text[last:at], hide(match))
            last = match.end()
    parts.append(text[last:])
    return "".join(parts), tokens


def _protected_form(match: re.Match[str], text: str) -> tuple[str, str, str]:
    """The token to restore, and the spaces to put before and after it."""
    token, start, end = match[0], match.start(), match.end()
    if match.lastgroup != "number":
        return token, "", ""
    glued_before = start > 0 and _IS_LETTER.match(text[start - 1]) is not None
    if glued_before and token.isascii():
        return token, "", ""  # a name such as «مخاطب24»
    glued_after = _IS_LETTER.match(text, end) is not None and not _ORDINAL.match(text, end)
    persian = token.replace("−", "-").translate(_TO_PERSIAN)
    return persian, " " if glued_before else "", " " if glued_after else ""


def _tidy(paragraph: str) -> str:
    # one ZWNJ, and only between two letters: elsewhere it is a leftover that search and tokenizers trip on
    if ZWNJ in paragraph:
        paragraph = _STRAY_ZWNJ.sub("", _ZWNJ_RUN.sub(ZWNJ, paragraph))
    if "  " in paragraph or _ODD_SPACE.search(paragraph):
        paragraph = _SPACES.sub(" ", paragraph)
    lines = (line.strip() for line in paragraph.split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- ZWNJ repair


def repair_zwnj(text: str) -> str:
    """Put back the ZWNJs that copied text lost, where the repair is certainly right.

    Works word by word on runs of letters; a run is changed only when one of these holds, and never
    when the glued run is itself a known word or listed in data/zwnj_keep.txt:
    a compound from data/zwnj_compounds.txt or hazm's lexicon («تأمیناجتماعی», «گفتوگو»), optionally
    with a plural or «ان/ی» suffix; a verb form in hazm's verb table («میکرد», «توانستهایم»); a plural
    «ها/های…» or «ای/ام/اش/ایم/اید/اند» after a known word («استانها», «بیمهای»); «تر/ترین» after an
    adjective («تخصصیترین»). A ZWNJ that is already there is never removed.
    """
    parts = _RUN_SPLIT.split(text)  # text, run, text, run, …, text
    parts[1::2] = map(_repair_word, parts[1::2])
    return "".join(parts)


def zwnj_repairs(text: str) -> list[tuple[str, str]]:
    """The (before, after) pairs `repair_zwnj` would make in `text`, in order."""
    pairs = ((run, _repair_word(run)) for run in _RUN.findall(text))
    return [(before, after) for before, after in pairs if before != after]


@lru_cache(maxsize=1 << 16)
def _repair_word(word: str) -> str:
    key = fold_chars(word)
    data = _zwnj_data()
    if len(key) < 4 or key in data.keep or data.is_word(key):
        return word  # a word seen glued in hazm's corpus is never split, whatever the rule
    for rule in _RULES:
        cuts = rule(key, data)
        if cuts:
            return _insert_zwnj(word, cuts)
    return word


def _insert_zwnj(word: str, cuts: Iterable[int]) -> str:
    parts, last = [], 0
    for cut in sorted(set(cuts)):
        parts.append(word[last:cut])
        last = cut
    parts.append(word[last:])
    return ZWNJ.join(parts)


class _ZwnjData:
    """Look-up tables for the repair, built once from hazm's lexicon and our data files."""

    def __init__(self, lex: Lexicon) -> None:
        self.verbs = lex.verbs
        self.known = lex.known  # glued spellings hazm lists (some only as variants, count 0)
        self.attested = lex.known_attested  # those seen in hazm's corpus
        self.adjectives = lex.adjectives
        self.keep = frozenset(fold_chars(w) for w in _read_lines("zwnj_keep.txt"))
        self.compounds: dict[str, tuple[tuple[int, ...], bool]] = {}
        for word in lex.zwnj_words:
            self._add_compound(word, ours=False)
        for word in _read_lines("zwnj_compounds.txt"):
            self._add_compound(word, ours=True)

    def _add_compound(self, word: str, ours: bool) -> None:
        parts = [fold_chars(part) for part in word.split(ZWNJ)]
        if any(not p for p in parts) or _starts_number_compound(parts[0], parts[1]):
            return
        if not ours and parts[-1] in _GLUED_OK_ENDINGS:
            return  # «مالخر», «سیاستمدار», «حسنزاده»: written glued as often as not
        if all(p[-1] in _NON_JOINING for p in parts[:-1]):
            return  # the ZWNJ is invisible there: nothing was lost
        key = "".join(parts)
        # hazm's list also holds variant spellings with count 0 («میشود»): only ours may override those.
        if key in self.attested or (not ours and key in self.known):
            return
        offsets, total = [], 0
        for part in parts[:-1]:
            total += len(part)
            offsets.append(total)
        self.compounds[key] = (tuple(offsets), ours)

    def is_word(self, key: str) -> bool:
        return key in self.attested

    def glued_is_known(self, key: str, attested: bool = False) -> bool:
        """True when the run, or the run minus an inflection, is a word spelled glued («تنهای»).

        With `attested`, only words seen in hazm's corpus count, not its listed variant spellings
        («بینظیر» is listed with count 0 beside «بی‌نظیر»).
        """
        stems = [key] + [key[: -len(s)] for s in _INFLECTIONS if key.endswith(s)]
        if attested:
            return any(self.is_word(stem) or stem in self.keep for stem in stems)
        return any(stem in self.known or stem in self.keep for stem in stems)


def _read_lines(name: str) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in (DATA_DIR / name).read_text("utf-8").splitlines())
    return [line for line in lines if line]


@cache
def _zwnj_data() -> _ZwnjData:
    return _ZwnjData(lexicon())


def _by_compound(key: str, data: _ZwnjData) -> tuple[int, ...]:
    found = data.compounds.get(key)
    if found:
        return () if data.glued_is_known(key, attested=found[1]) else found[0]
    for suffix in _HA_SUFFIXES + _LEXICON_GLUED_SUFFIXES:
        stem = key[: -len(suffix)]
        found = data.compounds.get(stem) if key.endswith(suffix) else None
        if not found or data.glued_is_known(key, attested=found[1]):
            continue
        if suffix in _HA_SUFFIXES:
            return found[0] + ((len(stem),) if stem[-1] not in _NON_JOINING else ())
        if stem[-1] not in "هیاو":
            return found[0]
    return ()


def _by_verb(key: str, data: _ZwnjData) -> tuple[int, ...]:
    if not key.startswith(("می", "نمی")) and not key.endswith(_VERB_ENDINGS):
        return ()
    prefix = 3 if key.startswith("نمی") else 2 if key.startswith("می") else 0
    if any(key.endswith(s) and data.is_word(key[: -len(s)]) for s in _NOUN_ENDINGS):
        prefix = 0  # «میدانی» (میدان + ی), «میگوی»: a noun, maybe not a verb
    ending = next((len(key) - len(e) for e in _VERB_ENDINGS if key.endswith("ه" + e)), 0)
    if any(key.endswith(s) and data.is_word(key[: -len(s)]) for s in _HA_SUFFIXES):
        ending = 0  # «نهادهای» is نهاد + های, not نهاده + ای
    candidates = [(prefix, ending), (prefix,), (ending,)]
    for cuts in candidates:
        cuts = tuple(c for c in cuts if 2 <= c <= len(key) - 2)
        if cuts and _insert_zwnj(key, cuts) in data.verbs:
            return cuts
    return ()


def _by_suffix(key: str, data: _ZwnjData) -> tuple[int, ...]:
    if data.glued_is_known(key):
        return ()
    for suffix in _HA_SUFFIXES:
        stem = key[: -len(suffix)]
        if not key.endswith(suffix) or len(stem) < 2:
            continue
        # «هها» is always two morphemes (hazm splits it unconditionally); elsewhere the stem must be a word
        if stem.endswith("ه") or (_good_stem(stem, data) and stem[-1] not in _NON_JOINING):
            return (len(stem),)
    if any(key.endswith(s) and data.is_word(key[: -len(s)]) for s in _HA_SUFFIXES):
        return ()  # «سفرهای» is سفر + های (trips), not سفره + ای
    for suffix in _HEH_SUFFIXES:
        stem = key[: -len(suffix)]
        if key.endswith(suffix) and stem.endswith("ه") and _good_stem(stem, data):
            return (len(stem),)
    return ()


def _by_comparative(key: str, data: _ZwnjData) -> tuple[int, ...]:
    if data.glued_is_known(key):
        return ()
    for suffix in _COMPARATIVE_SUFFIXES:
        stem = key[: -len(suffix)]
        if not key.endswith(suffix) or stem in _COMPARATIVE_NEVER or len(stem) < _MIN_STEM:
            continue
        derived = stem.endswith("ی") and data.is_word(stem[:-1])  # «تخصصی» from «تخصص»
        if stem[-1] not in _NON_JOINING and (stem in data.adjectives or derived):
            return (len(stem),)
    return ()


def _good_stem(stem: str, data: _ZwnjData) -> bool:
    return len(stem) >= _MIN_STEM and stem not in data.keep and data.is_word(stem)


_RULES: tuple[Callable[[str, _ZwnjData], tuple[int, ...]], ...] = (
    _by_compound,
    _by_verb,
    _by_suffix,
    _by_comparative,
)
