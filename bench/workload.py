"""Workload generation for bench.py: many distinct reports made from the sample reports.

Each generated report is a sample report with its issuer renamed (the 街道/镇/乡 name replaced by
one from a list), its years shifted, and figures perturbed (digits changed, magnitudes kept), so
that no two generated reports have the same bytes (SHA-256 identity) and issuers vary. Text
samples are written as UTF-8 or GB18030 (about one in three); HTML samples keep their own
encoding (their <meta charset> says which). Nothing generated is ever committed.
"""
import hashlib
import os
import random
import re

# Characters for made-up place names: 60 of them give 3,600 two-character names.
NAME_CHARS = ("东西南北中新华安平和兴隆福永宁康泰丰富盛昌明光阳春秋山水河湖海江林石金玉龙凤鹤云霞桂兰竹"
              "梅松柏清源岭溪泉桥田园")
ISSUER = re.compile(r"([\u4e00-\u9fff]{2})(街道办事处|街道|镇人民政府|镇|乡人民政府|乡)")
NOT_NAMES = {"城乡", "乡镇", "各乡", "村镇", "城镇", "小镇", "集镇", "街道", "各镇", "全镇", "全乡",
             "本镇", "本乡", "该镇", "乡村", "美丽", "特色", "重点", "中心", "建制"}
YEAR = re.compile(r"(?<![0-9])(20[12][0-9])(?=年|-|\.|/|－)")
NUMBER = re.compile(r"(?<![0-9])([0-9]+)(?![0-9]*(?:年|月|日|号|-|/|:|：))")


def decode_sample(data):
    """The text of a sample file (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030)."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030"


def load_samples(dirs):
    """[(stem, ext, text, source encoding)] from the .txt and .html files of `dirs`."""
    samples = []
    for d in dirs:
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            stem, ext = os.path.splitext(f)
            if ext not in (".txt", ".html"):
                continue
            with open(os.path.join(d, f), "rb") as fh:
                text, enc = decode_sample(fh.read())
            samples.append((stem, ext, text, enc))
    return samples


def issuer_name(text):
    for m in ISSUER.finditer(text[:3000]):
        if m.group(1) not in NOT_NAMES:
            return m.group(1)
    return None


def unique_name(i):
    n = len(NAME_CHARS)
    return NAME_CHARS[i % n] + NAME_CHARS[(i // n) % n]


def vary(text, rng, index):
    """A distinct variant of `text`: issuer renamed, years shifted, figures perturbed."""
    old = issuer_name(text)
    if old:
        new = unique_name(index)
        for suffix in ("街道", "镇", "乡"):
            text = text.replace(old + suffix, new + suffix)
    shift = rng.randint(-3, 2)
    text = YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)

    def perturb(m):
        s = m.group(1)
        if len(s) == 1:
            return str(rng.randint(1, 9)) if rng.random() < 0.5 else s
        return s[0] + "".join(str(rng.randint(0, 9)) if rng.random() < 0.6 else c for c in s[1:])
    return NUMBER.sub(perturb, text)


def encode(text, ext, source_encoding, rng):
    if ext == ".html":
        # An HTML page keeps the encoding its <meta charset> declares.
        enc = "gb18030" if source_encoding == "gb18030" else "utf-8"
        return text.encode(enc, errors="replace"), enc
    enc = "gb18030" if rng.random() < 0.35 else "utf-8"
    return text.encode(enc, errors="replace"), enc


def generate(samples, out_dir, count=None, target_bytes=None, seed=1, only_named=False, start_index=0):
    """Writes distinct generated reports into out_dir until `count` files or `target_bytes` bytes.

    only_named: use only samples with an issuer name to replace (each report then has its own
    issuer, so alert identities never collide). Returns [(name, sha256, size, encoding)].
    """
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(seed)
    pool = [s for s in samples if not only_named or issuer_name(s[2])]
    if not pool:
        raise SystemExit("bench: no sample reports found")
    seen, made, total, i = set(), [], 0, 0
    while (count is None or len(made) < count) and (target_bytes is None or total < target_bytes):
        stem, ext, text, src_enc = pool[i % len(pool)]
        data, enc = encode(vary(text, rng, start_index + len(made)), ext, src_enc, rng)
        i += 1
        sha = hashlib.sha256(data).hexdigest()
        if sha in seen:
            continue
        seen.add(sha)
        name = f"{start_index + len(made):06d}_{stem}{ext}"
        with open(os.path.join(out_dir, name), "wb") as fh:
            fh.write(data)
        made.append((name, sha, len(data), enc))
        total += len(data)
    return made
