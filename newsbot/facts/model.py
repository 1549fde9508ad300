"""Plain records the fact extractors return; `to_dict` gives the JSON shape of SCHEMA.md."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Fact:
    type: str  # percent | count | money | duration | age | length | area | weight | volume | power | speed
    value: float | int
    text: str  # the figure's words as they stand in the text
    sentence: str = ""
    unit: str | None = None  # counted noun in its base form, or the measuring unit
    currency: str | None = None  # IRT | IRR | USD | EUR, money only; None when no currency word is written
    qualifier: str = "exact"  # exact | about | over | under
    range: str | None = None  # "from" / "to" for the two ends of «۱۰ تا ۱۵ درصد»
    subject: str | None = None  # the noun phrase the figure counts or measures, as written
    province: str | None = None  # the province its sentence ties it to
    where: list[str] = field(default_factory=list)  # title | lead | body, each zone it is said in
    mentions: int = 1  # times the same figure is said in the article
    start: int = -1  # character offset in the text it was read from
    end: int = -1

    def to_dict(self) -> dict:
        """The fields in order, as `dataclasses.asdict` gives them (without its recursive copy), less the
        offsets, and less `range` when it is None."""
        out = {
            "type": self.type,
            "value": self.value,
            "text": self.text,
            "sentence": self.sentence,
            "unit": self.unit,
            "currency": self.currency,
            "qualifier": self.qualifier,
        }
        if self.range is not None:
            out["range"] = self.range
        out["subject"], out["province"] = self.subject, self.province
        out["where"], out["mentions"] = list(self.where), self.mentions
        return out


@dataclass(slots=True)
class Person:
    name: str
    role: str | None = None
    honorific: str | None = None
    mentions: int = 1

    def to_dict(self) -> dict:
        return {"name": self.name, "role": self.role, "honorific": self.honorific}


@dataclass(slots=True)
class Place:
    name: str
    kind: str  # province | county | city
    province: str | None = None
    mentions: int = 1

    def to_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "province": self.province}


@dataclass(slots=True)
class Relevance:
    score: float
    tier: str = "none"  # about | subsidiary | mention | none
    matched: list[dict] = field(default_factory=list)  # {"text": as written, "name": canonical}
    near_misses: list[str] = field(default_factory=list)
    relevant: bool = False  # the tier is one the crawl emits (NEWSBOT_EMIT_TIERS)

    def to_dict(self) -> dict:
        return {"score": round(self.score, 3), "tier": self.tier, "matched": self.matched, "relevant": self.relevant}
