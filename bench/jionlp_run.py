"""Runs JioNLP's extract_money over files, inside bench/venv (bench.py starts it).

    python jionlp_run.py time --runs K FILE...    decode + extract_money over all files, timed;
                                                  prints one JSON object as its last line
    python jionlp_run.py records FILE...          one record per file as JSON Lines, the money
                                                  findings as `indicators` of kind money, so
                                                  ../shared/eval/score.py can score them
"""
import io
import json
import os
import sys
import time
from contextlib import redirect_stdout


def decode(data):
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def load():
    with redirect_stdout(io.StringIO()):  # its import prints a banner
        import jionlp
    return jionlp


def number(x):
    if isinstance(x, list):
        x = x[0]
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    runs = 1
    if args[:1] == ["--runs"]:
        runs, args = int(args[1]), args[2:]
    jio = load()
    extract = jio.ner.extract_money
    blobs = []
    for f in args:
        with open(f, "rb") as fh:
            blobs.append((os.path.basename(f), fh.read()))
    if mode == "records":
        for name, data in blobs:
            found = extract(decode(data), with_parsing=True)
            inds = []
            for m in found:
                d = m.get("detail") or {}
                inds.append({"text": m["text"], "value": number(d.get("num")), "unit": d.get("case") or "元",
                             "qualifier": "approx" if d.get("definition") == "blur" else "exact",
                             "kind": "money", "subject": None, "start": m["offset"][0]})
            print(json.dumps({"file": name, "indicators": inds}, ensure_ascii=False))
        return
    extract(decode(blobs[0][1]), with_parsing=True)  # warm-up: builds its regular expressions
    seconds, found = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        n = 0
        for _, data in blobs:
            n += len(extract(decode(data), with_parsing=True))
        seconds.append(time.perf_counter() - t0)
        found = n
    total = sum(len(d) for _, d in blobs)
    print(json.dumps({"files": len(blobs), "bytes": total, "money_found": found, "seconds": seconds,
                      "mb_per_s": [total / 1e6 / s for s in seconds], "version": getattr(jio, "__version__", None)}))


if __name__ == "__main__":
    main()
