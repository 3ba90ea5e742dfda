#!/usr/bin/env python3
"""Records (JSON Lines, schema 2) on stdin → the shape ../shared/eval/score.py reads on stdout.

score.py takes the figures under the gold's key `quantities` (or schema 1's `indicators`); a
schema 2 record holds them under `figures`. Everything else passes through unchanged.

    huibao parse --json FILE... | python3 Tests/Eval/for_score.py | python3 ../shared/eval/score.py --gold DIR
"""
import json
import sys

for line in sys.stdin:
    if not line.strip():
        continue
    record = json.loads(line)
    if "figures" in record:
        record["quantities"] = record.pop("figures")
    print(json.dumps(record, ensure_ascii=False))
