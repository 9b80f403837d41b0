#!/usr/bin/env python3
"""Writes data/species/national-2021.csv and sanyou-2023.csv from the
reference copies in ../shared/reference/species (a development step, run by
hand; the project reads only its own CSV files at build and run time).

Every correction applied to the reference data is listed below with its
reason, and every corrected row says so in its `source` column, so the CSV
can be checked line by line against 国家林业和草原局 农业农村部公告2021年第3号
and 国家林业和草原局公告2023年第17号.

Usage: scripts/data/build_species_catalog.py [REFERENCE_DIR]
Needs: python3, opencc (Debian package `opencc`, for traditional → simplified
taxon names taken from the Wikipedia wikitext).
"""
import csv
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REF = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "reference", "species")
OUT = os.path.join(ROOT, "data", "species")

NATIONAL_SOURCE = "国家林业和草原局 农业农村部公告2021年第3号《国家重点保护野生动物名录》"
SANYOU_SOURCE = "国家林业和草原局公告2023年第17号《有重要生态、科学、社会价值的陆生野生动物名录》"

# Misspelt scientific names in both reference sources (reference README).
LATIN_FIXES = {
    "Baleanoptera": "Balaenoptera",
    "Bhutanitis yulongensisn": "Bhutanitis yulongensis",
    "Eumetonpias": "Eumetopias",
    "Crossoptilon aurtun": "Crossoptilon auritum",
    "Cholornis paradocus": "Cholornis paradoxus",
    "Coreius guichennoti": "Coreius guichenoti",
    "Lutrongale": "Lutrogale",
    "Ixbrychus": "Ixobrychus",
    "Lophtriorchis": "Lophotriorchis",
    "Ketupa Zeylonensis": "Ketupa zeylonensis",
    "Indopacetus pecificus": "Indopacetus pacificus",
    "Margaritiana": "Margaritifera",
    "Semmopithecus": "Semnopithecus",
    "Arctogalidia trivigata": "Arctogalidia trivirgata",
    "Nyctereutes procyonides": "Nyctereutes procyonoides",
    "Muntiacus gongshanesis": "Muntiacus gongshanensis",
    "Parnassius appollo": "Parnassius apollo",
    "Teinopalpus imperialism": "Teinopalpus imperialis",
}
# Wrong species given for a Chinese name (reference README, "Errors").
LATIN_BY_NAME = {
    "褐翅鸦鹃": "Centropus sinensis",
    "鹅喙鲸": "Ziphius cavirostris",
    "红隼": "Falco tinnunculus",
    "黄爪隼": "Falco naumanni",
    "白鲟": "Psephurus gladius",
}
# Levels that differ from the official list. 白枕鹤 was raised from 二级 to
# 一级 in the 2021 revision (征求意见稿 of 2020 and reports since name it
# 国家一级); both reference sources still carry the 1989 level.
LEVEL_FIXES = {"白枕鹤": "1"}
# Heading errors and gaps in the wikitext: 海豹科 carries 海狮科's Latin name;
# 隼形目 carries the family name and the family heading 隼科 is missing;
# 文昌鱼 has its order name as the class; the two coral families listed as
# 类 sit under the orders of the headings above them.
FAMILY_LATIN_FIXES = {"海豹科": "Phocidae"}
ORDER_FIXES = {"隼形目": ("隼形目", "Falconiformes", "隼科", "Falconidae")}
CLASS_FIXES = {"文昌鱼纲": ("文昌鱼纲", "Leptocardii", "文昌鱼目", "Amphioxiformes")}
CORAL_ORDERS = {"苍珊瑚科": ("苍珊瑚目", "Helioporacea"), "红珊瑚科": ("软珊瑚目", "Alcyonacea")}
# Species absent from the JSON: 毛冠鹿 (the wikitext gives it 麋鹿's name).
ADDED = [
    {"chinese": "毛冠鹿", "latin": "Elaphodus cephalophus", "level": "2", "aquatic": False,
     "template_line_name": "毛冠鹿", "note": "",
     "fix": "补录：参考JSON缺此种；维基误作 Elaphurus davidianus（麋鹿学名），学名订正为 Elaphodus cephalophus"},
]
# 原鸡 in the JSON is the species the official list names 红原鸡 (formerly 原鸡).
NAME_FIXES = {"原鸡": ("红原鸡", "原名“原鸡”")}


def t2s(texts):
    joined = "\n".join(texts)
    out = subprocess.run(["opencc", "-c", "t2s.json"], input=joined, capture_output=True,
                         text=True, check=True).stdout
    lines = out.split("\n")
    # opencc maps 鳽/䱀 to rare variants the official list does not use.
    return [l.replace("𫛚", "鳽").replace("𫚐", "䱀") for l in lines[:len(texts)]]


def fix_latin(latin):
    for wrong, right in LATIN_FIXES.items():
        if wrong in latin:
            latin = latin.replace(wrong, right)
    return latin


def parse_wiki(path):
    rows, phylum, cls, order, fam = [], None, None, None, None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\{\{Protect_(classis|ordo|familia|species|speciesf|genus_all)\s*\|([^}]*)\}\}\|*(.*)",
                     line.strip())
        if not m:
            continue
        kind, parts = m.group(1), [p.strip() for p in m.group(2).split("|")]
        if kind == "classis":
            if parts[0][-1] in "门門":
                phylum, cls = parts, None
            else:
                cls = parts
            order = fam = None
        elif kind == "ordo":
            order, fam = parts, None
        elif kind == "familia":
            fam = parts
        else:
            rows.append({"kind": kind, "name": parts[0], "latin": parts[1],
                         "cls": cls or ["", ""], "order": order or ["", ""], "fam": fam or ["", ""]})
    return rows


def main():
    ref = json.load(open(os.path.join(REF, "national-key-2021.json"), encoding="utf-8"))
    wiki = parse_wiki(os.path.join(REF, "npwa_wiki.txt"))
    taxa = sorted({t for r in wiki for t in (r["cls"][0], r["order"][0], r["fam"][0]) if t})
    simple = dict(zip(taxa, t2s(taxa)))
    by_latin, by_name = {}, {}
    for r in wiki:
        by_latin.setdefault(r["latin"], r)
        by_name.setdefault(simple.get(r["name"], r["name"]), r)
    wiki_names = t2s([r["name"] for r in wiki])
    for r, n in zip(wiki, wiki_names):
        by_name.setdefault(n, r)

    def taxonomy(w):
        fam_latin = FAMILY_LATIN_FIXES.get(simple.get(w["fam"][0], ""), w["fam"][1])
        tax = [simple.get(w["cls"][0], ""), w["cls"][1], simple.get(w["order"][0], ""), w["order"][1],
               simple.get(w["fam"][0], ""), fix_latin(fam_latin)]
        if tax[2] in ORDER_FIXES:
            tax[2:6] = ORDER_FIXES[tax[2]]
        if tax[0] in CLASS_FIXES:
            tax[0:4] = CLASS_FIXES[tax[0]]
        return tax

    out = []
    for s in ref["species"]:
        w = by_latin.get(s["scientificName"]) or by_name.get(s["chineseName"])
        assert w, s
        chinese, note, fixes = s["chineseName"], s.get("note", ""), []
        latin = fix_latin(s["scientificName"])
        if latin != s["scientificName"]:
            fixes.append(f"学名订正：{s['scientificName']} → {latin}")
        if chinese in LATIN_BY_NAME and LATIN_BY_NAME[chinese] != latin:
            fixes.append(f"学名订正：{latin} → {LATIN_BY_NAME[chinese]}")
            latin = LATIN_BY_NAME[chinese]
        if chinese in NAME_FIXES:
            new, new_note = NAME_FIXES[chinese]
            fixes.append(f"中文名订正：{chinese} → {new}")
            chinese, note = new, new_note
        level = "1" if s["level"] == "Ⅰ" else "2"
        if chinese in LEVEL_FIXES and LEVEL_FIXES[chinese] != level:
            fixes.append(f"级别订正：二级 → 一级（两份参考资料沿用1989年名录级别）")
            level = LEVEL_FIXES[chinese]
        out.append(["species", chinese, latin, level, "aquatic" if s["aquatic"] else "terrestrial",
                    *taxonomy(w), note, "；".join(fixes)])
    for a in ADDED:
        w = by_name[a["template_line_name"]]
        out.append(["species", a["chinese"], a["latin"], a["level"],
                    "aquatic" if a["aquatic"] else "terrestrial", *taxonomy(w), a["note"], a["fix"]])
    for t in ref["taxonRules"]:
        rank = {"genus": "genus"}.get(t["match"], t.get("rank", t["match"]))
        latin = t.get("genus") or t.get("taxon")
        w = next((r for r in wiki if latin in (r["latin"], r["fam"][1], r["order"][1])
                  or r["name"] == t["chineseName"]), None)
        tax = taxonomy(w) if w else ["珊瑚纲", "Anthozoa", "", "", "", ""]
        if rank == "order":
            tax[2], tax[3], tax[4], tax[5] = t["chineseName"], latin, "", ""
        if rank == "family":
            tax[2], tax[3] = CORAL_ORDERS[t["chineseName"]]
            tax[4], tax[5] = t["chineseName"], latin
        out.append([rank, t["chineseName"], latin, "1" if t["level"] == "Ⅰ" else "2", "aquatic", *tax,
                    t.get("note", ""), ""])

    with open(os.path.join(OUT, "national-2021.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["rank", "chinese_name", "latin_name", "level", "habitat", "class", "class_latin",
                    "order", "order_latin", "family", "family_latin", "remark", "correction"])
        w.writerows(out)

    sy = json.load(open(os.path.join(REF, "sanyou-2023.json"), encoding="utf-8"))
    sanyou_fixes = {
        "Lptobrachella bashaensis": "Leptobrachella bashaensis",
        "Petaurista yunamensis": "Petaurista yunanensis",
        "Oreolalax schrmidti": "Oreolalax schmidti",
        "Scutiger sikkimmensis": "Scutiger sikimmensis",
    }
    rows = []
    for s in sy["species"]:
        chinese, latin, fixes = s["chineseName"], s["scientificName"], []
        note = re.sub(r"\s+", " ", s.get("note", "")).strip()
        if chinese == latin == "Sitta leucopsis" or chinese == "Sitta leucopsis":
            chinese = "白脸䴓"
            fixes.append("中文名补录：参考资料此条中文名误填学名")
        m = re.match(r"^(.*?)（(.*)）$", latin)
        if m:
            latin, syn = m.group(1).strip(), m.group(2).strip()
            note = (note + "；" if note else "") + f"异名 {syn}"
            fixes.append("学名栏中的异名移入备注")
        if latin in sanyou_fixes:
            fixes.append(f"学名订正：{latin} → {sanyou_fixes[latin]}")
            latin = sanyou_fixes[latin]
        rows.append(["species", chinese, latin, "sanyou", "terrestrial", note, "；".join(fixes)])
    with open(os.path.join(OUT, "sanyou-2023.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["rank", "chinese_name", "latin_name", "level", "habitat", "remark", "correction"])
        w.writerows(rows)
    print(f"national: {len(out)} rows, sanyou: {len(rows)} rows")


if __name__ == "__main__":
    main()
