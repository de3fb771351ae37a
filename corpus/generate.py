"""Compose complete, era-true 公文 from the hand-written paragraph pool, with gold labels.

    python corpus/generate.py --corpus corpus --out corpus/build/generated --n 300 --seed 7

Reads corpus/pool/*.jsonl (format: corpus/pool/FORMAT.md) and corpus/gen/issuers.tsv; writes a corpus of
its own, OUT/docs/gen-NNNN.txt and OUT/labels/gen.jsonl (replacing earlier generated documents). Its
documents are *not* part of the shipped corpus: a classifier tells them from written ones (ROC AUC 0.9997,
evaluation/origin_probe.py), so the model is trained on hand-written documents only; the generator stays
for augmentation experiments and for the probe. Every
sentence comes from the pool; the generator only picks, orders, numbers and fills slots, and it knows
the gold labels because it placed every field (title, 文号, issuers, date, targets with deadlines,
addressees). Deterministic for a given seed and pool.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NEGATIVE_TOPICS = (
    "tax",
    "education",
    "agriculture",
    "housing",
    "transport",
    "culture",
    "environment",
    "employment",
)
TOPIC_WEIGHTS = {
    "cloud_bigdata": 11, "health_informatisation": 13, "hospital_management": 6, "medical_insurance": 6,
    "smart_city": 4, "e_government": 5, "data_security": 4, "digital_economy": 5, "public_health": 4,
    **{t: 5 for t in NEGATIVE_TOPICS},
}  # fmt: skip
PLANS = [
    ("十一五", 2006, 2010),
    ("十二五", 2011, 2015),
    ("十三五", 2016, 2020),
    ("十四五", 2021, 2025),
    ("十五五", 2026, 2030),
]
CN_DIGITS = "〇一二三四五六七八九"
SLOT = re.compile(r"\{(\w+)\}")

# Addressee lines by issuer kind; {r} = region. Era variants where the bodies were renamed.
ADDRESSEES: dict[str, list[tuple[int, int, str]]] = {
    "state": [(2005, 2025, "各省、自治区、直辖市人民政府，国务院各部委、各直属机构")],
    "ministry_health": [
        (2005, 2013, "各省、自治区、直辖市卫生厅局，新疆生产建设兵团卫生局"),
        (2013, 2018, "各省、自治区、直辖市卫生计生委，新疆生产建设兵团卫生局"),
        (2018, 2025, "各省、自治区、直辖市及新疆生产建设兵团卫生健康委"),
    ],
    "ministry_insurance": [(2018, 2025, "各省、自治区、直辖市及新疆生产建设兵团医疗保障局")],
    "ministry_it": [(2005, 2025, "各省、自治区、直辖市及计划单列市、新疆生产建设兵团工业和信息化主管部门")],
    "ministry_generic": [
        (2005, 2025, "各省、自治区、直辖市及新疆生产建设兵团有关部门"),
        (2005, 2025, "各省、自治区、直辖市有关厅（局）"),
        (2005, 2025, "各省、自治区、直辖市、计划单列市主管部门，有关单位"),
    ],
    "province": [
        (2005, 2025, "各市、县（市、区）人民政府，{gov}各部门、各直属机构"),
        (2005, 2025, "各设区市人民政府，{gov}各部门"),
        (2005, 2025, "各市人民政府，{gov}各委、厅、局"),
        (2005, 2025, "各市、县人民政府，{gov}直属各单位"),
    ],
    "province_dept": [
        (2005, 2025, "各市、县（市、区）有关部门，{unit}直有关单位"),
        (2005, 2025, "各设区市有关部门，委直属各单位"),
        (2005, 2025, "各市主管部门，各有关单位"),
    ],
    "city": [
        (2005, 2025, "各区、县（市）人民政府，市政府各部门、各直属机构"),
        (2005, 2025, "各区人民政府，市政府各委、办、局"),
        (2005, 2025, "各县（市、区）人民政府，市直各有关单位"),
    ],
    "city_dept": [
        (2005, 2025, "各区有关部门，委属各单位"),
        (2005, 2025, "各区卫生健康局，各市属医疗卫生单位"),
    ],
}
FIRST_SECTION = ["总体要求", "指导思想和主要目标", "总体目标", "工作目标", "基本原则和发展目标", "目标任务"]
LAST_SECTION = ["保障措施", "组织实施", "工作要求", "组织保障", "保障措施和工作要求", "强化保障"]


@dataclass(frozen=True)
class Issuer:
    name: str
    mark: str
    signature: str
    level: str
    region: str
    scope: str
    we: str
    prefixes: tuple[str, ...]
    start: int
    end: int
    addressees: str
    topics: tuple[str, ...]


def load_issuers(path: Path) -> list[Issuer]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        c = line.split("\t")
        prefixes, topics = tuple(c[7].split("|")), tuple(c[11].split("|"))
        out.append(
            Issuer(c[0], c[1], c[2], c[3], c[4], c[5], c[6], prefixes, int(c[8]), int(c[9]), c[10], topics)
        )
    return out


def load_departments(path: Path) -> list[tuple[str, str, int, int, tuple[str, ...]]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            c = line.split("\t")
            out.append((c[0], c[1], int(c[2]), int(c[3]), tuple(c[4].split("|"))))
    return out


def load_pool(folder: Path) -> list[dict[str, Any]]:
    pieces = []
    for f in sorted(folder.glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                pieces.append(json.loads(line))
    return pieces


def cn_year(y: int) -> str:
    return "".join(CN_DIGITS[int(d)] for d in str(y))


def cn_number(n: int) -> str:
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def cn_date(d: dt.date) -> str:
    return f"{cn_year(d.year)}年{cn_number(d.month)}月{cn_number(d.day)}日"


def ar_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def plan_of(year: int) -> tuple[str, int, int]:
    for p in PLANS:
        if p[1] <= year <= p[2]:
            return p
    return PLANS[0]


class Composer:
    def __init__(
        self,
        pool: list[dict[str, Any]],
        issuers: list[Issuer],
        rng: random.Random,
        departments: list[tuple[str, str, int, int, tuple[str, ...]]] | None = None,
    ) -> None:
        self.pool = pool
        self.issuers = issuers
        self.rng = rng
        self.departments = departments or []

    def duty(self, issuer: Issuer, year: int, topic: str) -> str:
        """A responsibility note for a task item: （省卫生健康委牵头，省财政厅、省医保局配合）."""
        level = "national" if issuer.level == "national" else issuer.level
        p = "区" if issuer.region.endswith("自治区") else "市" if issuer.region.endswith("市") else "省"
        names = [
            n.replace("{p}", p)
            for lv, n, a, b, topics in self.departments
            if lv == level and a <= year <= b and ("*" in topics or topic in topics)
        ]
        if len(names) < 2:
            return ""
        self.rng.shuffle(names)
        lead, partners = names[0], names[1 : 1 + self.rng.choice([1, 2, 2, 3])]
        form = self.rng.choice(
            [
                "（{l}牵头，{p}配合）",
                "（{l}牵头，{p}按职责分工负责）",
                "（责任单位：{l}、{p}）",
                "（{l}负责）",
            ]
        )
        return form.format(l=lead, p="、".join(partners))

    def pick(
        self, function: str, *, year: int, topic: str, level: str, k: int, used: set[str]
    ) -> list[dict[str, Any]]:
        lvl = "national" if level == "national" else "local"
        cands = [
            p
            for p in self.pool
            if p["function"] == function
            and int(p["from"]) <= year <= int(p["to"])
            and p["level"] in ("any", lvl)
            and p["id"] not in used
        ]
        on_topic = [p for p in cands if p["topic"] == topic]
        general = [p for p in cands if p["topic"] == "general"]
        chosen: list[dict[str, Any]] = []
        for source in (on_topic, general):
            self.rng.shuffle(source)
            for p in source:
                if len(chosen) >= k:
                    break
                chosen.append(p)
        for p in chosen:
            used.add(p["id"])
        return chosen

    def compose(self, n: int) -> tuple[str, dict[str, Any]] | None:
        rng = self.rng
        year = rng.randint(2005, 2025)
        topic = rng.choices(list(TOPIC_WEIGHTS), weights=list(TOPIC_WEIGHTS.values()))[0]
        want_national = rng.random() < 0.5
        issuers = [
            i
            for i in self.issuers
            if i.start <= year <= i.end
            and ("*" in i.topics or topic in i.topics)
            and ((i.level == "national") == want_national)
        ]
        if not issuers:
            return None
        issuer = rng.choice(issuers)
        used: set[str] = set()
        subj = self.pick("title_subject", year=year, topic=topic, level=issuer.level, k=1, used=used)
        if not subj:
            return None
        date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        plan, _pstart, pend = plan_of(year)
        next_plan = plan_of(pend + 1)[0]
        region_name = issuer.region.split("省")[-1] if issuer.level == "municipal" else issuer.region
        slots = {
            "region": region_name or "全国",
            "region_scope": issuer.scope,
            "we": issuer.we,
            "plan": plan,
            "next_plan": next_plan,
            "past_year": str(year - rng.randint(1, 3)),
        }
        # Joint issuance (national only): a second body of another kind valid in the year.
        partners = [
            i for i in self.issuers
            if i.level == "national" and i.name != issuer.name and i.start <= year <= i.end
            and i.addressees != "state" and issuer.addressees != "state"
            and ("*" in i.topics or topic in i.topics)
        ]  # fmt: skip
        joint = want_national and partners and rng.random() < 0.15
        issuer_list = [issuer, rng.choice(partners)] if joint else [issuer]
        form = rng.choices(["full", "web", "bare", "wrap"], weights=[58, 15, 15, 12])[0]
        subject = self.fill(subj[0]["text"], slots)
        doc_type = rng.choices(
            ["通知", "意见", "实施意见", "指导意见", "若干意见"], weights=[40, 16, 22, 12, 5]
        )[0]
        if issuer.level != "national" and doc_type == "指导意见":
            doc_type = "实施意见"
        issuer_text = " ".join(i.signature for i in issuer_list) if joint else issuer.name
        plan_title = None
        if form == "wrap":
            span = rng.choice([2, 3, 3, 5])
            plan_kind = rng.choice(["行动计划", "实施方案", "工作方案", "发展规划"])
            prefix = "" if issuer.level == "national" else issuer.region.replace("省", "省").split("市")[0]
            if issuer.level == "municipal":
                prefix = region_name
            if subject.endswith("工作") and plan_kind.startswith("工作"):
                plan_kind = "实施方案"
            plan_title = f"{prefix}{subject}{plan_kind}（{year}—{year + span}年）"
            title = f"{issuer_text}关于印发{plan_title}的通知"
            doc_type = "通知"
        else:
            title = f"{issuer_text}关于{subject}的{doc_type}"
        slots["doc_type"] = "通知" if form == "wrap" else doc_type
        serial = rng.randint(1, 180)
        prefix = rng.choice(issuer.prefixes)
        if joint and "部" in prefix and "联" not in prefix and rng.random() < 0.6:
            prefix = prefix.replace("部", "部联", 1)
        doc_number = f"{prefix}〔{year}〕{serial}号" if rng.random() < 0.93 or form == "full" else None
        addr_opts = [a for s, e, a in ADDRESSEES[issuer.addressees] if s <= year <= e] or [
            ADDRESSEES[issuer.addressees][0][2]
        ]
        kind = "区" if issuer.region.endswith("自治区") else "市" if issuer.region.endswith("市") else "省"
        gov = {"区": "自治区人民政府", "市": "市政府", "省": "省政府"}[kind]
        addressee_line = rng.choice(addr_opts).format(gov=gov, unit=kind)
        if issuer.level == "provincial" and issuer.region.endswith("市"):
            addressee_line = "各区人民政府，市政府各委、办、局"

        targets: list[dict[str, Any]] = []
        body: list[str] = []

        def para(piece: dict[str, Any], *, number: str = "") -> str:
            text = self.fill(piece["text"], slots, piece=piece, year=year, targets=targets, date=date)
            line = number + text
            if piece["function"] == "target":
                targets[-1]["text"] = text
            return line

        opening = self.pick("opening", year=year, topic=topic, level=issuer.level, k=1, used=used)
        background = self.pick(
            "background", year=year, topic=topic, level=issuer.level, k=rng.choice([0, 1, 1, 2]), used=used
        )
        principles = self.pick(
            "principle", year=year, topic=topic, level=issuer.level, k=rng.choice([0, 1, 2]), used=used
        )
        tgt = self.pick(
            "target", year=year, topic=topic, level=issuer.level, k=rng.choice([0, 1, 2, 2, 3, 4]), used=used
        )
        n_sections = rng.choice([2, 3, 3, 4, 4, 5, 6, 7])
        heads = self.pick("heading", year=year, topic=topic, level=issuer.level, k=n_sections, used=used)
        tasks = self.pick(
            "task",
            year=year,
            topic=topic,
            level=issuer.level,
            k=n_sections * rng.choice([2, 3, 3, 4]),
            used=used,
        )
        safeguards = self.pick(
            "safeguard", year=year, topic=topic, level=issuer.level, k=rng.choice([2, 3, 3, 4]), used=used
        )
        closing = self.pick("closing", year=year, topic=topic, level=issuer.level, k=1, used=used)
        distract = self.pick(
            "distractor", year=year, topic=topic, level=issuer.level, k=rng.choice([0, 0, 1, 1, 2]), used=used
        )
        if not opening or not tasks:
            return None

        numbered = rng.random() < 0.85
        sec = 0

        def heading(text: str) -> str:
            nonlocal sec
            sec += 1
            return f"{cn_number(sec)}、{text}" if numbered else text

        for p in opening + background:
            body.append(para(p))
        if principles or tgt:
            body.append(heading(rng.choice(FIRST_SECTION)))
            items = [*principles, *tgt]
            number_items = numbered and rng.random() < 0.6
            for j, p in enumerate(items, 1):
                body.append(para(p, number=f"（{cn_number(j)}）" if number_items else ""))
        per = max(1, len(tasks) // max(1, len(heads)))
        with_duty = rng.random() < 0.35
        if numbered and heads and rng.random() < 0.45:
            # Two levels: 二、重点任务 then （一）<heading>。<task text> items.
            body.append(heading(rng.choice(["重点任务", "主要任务", "工作任务", "重点工作", "主要措施"])))
            for h_i, h in enumerate(heads):
                chunk = tasks[h_i * per : (h_i + 1) * per] if h_i < len(heads) - 1 else tasks[h_i * per :]
                lead = f"（{cn_number(h_i + 1)}）{self.fill(h['text'], slots).rstrip('。')}。"
                for j, p in enumerate(chunk):
                    line = para(p, number=lead if j == 0 else "")
                    if with_duty and j == len(chunk) - 1:
                        line += self.duty(issuer, year, topic)
                    body.append(line)
        else:
            for h_i, h in enumerate(heads or [{"text": "主要任务", "function": "heading"}]):
                body.append(heading(self.fill(h["text"], slots)))
                chunk = tasks[h_i * per : (h_i + 1) * per] if h_i < len(heads) - 1 else tasks[h_i * per :]
                style = rng.choice(["（一）", "1.", ""])
                for j, p in enumerate(chunk, 1):
                    num = {"（一）": f"（{cn_number(j)}）", "1.": f"{j}.", "": ""}[style] if numbered else ""
                    line = para(p, number=num)
                    if with_duty and rng.random() < 0.6:
                        line += self.duty(issuer, year, topic)
                    body.append(line)
        body.append(heading(rng.choice(LAST_SECTION)))
        number_items = numbered and rng.random() < 0.7
        for j, p in enumerate(safeguards, 1):
            body.append(para(p, number=f"（{cn_number(j)}）" if number_items else ""))
        for p in distract:
            body.append(para(p))
        for p in closing:
            body.append(para(p))

        date_text = cn_date(date) if year < 2012 and rng.random() < 0.75 else ar_date(date)
        signature = [i.signature if joint else i.name for i in issuer_list]
        lines: list[str] = []
        if form == "web":
            lines += [
                f"索引号：{rng.randint(10000000, 99999999)}/{year}-{rng.randint(1, 999):05d}",
                f"主题分类：{rng.choice(['卫生、体育', '综合政务', '工业、交通', '财政、金融、审计', '城乡建设、环境保护', '科技、教育', '农业、林业、水利'])}",
                f"发文机关：{'、'.join(i.name for i in issuer_list)}",
                f"成文日期：{date.year}年{date.month:02d}月{date.day:02d}日",
                f"标题：{title}",
                f"发文字号：{doc_number or '无'}",
                f"发布日期：{(date + dt.timedelta(days=rng.randint(2, 30))).strftime('%Y年%m月%d日')}",
                "",
            ]
        if form in ("full", "wrap"):
            if joint:
                lines += [i.name for i in issuer_list] + ["文件", ""]
            else:
                lines += [issuer.mark, ""]
            if doc_number:
                lines += [doc_number, ""]
        title_lines = [title]
        if len(title) > 26 and "关于" in title and rng.random() < 0.5:
            k = title.index("关于") + 2
            title_lines = [title[:k], title[k:]]
        lines += [*title_lines]
        printed_number = form in ("full", "wrap", "web")
        if form == "bare" and doc_number and rng.random() < 0.5:
            lines += [doc_number]  # web copies often put the 文号 under the title
            printed_number = True
        lines += ["", addressee_line + "："]
        if form == "wrap":
            assert plan_title is not None
            lines.append(
                f"《{plan_title}》已经{'国务院' if issuer.level == 'national' else slots['region'] + '人民政府'}同意，现印发给你们，请结合实际认真贯彻落实。"
            )
            lines += ["", *signature, date_text, "", "附件", "", plan_title, ""]
            lines += body
        else:
            lines += body
            lines += ["", *signature, date_text]
        if rng.random() < 0.35:
            lines.append("（此件公开发布）")
        if form == "full" and rng.random() < 0.4:
            cc = "国务院办公厅" if issuer.level == "national" else f"{slots['region']}委办公厅"
            lines += [
                "",
                f"抄送：{cc}。",
                f"{issuer.name.split('人民政府')[0] if '人民政府' in issuer.name else issuer.name}办公室    {ar_date(date + dt.timedelta(days=rng.randint(1, 6)))}印发",
            ]
        text = "\n".join(lines).strip() + "\n"
        stage = 0 if year < 2010 else 1 if year <= 2015 else 2 if year <= 2020 else 3
        label = {
            "id": f"gen-{n:04d}",
            "path": f"docs/gen-{n:04d}.txt",
            "origin": "generated",
            "batch": "gen",
            "year": year,
            "stage": stage,
            "level": issuer.level,
            "region": issuer.region or None,
            "doc_type": doc_type,
            "topic": topic,
            "group": f"gen-{subj[0]['id']}",
            "title": title,
            "doc_number": doc_number if printed_number else None,
            "issuers": [i.name for i in issuer_list],
            "date": date.isoformat(),
            "targets": [t for t in targets if t.get("text")],
            "addressees": [a for a in addressee_line.split("，") if a],
            "pieces": sorted(used),
        }
        return text, label

    def fill(
        self,
        text: str,
        slots: dict[str, str],
        *,
        piece: dict[str, Any] | None = None,
        year: int = 0,
        targets: list[dict[str, Any]] | None = None,
        date: dt.date | None = None,
    ) -> str:
        rng = self.rng

        def sub(m: re.Match[str]) -> str:
            key = m.group(1)
            if key == "deadline":
                horizon = (piece or {}).get("horizon")
                plan_end = plan_of(year)[2]
                if horizon is not None:
                    dl = year + int(horizon)
                elif "年底前" in text and rng.random() < 0.5:
                    dl = year + rng.choice([0, 1])
                else:
                    dl = plan_end if plan_end > year else plan_of(year + 1)[2]
                if targets is not None:
                    targets.append({"deadline": dl})
                return str(dl)
            if key in ("effective", "report_by") and date is not None:
                d = date + dt.timedelta(days=rng.randint(10, 90))
                return ar_date(d) if year >= 2012 or rng.random() < 0.5 else cn_date(d)
            return slots.get(key, m.group(0))

        return SLOT.sub(sub, text)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=HERE, help="the corpus holding pool/ and gen/")
    ap.add_argument(
        "--out", type=Path, default=HERE / "build" / "generated", help="where to write docs/, labels/"
    )
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(HERE.parent))
    from extractor.normalize import normalize_text
    from extractor.rules.terms import medical_cloud_label

    pool = load_pool(args.corpus / "pool")
    issuers = load_issuers(args.corpus / "gen" / "issuers.tsv")
    rng = random.Random(args.seed)
    comp = Composer(pool, issuers, rng, load_departments(args.corpus / "gen" / "departments.tsv"))
    docs_dir = args.out / "docs"
    docs_dir.mkdir(parents=True, exist_ok=True)
    (args.out / "labels").mkdir(parents=True, exist_ok=True)
    for old in docs_dir.glob("gen-*.txt"):
        old.unlink()
    out_labels = []
    n = 0
    attempts = 0
    while n < args.n and attempts < args.n * 20:
        attempts += 1
        made = comp.compose(n + 1)
        if made is None:
            continue
        text, label = made
        if not 900 <= len(text) <= 6500:
            continue
        n += 1
        label["medical_cloud"] = medical_cloud_label(normalize_text(text).text)[0]
        (docs_dir / f"{label['id']}.txt").write_text(text, encoding="utf-8")
        out_labels.append(label)
    (args.out / "labels" / "gen.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in out_labels), encoding="utf-8"
    )
    print(f"{n} documents from {len(pool)} pool pieces ({attempts} attempts)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
