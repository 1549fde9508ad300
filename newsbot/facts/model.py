"""Plain records the fact extractors return; `to_dict` gives the JSON shape of SCHEMA.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(slots=True)
class Fact:
    type: str  # percent | count | money | duration
    value: float | int
    text: str  # the figure's words as they stand in the text
    sentence: str = ""
    unit: str | None = None
    currency: str | None = None  # IRT | IRR, money only
    qualifier: str = "exact"  # exact | about | over | under
    range: str | None = None  # "from" / "to" for the two ends of «۱۰ تا ۱۵ درصد»
    start: int = -1  # character offset in the text it was read from
    end: int = -1

    def to_dict(self) -> dict:
        out = asdict(self)
        for key in ("start", "end"):
            out.pop(key)
        if out["range"] is None:
            out.pop("range")
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
    matched: list[str] = field(default_factory=list)
    near_misses: list[str] = field(default_factory=list)
    relevant: bool = False

    def to_dict(self) -> dict:
        return {"score": round(self.score, 3), "matched": self.matched, "relevant": self.relevant}
