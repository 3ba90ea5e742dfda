#!/usr/bin/env python3
"""make eval: what huibao's meaning is worth, against readers' gold written apart from the code.

Runs the built huibaod with the shipped rules and catalogue (Config/huibao.conf's rules, Config/
indicators.conf) over every report of the development sets, one file at a time in name order (so a
series arrives year by year, as it would), then scores:

- alert precision: the share of fired alerts that the readers call bad news (news/<file>.json,
  and for the series the pairs of links.json marked worse);
- alert recall: of the figures the readers call bad news, the share alerted;
- linking: of the pairs of figures the readers call the same indicator in two years of one issuer
  (series/links.json, same: true), the share huibao gives the same (issuer_key, indicator,
  measure, period); and of the look-alike pairs (same: false), the share kept apart.

    python3 Tests/Eval/eval.py --bin .build/release [--check] [--show]

--check exits 1 when a bar of issue 13 is missed (precision 0.95, recall 0.80, linking 0.90,
look-alikes kept apart 1.00). --show lists every alert with the reader's verdict, and every miss.
The test sets (real2) are scored apart and never tuned on: their line is the honest estimate.
"""
import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(ROOT, "Tests", "Fixtures")
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))

# (name, folder of reports, folder of news gold). The series come first, each issuer's years in
# order, as a watcher collecting them would drop them: a report of an earlier year arriving after a
# later one is back-filled history and fires nothing (by design), and a page another set repeats
# is a duplicate of the series' copy.
DEVELOPMENT = [
    ("series", os.path.join(FIX, "series"), os.path.join(FIX, "series", "news")),
    ("samples", os.path.join(SHARED, "corpus"), os.path.join(FIX, "samples", "news")),
    ("heldout", os.path.join(FIX, "heldout"), os.path.join(FIX, "heldout", "news")),
    ("heldout2", os.path.join(FIX, "heldout2"), os.path.join(FIX, "heldout2", "news")),
    ("real", os.path.join(FIX, "real"), os.path.join(FIX, "real", "news")),
]
TEST = [("real2", os.path.join(FIX, "real2"), os.path.join(FIX, "real2", "news"))]
BARS = {"precision": 0.95, "recall": 0.80, "linked": 0.90, "apart": 1.00}


def reports_in(folder):
    if not os.path.isdir(folder):
        return []
    return sorted(f for f in os.listdir(folder) if f.endswith((".txt", ".html", ".htm")))


def rules_of_shipped_config():
    """The [Rule …] sections of Config/huibao.conf, as text."""
    text = open(os.path.join(ROOT, "Config", "huibao.conf"), encoding="utf-8").read()
    i = text.find("\n[Rule ")
    return text[i:] if i >= 0 else ""


def run_daemon(binary_dir, files):
    """Drops `files` (path, name) one at a time into a fresh daemon; returns (records, alerts)."""
    work = tempfile.mkdtemp(prefix="huibao-eval-")
    try:
        inbox, state = os.path.join(work, "inbox"), os.path.join(work, "state")
        os.makedirs(inbox)
        os.makedirs(state)
        conf = os.path.join(work, "huibao.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(f"[Daemon]\nInbox={inbox}\nState={state}\nSettleTime=0\nRescanInterval=3600s\n"
                    f"Indicators={os.path.join(ROOT, 'Config', 'indicators.conf')}\n"
                    f"IndicatorsDirectory={os.path.join(work, 'indicators.d')}\n")
            f.write(rules_of_shipped_config())
        env = dict(os.environ)
        for k in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "STATE_DIRECTORY"):
            env.pop(k, None)
        args = [os.path.join(binary_dir, "huibaod"), "--config", conf]
        if os.geteuid() == 0:
            args.append("--allow-root")
        log = open(os.path.join(work, "huibaod.log"), "w")
        daemon = subprocess.Popen(args, env=env, stdout=log, stderr=log)
        processed, failed = os.path.join(work, "processed"), os.path.join(work, "failed")
        try:
            for n, (path, name) in enumerate(files):
                # Unique names: two sets may hold files of the same name.
                drop = f"{n:04d}-{name}"
                tmp = os.path.join(work, drop + ".part")
                shutil.copyfile(path, tmp)
                os.rename(tmp, os.path.join(inbox, drop))
                deadline = time.time() + 30
                while not (os.path.exists(os.path.join(processed, drop)) or os.path.exists(os.path.join(failed, drop))):
                    if daemon.poll() is not None or time.time() > deadline:
                        sys.exit(f"eval: huibaod did not take {name}; see {work}/huibaod.log")
                    time.sleep(0.005)
        finally:
            daemon.send_signal(signal.SIGTERM)
            daemon.wait(30)
        records = [json.loads(l) for l in open(os.path.join(state, "reports.jsonl"), encoding="utf-8") if l.strip()]
        alerts = [json.loads(l) for l in open(os.path.join(state, "alerts.jsonl"), encoding="utf-8") if l.strip()]
        return records, alerts
    finally:
        shutil.rmtree(work, ignore_errors=True)


def original(name):
    return name.split("-", 1)[1] if "-" in name and name[:4].isdigit() else name


def same_place(context, text, clause):
    """Whether a figure shown by its clause `context` is the gold figure (`text` in `clause`)."""
    if not context or text not in context:
        return False
    return context in clause or clause in context or _overlap(context, clause) >= min(8, len(clause))


def _overlap(a, b):
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def find_figure(record, text, clause):
    for f in record.get("figures", []):
        if f.get("text") == text and same_place(f.get("context", ""), text, clause):
            return f
    for f in record.get("figures", []):  # the parser may hold a longer or shorter text
        if (text in f.get("text", "") or f.get("text", "") in text) and f.get("text") and same_place(f.get("context", ""), f["text"], clause):
            return f
    return None


def evaluate(sets, binary_dir, show):
    files, news, by_file = [], {}, {}
    for name, folder, news_dir in sets:
        for f in reports_in(folder):
            files.append((os.path.join(folder, f), f))
            g = os.path.join(news_dir, f + ".json")
            if os.path.exists(g):
                news[f] = json.load(open(g, encoding="utf-8"))
    links = []
    for name, folder, _ in sets:
        p = os.path.join(folder, "links.json")
        if os.path.exists(p):
            links += json.load(open(p, encoding="utf-8"))["pairs"]
    records, alerts = run_daemon(binary_dir, files)
    # By content: a page stored twice (a series reusing a page of another set) is one record.
    sha_of = {name: hashlib.sha256(open(path, "rb").read()).hexdigest() for path, name in files}
    by_sha = {r["sha256"]: r for r in records}
    for name, sha in sha_of.items():
        if sha in by_sha:
            by_file[name] = by_sha[sha]

    # The readers' bad news: every news entry, and the later figure of each pair marked worse.
    bad = []
    for f, g in news.items():
        for b in g.get("bad_news", []):
            bad.append({"file": f, "text": b["text"], "clause": b["clause"], "why": b.get("why", "")})
    for p in links:
        if p.get("same") and p.get("worse") is True:
            bad.append({"file": p["b"]["file"], "text": p["b"]["text"], "clause": p["b"]["clause"], "why": "worse than the year before"})

    for b in bad:
        b["sha256"] = sha_of.get(b["file"])
        b["issuer_key"] = by_file.get(b["file"], {}).get("issuer_key")
    annotated = {sha_of[f] for f in news if f in sha_of}
    fired = [a for a in alerts if a.get("event") == "firing"]
    judged, unjudged = [], []
    for a in fired:
        if a.get("sha256") not in annotated:
            unjudged.append(a)  # a report no reader annotated
            continue
        if a.get("value") is None:
            unjudged.append(a)  # a zero-event claim dropped: judged against another year, no gold
            continue
        # The figure itself; for a comparison with the year before, the same clause of the same
        # issuer in another copy of the page counts too (two sets may hold one page in two copies).
        def is_it(b):
            if not same_place(a.get("context", ""), b["text"], b["clause"]):
                return False
            return b["sha256"] == a.get("sha256") or (a.get("previous_value") is not None and b["issuer_key"] == a.get("issuer"))
        hit = next((b for b in bad if is_it(b)), None)
        judged.append((a, hit))
    true_alerts = sum(1 for _, h in judged if h)
    alerted = [b for b in bad if any(h is b for _, h in judged)]
    precision = true_alerts / len(judged) if judged else 1.0
    recall = len(alerted) / len(bad) if bad else 1.0

    same = [p for p in links if p.get("same")]
    apart = [p for p in links if not p.get("same")]

    def key(p, side):
        r = by_file.get(p[side]["file"])
        if r is None:
            return None
        f = find_figure(r, p[side]["text"], p[side]["clause"])
        if f is None or not f.get("indicator"):
            return None
        return (r.get("issuer_key"), f["indicator"], f.get("measure"), f.get("period"))

    linked = [p for p in same if key(p, "a") is not None and key(p, "a") == key(p, "b")]
    kept = [p for p in apart if key(p, "a") is None or key(p, "a") != key(p, "b")]
    result = {
        "reports": len(files), "alerts": len(fired), "alerts_judged": len(judged), "alerts_unjudged": len(unjudged),
        "bad_news": len(bad), "precision": precision, "recall": recall,
        "pairs_same": len(same), "linked": len(linked) / len(same) if same else None,
        "pairs_apart": len(apart), "apart": len(kept) / len(apart) if apart else None,
    }
    if show:
        for a, h in judged:
            print(f"  {'ok ' if h else 'BAD'} {a['rule']:<22} {original(a['file'])[:28]:<28} {a.get('indicator') or a.get('subject')} "
                  f"{a.get('value')} | {a.get('context', '')[:50]}")
        for b in bad:
            if not any(h is b for _, h in judged):
                print(f"  missed {b['file'][:28]:<28} {b['text']} | {b['clause'][:50]} ({b['why']})")
        for p in same:
            if p not in linked:
                print(f"  not linked {p['a']['file'][:16]} {p['a']['text']} ~ {p['b']['text']}: {key(p, 'a')} / {key(p, 'b')}")
        for p in apart:
            if p not in kept:
                print(f"  wrongly linked {p['a']['file'][:16]} {p['a']['clause'][:20]} ~ {p['b']['clause'][:20]}: {key(p, 'a')}")
    return result


def line(label, r):
    f = lambda v: "—" if v is None else f"{v:.3f}"
    return (f"{label:<12} reports {r['reports']:>3}  alerts {r['alerts']:>3} (judged {r['alerts_judged']}, unjudged {r['alerts_unjudged']})  "
            f"bad news {r['bad_news']:>3}  precision {f(r['precision'])}  recall {f(r['recall'])}  "
            f"linked {f(r['linked'])} of {r['pairs_same']}  apart {f(r['apart'])} of {r['pairs_apart']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "release"))
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--bars", default=",".join(BARS), help="with --check: which bars (comma-separated; default all)")
    args = ap.parse_args()
    dev = evaluate(DEVELOPMENT, args.bin, args.show)
    test = evaluate(TEST, args.bin, args.show)
    print(line("development", dev))
    print(line("test (real2)", test))
    if args.json:
        json.dump({"development": dev, "test": test}, open(args.json, "w"), indent=1)
    wanted = set(args.bars.split(","))
    missed = [k for k, bar in BARS.items() if k in wanted and dev[k] is not None and dev[k] < bar]
    if args.check and missed:
        print("eval: below the bar: " + ", ".join(f"{k} {dev[k]:.3f} < {BARS[k]}" for k in missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
