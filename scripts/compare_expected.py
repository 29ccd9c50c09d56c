#!/usr/bin/env python3
"""Runs `bulletin` on a campaign tree for every week of an expected.json (the format of
../shared/examples/*/expected.json) and prints where the tool's figures and findings differ.

usage: scripts/compare_expected.py BULLETIN_BINARY EXAMPLE_DIR
"""
import json, subprocess, sys, tempfile, os

binary, example = sys.argv[1], sys.argv[2]
expected = json.load(open(os.path.join(example, "expected.json")))
inp = os.path.join(example, "input")
template = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "templates", "周通报.txt")
problems = 0
for wk in expected["weeks"]:
    week = wk["week"]
    out = tempfile.mkdtemp()
    subprocess.run([binary, "run", "--input", inp, "--output", out, "--week", week, "--template", template],
                   check=True, stderr=subprocess.DEVNULL)
    summary = json.load(open(os.path.join(out, week, "summary.json")))
    if summary["period"] != wk["period"]:
        print(week, "period", summary["period"], "expected", wk["period"]); problems += 1
    if summary["report_date"] != wk["report_date"]:
        print(week, "report_date", summary["report_date"], "expected", wk["report_date"]); problems += 1
    if summary.get("issue_no") != wk["issue_no"]:
        print(week, "issue_no", summary.get("issue_no"), "expected", wk["issue_no"]); problems += 1
    got = {a["unit"]: a for a in summary["articles"]}
    for row in wk["articles"]:
        g = got.get(row["unit"])
        if g is None:
            print(week, row["unit"], "missing from summary"); problems += 1; continue
        for key in ["unit_type", "quota", "counted", "cumulative", "met", "short_by", "submission"]:
            if g[key] != row[key]:
                print(week, row["unit"], key, "got", g[key], "expected", row[key]); problems += 1
    res = subprocess.run([binary, "check", "--input", inp, "--week", week, "--format", "json"],
                         capture_output=True, text=True)
    findings = json.loads(res.stdout)
    have = {(f["file"], f["line"], f["column"]): f for f in findings}
    for bad in wk["bad_rows"]:
        key = (bad["file"], bad["line"], bad["column"])
        f = have.get(key)
        if f is None:
            near = [x for x in findings if x["file"] == bad["file"] and x["line"] == bad["line"]]
            print(week, "NOT REPORTED", key, bad["problem"], "| same line:", [(x["column"], x["code"]) for x in near]); problems += 1
        elif bad["severity"] in ("error", "warning") and f["severity"] != bad["severity"]:
            print(week, "severity", key, f["severity"], "expected", bad["severity"]); problems += 1
    expected_keys = {(b["file"], b["line"], b["column"]) for b in wk["bad_rows"]}
    extra = [f for f in findings if f["line"] > 0 and (f["file"], f["line"], f["column"]) not in expected_keys]
    for f in extra:
        print(week, "extra finding", f["file"], f["line"], f["column"], f["code"], f["severity"])
print("differences:", problems)
sys.exit(1 if problems else 0)
