"""The issuer registry: Chinese government bodies, their short forms, former names and 文号 prefixes.

Data lives in ``extractor/data``: ``agencies.tsv`` (bodies listed one by one), ``regions.tsv`` x
``local_templates.tsv`` (provincial and municipal bodies that follow a common pattern, expanded here) and
``docnumber_prefixes.tsv`` (机关代字 -> issuers). Everything is loaded lazily, once (:func:`load_registry`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

__all__ = [
    "Agency",
    "PrefixEntry",
    "Region",
    "Registry",
    "load_registry",
    "registry_patterns",
]

LEVELS = ("national", "provincial", "municipal", "county")

# A match of a national body's *short* form right after one of these is a local body's name
# (市卫健委, 省发展改革委, 县气象局): not the national body.
_LOCAL_MARKERS = frozenset("省市县区州旗盟")
# Official national names start like this; their matches need no guard.
_NATIONAL_STARTS = ("国家", "国务院", "中国", "中华人民共和国", "中共", "中央", "全国")
# 中华人民共和国 + canonical is a valid surface form for these kinds.
_PRC_KINDS = frozenset({"ministry", "special", "directly_affiliated", "national_bureau", "office"})

_END = ""  # trie terminal key (no character of the text is the empty string)


@dataclass(frozen=True)
class Agency:
    """A government or party body."""

    canonical: str
    aliases: tuple[str, ...]
    level: str  # national / provincial / municipal / county
    region: str | None  # None for national; "浙江省", "广东省深圳市"
    parent: str | None
    valid_from: int | None  # first year (inclusive), None = long-standing
    valid_to: int | None  # last year (inclusive), None = still in place
    successor: str | None
    kind: str

    def valid_in(self, year: int) -> bool:
        """True when the body existed (under this name) in ``year``."""
        return (self.valid_from is None or self.valid_from <= year) and (
            self.valid_to is None or year <= self.valid_to
        )

    @property
    def surfaces(self) -> tuple[str, ...]:
        """The canonical name and every alias, without duplicates."""
        return tuple(dict.fromkeys((self.canonical, *self.aliases)))


@dataclass(frozen=True)
class Region:
    """A province-level division or a city (regions.tsv)."""

    name: str  # 浙江省, 深圳市
    short: str  # 浙江, 深圳
    abbr: str  # 浙, 深
    level: str  # provincial / municipal
    province: str  # the province (itself for provinces)
    type: str  # province / municipality / autonomous_region / sub_provincial / capital / prefecture
    office: str  # 办公厅 / 办公室

    @property
    def full(self) -> str:
        """The region string used in results: 浙江省, 广东省深圳市."""
        return self.name if self.level == "provincial" else self.province + self.name


@dataclass(frozen=True)
class PrefixEntry:
    """One 机关代字 of docnumber_prefixes.tsv."""

    prefix: str
    candidates: tuple[str, ...]  # canonical names
    root: bool  # may match as the start of a longer 代字
    note: str


def _read_tsv(name: str) -> list[dict[str, str]]:
    text = files("extractor").joinpath(f"data/{name}").read_text(encoding="utf-8")
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, cells, strict=False)))
    return rows


def _int_or_none(s: str) -> int | None:
    s = s.strip()
    return int(s) if s else None


def _split(s: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in s.split("|") if x.strip())


class Registry:
    """Lookup structures over the registry data. Build it with :func:`load_registry`."""

    def __init__(
        self, agencies: Sequence[Agency], regions: Sequence[Region], prefixes: Sequence[PrefixEntry]
    ) -> None:
        self.agencies: tuple[Agency, ...] = tuple(agencies)
        self.regions: tuple[Region, ...] = tuple(regions)
        self._by_canonical: dict[str, Agency] = {}
        for a in self.agencies:
            self._by_canonical.setdefault(a.canonical, a)
        self._by_surface: dict[str, list[Agency]] = {}
        for a in self.agencies:
            for s in self._surfaces_of(a):
                bucket = self._by_surface.setdefault(s, [])
                if a not in bucket:
                    bucket.append(a)
        self._trie: dict[str, object] = {}
        for s in self._by_surface:
            node: dict[str, object] = self._trie
            for ch in s:
                nxt = node.get(ch)
                if not isinstance(nxt, dict):
                    nxt = {}
                    node[ch] = nxt
                node = nxt
            node[_END] = s
        self._prefixes: dict[str, PrefixEntry] = {p.prefix: p for p in prefixes}
        self._region_by_name: dict[str, list[Region]] = {}
        for r in self.regions:
            for form in dict.fromkeys((r.name, r.short)):
                self._region_by_name.setdefault(form, []).append(r)
        names = sorted(self._region_by_name, key=len, reverse=True)
        self._region_re = re.compile("|".join(re.escape(n) for n in names))
        self._region_tail_re = re.compile("(?:" + "|".join(re.escape(n) for n in names) + ")$")
        self._region_abbrs = frozenset(r.abbr for r in self.regions)
        # the most specific region row of each region name an agency may carry (see region_of)
        self._region_of: dict[str, Region] = {}
        for r in self.regions:
            if r.full not in self._region_of or r.level == "municipal":
                self._region_of[r.full] = r

    # ----------------------------------------------------------------- names
    @staticmethod
    def _surfaces_of(a: Agency) -> tuple[str, ...]:
        forms = list(a.surfaces)
        if a.level == "national" and a.kind in _PRC_KINDS and not a.canonical.startswith(_NATIONAL_STARTS):
            forms.append("中华人民共和国" + a.canonical)
        return tuple(dict.fromkeys(forms))

    def get(self, canonical: str) -> Agency | None:
        """The body with this canonical name."""
        return self._by_canonical.get(canonical)

    def candidates(self, name: str) -> list[Agency]:
        """Every body that has ``name`` as canonical name or alias."""
        return list(self._by_surface.get(name.strip(), ()))

    def lookup(self, name: str, *, year: int | None = None) -> Agency | None:
        """The body named ``name`` (canonical or alias); ``year`` picks among bodies sharing a short form."""
        return self.pick(self.candidates(name), year=year)

    def names(self) -> list[tuple[str, Agency]]:
        """Every surface form with its body (the first when shared), longest first."""
        out = [(s, bodies[0]) for s, bodies in self._by_surface.items()]
        out.sort(key=lambda x: (-len(x[0]), x[0]))
        return out

    # ----------------------------------------------------------------- choice
    def pick(
        self, candidates: Sequence[Agency], *, year: int | None = None, context: str | None = None
    ) -> Agency | None:
        """Choose one of several candidate bodies.

        By year first (bodies that existed then; among several, the newest), then by the region most often
        named in ``context`` (the document), then the first candidate.
        """
        if not candidates:
            return None
        pool = list(candidates)
        if year is not None:
            valid = [a for a in pool if a.valid_in(year)]
            if valid:
                pool = valid
            else:  # nearest in time
                pool = [min(pool, key=lambda a: _distance(a, year))]
        if len(pool) > 1 and context:
            scored = [(self._region_score(a, context), i, a) for i, a in enumerate(pool)]
            best = max(s for s, _, _ in scored)
            if best > 0:
                pool = [a for s, _, a in scored if s == best]
        if len(pool) > 1 and year is not None:
            pool.sort(key=lambda a: -(a.valid_from or 0))
        elif len(pool) > 1:
            current = [a for a in pool if a.valid_to is None]
            if current:
                pool = current
        return pool[0]

    def _region_score(self, a: Agency, context: str) -> int:
        if a.region is None:
            return 0
        r = self.region_of(a)
        if r is None:
            return 0
        forms = {r.name, r.short}
        return sum(context.count(f) for f in forms)

    def region_of(self, a: Agency) -> Region | None:
        """The most specific region row of a local body."""
        return None if a.region is None else self._region_of.get(a.region)

    # ----------------------------------------------------------------- matching
    def find_all(self, text: str, *, year: int | None = None) -> list[tuple[int, int, Agency]]:
        """Leftmost-longest, non-overlapping matches of every surface form (a trie walk: linear-ish).

        A national body's short form right after a local marker (省/市/县/区 …) or a region name, or a
        form ending in 部 followed by 门 (卫生部门, 教育部门), is not a match.
        """
        out: list[tuple[int, int, Agency]] = []
        trie = self._trie
        n = len(text)
        i = 0
        while i < n:
            node = trie.get(text[i])
            if not isinstance(node, dict):
                i += 1
                continue
            best: str | None = None
            j = i + 1
            cur: dict[str, object] = node
            while True:
                term = cur.get(_END)
                if isinstance(term, str):
                    best = term
                if j >= n:
                    break
                nxt = cur.get(text[j])
                if not isinstance(nxt, dict):
                    break
                cur = nxt
                j += 1
            if best is None:
                i += 1
                continue
            end = i + len(best)
            agency = self.lookup(best, year=year)
            if agency is None or not self._accept(text, i, end, best, agency):
                i += 1
                continue
            out.append((i, end, agency))
            i = end
        return out

    def _accept(self, text: str, start: int, end: int, surface: str, agency: Agency) -> bool:
        if surface.endswith("部") and end < len(text) and text[end] == "门":
            return False
        if agency.level != "national" or surface.startswith(_NATIONAL_STARTS):
            return True
        if start > 0 and text[start - 1] in _LOCAL_MARKERS:
            return False
        return not (start > 0 and self._region_tail_re.search(text, max(0, start - 8), start))

    # ----------------------------------------------------------------- regions
    def find_regions(self, text: str) -> list[tuple[int, int, Region]]:
        """Mentions of provinces and covered cities (full or short name); a shared name gives each region."""
        out: list[tuple[int, int, Region]] = []
        for m in self._region_re.finditer(text):
            for r in self._region_by_name[m.group()]:
                out.append((m.start(), m.end(), r))
        return out

    @property
    def region_abbrs(self) -> frozenset[str]:
        """The one-character abbreviations of provinces and cities (浙, 粤, 穗 …)."""
        return self._region_abbrs

    def region(self, name: str) -> Region | None:
        """The region with this full or short name (a province before a city of the same name)."""
        rs = self._region_by_name.get(name)
        return rs[0] if rs else None

    def lookup_in_region(
        self, name: str, *, regions: Iterable[Region], year: int | None = None
    ) -> Agency | None:
        """Resolve a short local form (省政府办公厅, 市卫健委, 自治区人民政府) against the document's regions."""
        name = name.strip()
        for r in regions:
            for marker in ("自治区", "省", "市"):
                if not name.startswith(marker):
                    continue
                if marker == "市" and r.type not in (
                    "municipality",
                    "sub_provincial",
                    "capital",
                    "prefecture",
                ):
                    continue
                if marker == "省" and r.type != "province":
                    continue
                if marker == "自治区" and r.type != "autonomous_region":
                    continue
                a = self.lookup(r.name + name[len(marker) :], year=year)
                if a is not None:
                    return a
        return None

    # ----------------------------------------------------------------- 文号 prefixes
    def prefix_entry(self, code: str) -> tuple[PrefixEntry | None, bool]:
        """The table row for a 机关代字 (exact, then without 联, then by the longest root), and whether
        the 代字 marks joint issuance (contains 联)."""
        code = re.sub(r"\s+", "", code)
        joint = "联" in code
        tries = [code]
        if joint:
            tries.append(code.replace("联", ""))
        for c in tries:
            e = self._prefixes.get(c)
            if e is not None:
                return e, joint
        for c in tries:
            for k in range(len(c) - 1, 0, -1):
                e = self._prefixes.get(c[:k])
                if e is not None and e.root:
                    return e, joint
        return None, joint

    def docnumber_prefix(self, code: str) -> list[Agency]:
        """Candidate issuers (the lead, for a joint 代字) of a 机关代字 such as 国办发, 工信部联信软, 汕府."""
        entry, _ = self.prefix_entry(code)
        if entry is None:
            return []
        return [a for c in entry.candidates if (a := self.get(c)) is not None]

    def is_known_prefix(self, code: str) -> bool:
        """True when ``code`` is a listed 代字 (exactly, or without 联)."""
        return code in self._prefixes or code.replace("联", "") in self._prefixes

    def prefixes(self) -> list[PrefixEntry]:
        return list(self._prefixes.values())


def _distance(a: Agency, year: int) -> int:
    if a.valid_from is not None and year < a.valid_from:
        return a.valid_from - year
    if a.valid_to is not None and year > a.valid_to:
        return year - a.valid_to
    return 0


def _expand(template: str, r: Region, office: str | None = None) -> str:
    office = office or r.office.split("|")[0]
    return template.replace("{R}", r.name).replace("{S}", r.short).replace("{O}", office)


def _alias_fits(template: str, r: Region) -> bool:
    if "{S}省" in template:
        return r.type == "province"
    if "{S}自治区" in template:
        return r.type == "autonomous_region"
    if "{S}市" in template:
        return r.level == "municipal"
    return True


def _generated(regions: Sequence[Region]) -> list[Agency]:
    out: list[Agency] = []
    for row in _read_tsv("local_templates.tsv"):
        types = set(_split(row["applies_to"]))
        for r in regions:
            if r.type not in types:
                continue
            offices = _split(r.office) if "{O}" in row["name"] else (None,)
            for office in offices:
                canonical = _expand(row["name"], r, office)
                gov = r.name + "人民政府"
                aliases = tuple(
                    dict.fromkeys(
                        a
                        for t in _split(row["aliases"])
                        if _alias_fits(t, r) and (a := _expand(t, r, office)) != canonical
                    )
                )
                out.append(
                    Agency(
                        canonical=canonical,
                        aliases=aliases,
                        level=r.level,
                        region=r.full,
                        parent=None if canonical == gov else gov,
                        valid_from=_int_or_none(row["valid_from"]),
                        valid_to=_int_or_none(row["valid_to"]),
                        successor=_expand(row["successor"], r) or None,
                        kind=f"{r.level}_{row['kind']}",
                    )
                )
    return out


def _national_offices(agencies: Sequence[Agency]) -> list[Agency]:
    by_name = {a.canonical: a for a in agencies}
    rows = _read_tsv("national_offices.tsv")
    offices = {r["parent"]: r["office"] for r in rows}
    out: list[Agency] = []
    for parent_name, office in offices.items():
        p = by_name.get(parent_name)
        if p is None:
            continue
        successor = None
        if p.successor is not None and p.successor in offices:
            successor = p.successor + offices[p.successor]
        out.append(
            Agency(
                canonical=p.canonical + office,
                aliases=tuple(a + office for a in p.aliases),
                level=p.level,
                region=p.region,
                parent=p.canonical,
                valid_from=p.valid_from,
                valid_to=p.valid_to,
                successor=successor,
                kind="national_office",
            )
        )
    return out


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    """The registry built from the data files (cached: built once per process)."""
    regions = [
        Region(
            name=r["name"],
            short=r["short"],
            abbr=r["abbr"],
            level=r["level"],
            province=r["province"],
            type=r["type"],
            office=r["office"],
        )
        for r in _read_tsv("regions.tsv")
    ]
    agencies: list[Agency] = []
    for row in _read_tsv("agencies.tsv"):
        agencies.append(
            Agency(
                canonical=row["canonical"],
                aliases=_split(row["aliases"]),
                level=row["level"],
                region=row["region"] or None,
                parent=row["parent"] or None,
                valid_from=_int_or_none(row["valid_from"]),
                valid_to=_int_or_none(row["valid_to"]),
                successor=row["successor"] or None,
                kind=row["kind"],
            )
        )
    agencies += _national_offices(agencies)
    explicit = {a.canonical for a in agencies}
    agencies += [a for a in _generated(regions) if a.canonical not in explicit]
    prefixes = [
        PrefixEntry(
            prefix=row["prefix"],
            candidates=_split(row["issuers"]),
            root=row["root"].strip() == "1",
            note=row["note"],
        )
        for row in _read_tsv("docnumber_prefixes.tsv")
    ]
    return Registry(agencies, regions, prefixes)


def registry_patterns() -> list[dict[str, str]]:
    """spaCy EntityRuler patterns: one per surface form, label ORG, id = canonical name."""
    return [{"label": "ORG", "pattern": s, "id": a.canonical} for s, a in load_registry().names()]
