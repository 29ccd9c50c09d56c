#!/usr/bin/env python3
"""Deterministic city-sized campaign for the benchmark (scripts/bench.sh).

Writes a campaign tree: 300,000 registered enterprises over 10 镇街, 24 lead units with
18 indicators and ~1,000 samples each, and one ISO week (2021-W35) of 走访台账 holding
300,000 rows over the 5 working days (镇街 and lead units, one file per unit per day),
plus an article list per unit and a receipt log. Standard library only; the same
arguments always give the same bytes.

With WEEKS > 1, a campaign of that many weeks from Monday 2021-08-30 (2021-W35 onwards):
the visit period is every working day of them, each week folder holds LEDGER_ROWS ledger
rows over its 5 days (the 镇街 go on through their enterprises, so coverage grows week by
week), an article list per unit and a receipt log; the sample lists arrive in the first
week. WEEKS = 1 writes exactly the one-week tree above.

usage: gen_bench.py OUT_DIR [ENTERPRISES] [LEDGER_ROWS] [WEEKS]
"""
import datetime
import os
import random
import sys

ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code(n):
    first = "9137030%010d" % n
    s = sum(ALPHA.index(c) * w for c, w in zip(first, WEIGHTS))
    return first + ALPHA[(31 - s % 31) % 31]


def main():
    out = sys.argv[1]
    enterprises = int(sys.argv[2]) if len(sys.argv) > 2 else 300_000
    ledger_rows = int(sys.argv[3]) if len(sys.argv) > 3 else 300_000
    weeks = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    rnd = random.Random(2021)
    monday = datetime.date(2021, 8, 30)
    last_friday = monday + datetime.timedelta(days=7 * (weeks - 1) + 4)
    os.makedirs(os.path.join(out, "roster"), exist_ok=True)
    towns = ["城东街道", "城西街道", "山头街道", "域城镇", "白塔镇", "八陡镇", "石马镇", "源泉镇", "池上镇", "博山镇"]
    leads = ["区牵头单位%02d" % i for i in range(1, 25)]
    responsible = ["区责任单位%02d" % i for i in range(1, 11)]
    with open(os.path.join(out, "plan.yaml"), "w", encoding="utf-8") as f:
        if weeks == 1:
            f.write(
                "campaign: 基准测试活动\noffice: 基准测试办公室\n"
                "period: {start: 2021-08-27, end: 2021-09-10}\n"
                "visit_period: {start: 2021-08-30, end: 2021-09-03}\n"
                'area_code: "0533"\n'
            )
        else:
            f.write(
                "campaign: 基准测试活动\noffice: 基准测试办公室\n"
                f"period: {{start: {monday}, end: {last_friday}}}\n"
                f"visit_period: {{start: {monday}, end: {last_friday}}}\n"
                'area_code: "0533"\n'
            )
    with open(os.path.join(out, "roster/units.csv"), "w", encoding="utf-8") as f:
        f.write("单位名称,单位类型,简称\n")
        for u in leads:
            f.write(f"{u},牵头单位,\n")
        for u in responsible:
            f.write(f"{u},责任单位,\n")
        for u in towns:
            f.write(f"{u},镇街,\n")
    indicators = [("指标%02d" % i, leads[i % len(leads)], responsible[i % len(responsible)]) for i in range(18)]
    with open(os.path.join(out, "roster/indicators.csv"), "w", encoding="utf-8") as f:
        f.write("指标名称,牵头单位,责任单位\n")
        for name, lead, resp in indicators:
            f.write(f"{name},{lead},{resp}\n")
    with open(os.path.join(out, "roster/media.csv"), "w", encoding="utf-8") as f:
        f.write("媒体名称,媒体级别\n人民网,中央级\n大众日报,省级\n淄博日报,市级\n博山发布,区级\n")
    codes = [credit_code(1_000_000 + i * 7) for i in range(enterprises)]
    town_of = [towns[i % len(towns)] for i in range(enterprises)]
    with open(os.path.join(out, "roster/enterprises.csv"), "w", encoding="utf-8") as f:
        f.write("企业名称,统一社会信用代码,所属镇街\n")
        for i, code in enumerate(codes):
            f.write(f"淄博基准测试企业{i:06d}有限公司,{code},{town_of[i]}\n")

    # Samples: each indicator ~1,000 enterprises, in the first week.
    first = os.path.join(out, "2021-W35")
    os.makedirs(os.path.join(first, "样本企业汇总表"), exist_ok=True)
    by_lead = {}
    for name, lead, _ in indicators:
        by_lead.setdefault(lead, []).append(name)
    for lead, names in sorted(by_lead.items()):
        with open(os.path.join(first, "样本企业汇总表", f"{lead}.csv"), "w", encoding="utf-8") as f:
            f.write("序号,指标名称,企业名称,统一社会信用代码,所属镇街,办理事项,办理时间,联系人,联系电话,是否存在分歧或投诉,问题来源,情况说明,样本状态,备注\n")
            n = 0
            for name in names:
                for _ in range(1000):
                    i = rnd.randrange(enterprises)
                    n += 1
                    f.write(f"{n},{name},淄博基准测试企业{i:06d}有限公司,{codes[i]},{town_of[i]},办理事项,2021-03-01,联系人,139{rnd.randrange(10**8):08d},否,,,有效,\n")
    cursors = [0] * len(towns)
    for w in range(weeks):
        week_monday = monday + datetime.timedelta(days=7 * w)
        days = [str(week_monday + datetime.timedelta(days=d)) for d in range(5)]
        iso = week_monday.isocalendar()
        write_week(out, f"{iso[0]}-W{iso[1]:02d}", days, rnd, towns, leads, responsible, codes, town_of,
                   enterprises, ledger_rows, cursors, w)


def write_week(out, folder, days, rnd, towns, leads, responsible, codes, town_of, enterprises, ledger_rows, cursors, w):
    week = os.path.join(out, folder)
    # Ledgers: 镇街 visit their own enterprises (90% of rows), lead units their samples.
    ledger_dir = os.path.join(week, "走访台账")
    os.makedirs(ledger_dir, exist_ok=True)
    header = "序号,走访日期,走访单位,企业名称,统一社会信用代码,所属镇街,走访方式,走访对象,联系电话,是否宣传政策,企业反映问题,办理情况,责任单位,走访人\n"
    town_rows = ledger_rows * 9 // 10
    lead_rows = ledger_rows - town_rows
    receipts = []
    per_town_day = town_rows // (len(towns) * len(days))
    per_lead_day = max(1, lead_rows // (len(leads) * len(days)))
    problems = ["用电报装慢", "招工难", "融资难", "审批时间长", "道路不畅"]
    for t_i, town in enumerate(towns):
        mine = range(t_i, enterprises, len(towns))
        for d_i, day in enumerate(days):
            name = f"{town}_{day}.csv"
            with open(os.path.join(ledger_dir, name), "w", encoding="utf-8") as f:
                f.write(header)
                for r in range(per_town_day):
                    i = mine[cursors[t_i] % len(mine)]
                    cursors[t_i] += 1
                    mode = "实地走访" if rnd.random() < 0.7 else "电话回访"
                    if rnd.random() < 0.05:
                        p, st, resp = rnd.choice(problems), rnd.choice(["已解决", "正在解决", "无法解决"]), rnd.choice(responsible)
                    else:
                        p, st, resp = "", "无问题", ""
                    f.write(f"{r + 1},{day},{town},淄博基准测试企业{i:06d}有限公司,{codes[i]},{town_of[i]},{mode},企业法人,138{rnd.randrange(10**8):08d},是,{p},{st},{resp},走访人{rnd.randrange(200):03d}\n")
            receipts.append((f"走访台账/{name}", f"{day} {9 + rnd.randrange(8):02d}:{rnd.randrange(60):02d}"))
    for lead in leads:
        for day in days:
            name = f"{lead}_{day}.csv"
            with open(os.path.join(ledger_dir, name), "w", encoding="utf-8") as f:
                f.write(header)
                for r in range(per_lead_day):
                    i = rnd.randrange(enterprises)
                    f.write(f"{r + 1},{day},{lead},淄博基准测试企业{i:06d}有限公司,{codes[i]},{town_of[i]},电话回访,预留电话机主,0533-{4100000 + rnd.randrange(10**5):07d},是,,无问题,,走访人{rnd.randrange(200):03d}\n")
            receipts.append((f"走访台账/{name}", f"{day} {9 + rnd.randrange(8):02d}:{rnd.randrange(60):02d}"))
    articles_dir = os.path.join(week, "宣传稿件统计表")
    os.makedirs(articles_dir, exist_ok=True)
    # Week w's articles: distinct links and titles (a repeat would be a duplicate).
    tag = "" if w == 0 else f"-{w + 1}"
    for k, unit in enumerate(leads + responsible):
        with open(os.path.join(articles_dir, f"{unit}.csv"), "w", encoding="utf-8") as f:
            f.write("序号,单位名称,稿件标题,发布媒体,媒体级别,发布日期,链接,是否头版头条,备注\n")
            for j in range(6):
                f.write(f"{j + 1},{unit},{unit}优化营商环境报道{j}{tag},博山发布,区级,{days[2]},http://www.boshan.gov.cn/a/{k}/{j}{tag}.html,否,\n")
        receipts.append((f"宣传稿件统计表/{unit}.csv", f"{days[4]} 14:00"))
    with open(os.path.join(week, "报送登记.csv"), "w", encoding="utf-8") as f:
        f.write("文件,收到时间\n")
        for path, time in receipts:
            f.write(f"{path},{time}\n")

if __name__ == "__main__":
    main()
