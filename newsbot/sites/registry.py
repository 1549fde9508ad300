"""Load site definitions (TOML) and merge each onto its CMS family's defaults."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from newsbot.sites.model import FIELDS, Layout, Listing, SiteDef

HERE = Path(__file__).parent
FAMILIES = HERE / "families"
DEFS = HERE / "defs"


class SiteDefinitionError(ValueError):
    """A site file is missing a key or holds a value of the wrong shape."""


@cache
def _family(name: str) -> dict:
    path = FAMILIES / f"{name}.toml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in FAMILIES.glob("*.toml")))
        raise SiteDefinitionError(f"unknown CMS family {name!r} (known: {known})")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _merge_selectors(base: dict, override: dict) -> dict[str, list[str]]:
    out = {k: list(v) for k, v in base.items()}
    for key, value in override.items():
        out[key] = [value] if isinstance(value, str) else list(value)
    return out


def load_site_file(path: str | Path) -> SiteDef:
    """Read one site definition and fill what it leaves out from its family."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SiteDefinitionError(f"{path}: {exc}") from exc
    for required in ("key", "name"):
        if required not in raw:
            raise SiteDefinitionError(f"{path}: missing required key {required!r}")
    family = _family(raw.get("family", "generic"))
    fam_sel = family.get("selectors", {})
    site_sel = raw.get("selectors", {})
    unknown = set(site_sel) - set(FIELDS) - {"drop", "drop_after", "drop_lines"}
    if unknown:
        raise SiteDefinitionError(f"{path}: unknown selector field(s) {sorted(unknown)}; known: {FIELDS}")
    selectors = _merge_selectors(
        {k: v for k, v in fam_sel.items() if k in FIELDS}, {k: v for k, v in site_sel.items() if k in FIELDS}
    )
    disc = raw.get("discovery", {})

    def pick(name: str) -> list[str]:
        # a site's drop rules add to its family's rather than replace them
        return list(fam_sel.get(name, [])) + list(site_sel.get(name, []))

    def layout_base(lay: dict) -> dict[str, list[str]]:
        # a layout may borrow another CMS family's selectors (one site, several templates)
        if "family" in lay:
            return {k: v for k, v in _family(lay["family"]).get("selectors", {}).items() if k in FIELDS}
        return selectors

    def layout_drops(lay: dict, name: str) -> list[str]:
        borrowed = _family(lay["family"]).get("selectors", {}).get(name, []) if "family" in lay else []
        return pick(name) + [x for x in borrowed if x not in pick(name)] + list(lay.get("selectors", {}).get(name, []))

    layouts = [
        Layout(
            name=str(lay["name"]),
            selectors=_merge_selectors(
                layout_base(lay), {k: v for k, v in lay.get("selectors", {}).items() if k in FIELDS}
            ),
            when=lay.get("when"),
            verified=bool(lay.get("verified", False)),
            drop=layout_drops(lay, "drop"),
            drop_after=layout_drops(lay, "drop_after"),
            drop_lines=layout_drops(lay, "drop_lines"),
        )
        for lay in raw.get("layouts", [])
    ]
    return SiteDef(
        key=raw["key"],
        name=raw["name"],
        family=family.get("family", "generic"),
        domains=list(raw.get("domains", [])),
        scheme=raw.get("scheme", "https"),
        verified=bool(raw.get("verified", False)),
        verified_note=raw.get("verified_note", ""),
        generic_ok=bool(raw.get("generic_ok", False)),
        feeds=list(disc.get("feeds", [])),
        sitemaps=list(disc.get("sitemaps", [])),
        listings=[Listing(url=x["url"], pages=int(x.get("pages", 1))) for x in disc.get("listings", [])],
        search=list(disc.get("search", [])),
        article_url=list(raw.get("article_url", family.get("article_url", []))),
        skip_url=list(family.get("skip_url", [])) + list(raw.get("skip_url", [])),
        selectors=selectors,
        own_selectors={k: [v] if isinstance(v, str) else list(v) for k, v in site_sel.items() if k in FIELDS},
        drop=pick("drop"),
        drop_after=pick("drop_after"),
        drop_lines=pick("drop_lines"),
        layouts=layouts,
        source_file=str(path),
    )


@cache
def all_sites() -> dict[str, SiteDef]:
    """Every site under defs/, by key; a duplicate key is an error, not a silent overwrite."""
    sites: dict[str, SiteDef] = {}
    for path in sorted(DEFS.glob("*.toml")):
        site = load_site_file(path)
        if site.key in sites:
            raise SiteDefinitionError(f"{path}: site key {site.key!r} also defined in {sites[site.key].source_file}")
        sites[site.key] = site
    return sites


def generic_site(key: str = "generic", domains: list[str] | None = None) -> SiteDef:
    """A definition with no site selectors: the generic family's common CMS rules, a CMS family recognised
    by its fingerprint, JSON-LD and meta, and trafilatura when nothing else holds."""
    fam = _family("generic")
    rules = fam.get("selectors", {})
    return SiteDef(
        key=key,
        name="",
        family="generic",
        domains=domains or [],
        skip_url=list(fam["skip_url"]),
        selectors={k: list(v) for k, v in rules.items() if k in FIELDS},
        drop=list(rules.get("drop", [])),
        drop_after=list(rules.get("drop_after", [])),
        drop_lines=list(rules.get("drop_lines", [])),
    )


# CMS families a page can be recognised by (their `fingerprint`), most specific first
DETECTABLE_FAMILIES = ("nastooh", "asam", "sepehr")


@dataclass(frozen=True)
class FamilyRules:
    name: str
    fingerprint: str
    selectors: dict[str, list[str]]
    drop: list[str]
    drop_after: list[str]
    drop_lines: list[str]


@cache
def family_rules(name: str) -> FamilyRules:
    """One CMS family's selectors and chrome rules, as its file gives them."""
    fam = _family(name)
    sel = fam.get("selectors", {})
    return FamilyRules(
        name=name,
        fingerprint=fam.get("fingerprint", ""),
        selectors={k: [v] if isinstance(v, str) else list(v) for k, v in sel.items() if k in FIELDS},
        drop=list(sel.get("drop", [])),
        drop_after=list(sel.get("drop_after", [])),
        drop_lines=list(sel.get("drop_lines", [])),
    )


def get_site(key: str) -> SiteDef:
    sites = all_sites()
    if key not in sites:
        raise KeyError(f"no site definition {key!r}; known: {', '.join(sorted(sites))}")
    return sites[key]
