#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""生成第二个内置示例 examples/binhai/：滨海新区“稳经济 保增长 促发展”营商环境再提升攻坚行动。

    python3 scripts/make_binhai_example.py

依据 /work/shared/seeds 000（滨海新区营商环境再提升攻坚行动方案）：每个指标有效样本不低于50个；
问题清单11月30日前清零；方案中的重点任务及其完成时限照原文写入 plan.yaml 的 tasks：
  - 政策文件、创新举措、优秀案例上传及惠企政策报送（各成员单位，完成时限：10月31日）
  - 企业全量样本名单（指标牵头部门，完成时限：10月28日）
  - 企业服务情况和特色服务举措（各成员单位，完成时限：11月4日）
  - 问题清单整改落实情况（主要负责同志签字，各成员单位，完成时限：11月30日）
名册为区级成员单位和各开发区（开发区按“镇街”类型走访企业）。只用标准库，随机数固定，
每次运行逐字节相同；企业、人员、电话、链接均为虚构。生成四周（第43—46周）的报送，
其中有迟报、未报送的表格和材料。
"""
import datetime as dt
import os
import random
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'examples', 'binhai')
rng = random.Random(2022)
D = dt.date
TD = dt.timedelta

ALPHA = '0123456789ABCDEFGHJKLMNPQRTUWXY'
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def check_char(s17):
    total = sum(ALPHA.index(c) * w for c, w in zip(s17, WEIGHTS))
    return ALPHA[(31 - total % 31) % 31]


def org_check(body8):
    ws = [3, 7, 9, 10, 5, 8, 4, 2]
    c = 11 - sum(int(v) * w for v, w in zip(body8, ws)) % 11
    return 'X' if c == 10 else ('0' if c == 11 else str(c))


ISSUED = set()


def new_code():
    while True:
        body = ''.join(rng.choice('0123456789') for _ in range(8))
        s17 = '91120116' + body + org_check(body)
        code = s17 + check_char(s17)
        if code not in ISSUED:
            ISSUED.add(code)
            return code


LEAD = ['区政务服务办', '区市场监管局', '区规划资源局', '区住房建设委', '区税务局']
RESP = ['区发展改革委', '区工业和信息化局', '区商务局', '区网格化管理中心', '区司法局']
ZONES = ['天津经济技术开发区', '天津港保税区', '滨海高新区', '东疆综合保税区', '中新天津生态城']
ALIAS = {'天津经济技术开发区': '经开区', '天津港保税区': '保税区', '滨海高新区': '高新区',
         '东疆综合保税区': '东疆', '中新天津生态城': '生态城', '区工业和信息化局': '区工信局'}
INDICATORS = [
    ('开办企业', '区市场监管局', ['区政务服务办', '区税务局']),
    ('办理建筑许可', '区住房建设委', ['区规划资源局']),
    ('登记财产', '区规划资源局', ['区税务局']),
    ('纳税', '区税务局', ['区发展改革委']),
    ('政务服务', '区政务服务办', ['区网格化管理中心', '区司法局']),
]
# 有效样本数：两个指标不足50个
SAMPLE_COUNT = {'开办企业': 52, '办理建筑许可': 50, '登记财产': 41, '纳税': 55, '政务服务': 30}
SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗'
GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚'
WORDS = ['科技', '物流', '港务', '海洋', '新材料', '智能', '医药', '航空', '能源', '数据', '装备', '化工', '贸易', '信息', '环保']
FORMS = ['有限公司', '股份有限公司', '科技有限公司']

FILES = {}


def person():
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.5 else '')


def mobile():
    return '1' + rng.choice('3589') + ''.join(rng.choice('0123456789') for _ in range(9))


def csv_bytes(header, rows):
    def cell(v):
        v = str(v)
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\n') else v
    lines = [','.join(header)] + [','.join(cell(r.get(h, '')) for h in header) for r in rows]
    return b'\xef\xbb\xbf' + ('\r\n'.join(lines) + '\r\n').encode('utf-8')


# 企业：每个开发区 12 家在册企业
ENTERPRISES = []
for z in ZONES:
    for i in range(12):
        name = '天津' + rng.choice(WORDS) + rng.choice(WORDS) + rng.choice(FORMS)
        while any(e[0] == name for e in ENTERPRISES):
            name = '天津滨海' + rng.choice(WORDS) + rng.choice(WORDS) + rng.choice(FORMS)
        ENTERPRISES.append((name, new_code(), z))

# 周：活动期 2022-10-24（周一）至 2022-11-30；每周五通报
WEEKS = {'2022-W43': D(2022, 10, 28), '2022-W44': D(2022, 11, 4), '2022-W45': D(2022, 11, 11), '2022-W46': D(2022, 11, 18)}
VISIT_DAYS = [D(2022, 10, 31) + TD(i) for i in range(5)]  # 企业服务月集中走访：10月31日—11月4日
RECEIPTS = {w: [] for w in WEEKS}


def week_of(d):
    y, w, _ = d.isocalendar()
    return f'{y}-W{w:02d}'


def receive(rel, when):
    RECEIPTS[rel.split('/')[0]].append((when, rel.split('/', 1)[1]))


def ts(d, h, m):
    return f'{d.isoformat()} {h:02d}:{m:02d}'


# ---- 样本企业汇总表（附件1）：第43周，每个牵头单位一份；区规划资源局第44周才报
SAMPLE_HEADER = ['序号', '指标名称', '企业名称', '统一社会信用代码', '所属镇街', '办理事项', '办理时间', '联系人', '联系电话',
                 '是否存在分歧或投诉', '问题来源', '情况说明', '样本状态', '备注']
SAMPLED = []
for ind, lead, _resp in INDICATORS:
    rows = []
    for i in range(SAMPLE_COUNT[ind]):
        zone = ZONES[i % len(ZONES)]
        name = f'天津{zone[-3:]}{ind}样本{i + 1:02d}号{rng.choice(FORMS)}'
        code = new_code()
        SAMPLED.append((name, code, zone))
        complaint = i % 17 == 5
        rows.append({'序号': i + 1, '指标名称': ind, '企业名称': name, '统一社会信用代码': code, '所属镇街': zone,
                     '办理事项': ind + '业务', '办理时间': (D(2022, 3, 1) + TD(rng.randint(0, 200))).isoformat(),
                     '联系人': person(), '联系电话': mobile(), '是否存在分歧或投诉': '是' if complaint else '否',
                     '问题来源': '12345热线' if complaint else '', '情况说明': '办理时限有异议，已沟通' if complaint else '',
                     '样本状态': '有效'})
    week = '2022-W44' if lead == '区规划资源局' else '2022-W43'
    rel = f'{week}/样本企业汇总表/{lead}.csv'
    FILES[rel] = csv_bytes(SAMPLE_HEADER, rows)  # 每个牵头单位牵头一个指标
for rel in sorted(r for r in FILES if '/样本企业汇总表/' in r):
    d = D(2022, 10, 25) if rel.startswith('2022-W43') else D(2022, 11, 2)
    receive(rel, ts(d, 9 + len(rel) % 6, len(rel) % 60))

# ---- 走访台账（附件2）：开发区和牵头单位，10月31日—11月4日每个工作日
LEDGER_HEADER = ['序号', '走访日期', '走访单位', '企业名称', '统一社会信用代码', '所属镇街', '走访方式', '走访对象', '联系电话',
                 '是否宣传政策', '企业反映问题', '办理情况', '责任单位', '走访人']
LEDGER_MISSING = {('东疆综合保税区', D(2022, 11, 2)), ('区税务局', D(2022, 11, 3))}
LEDGER_LATE = {('滨海高新区', D(2022, 11, 1)): '2022-11-01 17:20'}
for unit in ZONES + LEAD:
    for di, day in enumerate(VISIT_DAYS):
        if (unit, day) in LEDGER_MISSING:
            continue
        pool = [e for e in ENTERPRISES if e[2] == unit] if unit in ZONES else SAMPLED[LEAD.index(unit)::9]
        rows = []
        for k in range(2):
            name, code, zone = pool[(di * 2 + k) % len(pool)]
            problem = '希望简化跨区迁移手续' if (di + k) % 4 == 1 else ''
            rows.append({'序号': k + 1, '走访日期': day.isoformat(), '走访单位': unit, '企业名称': name,
                         '统一社会信用代码': code, '所属镇街': zone, '走访方式': '实地走访' if k == 0 else '电话回访',
                         '走访对象': '企业法人', '联系电话': mobile(), '是否宣传政策': '是', '企业反映问题': problem,
                         '办理情况': '正在解决' if problem else '无问题', '责任单位': '区市场监管局' if problem else '',
                         '走访人': person()})
        rel = f'{week_of(day)}/走访台账/{unit}_{day.isoformat()}.csv'
        FILES[rel] = csv_bytes(LEDGER_HEADER, rows)
        receive(rel, LEDGER_LATE.get((unit, day), ts(day, 10 + rng.randint(0, 5), rng.randint(0, 59))))

# ---- 宣传稿件统计表（附件3）：成员单位每周1篇；区司法局第44周未报，区商务局第45周迟报
ARTICLE_HEADER = ['序号', '单位名称', '稿件标题', '发布媒体', '媒体级别', '发布日期', '链接', '是否头版头条', '备注']
MEDIA = [('滨海时报', '区级'), ('天津日报', '市级'), ('北方网', '市级'), ('人民日报', '中央级')]
n = 0
for week, report in WEEKS.items():
    for unit in LEAD + RESP:
        if (unit, week) == ('区司法局', '2022-W44'):
            continue
        rows = []
        for k in range(1 + (rng.random() < 0.3)):
            n += 1
            medium, level = MEDIA[(n + k) % len(MEDIA)]
            rows.append({'序号': k + 1, '单位名称': unit, '稿件标题': f'{unit}优化营商环境举措第{n}篇', '发布媒体': medium,
                         '媒体级别': level, '发布日期': (report - TD(rng.randint(1, 4))).isoformat(),
                         '链接': f'https://www.example.cn/binhai/{n}.html', '是否头版头条': '否'})
        rel = f'{week}/宣传稿件统计表/{unit}.csv'
        FILES[rel] = csv_bytes(ARTICLE_HEADER, rows)
        when = ts(report, 16, 30) if (unit, week) == ('区商务局', '2022-W45') else ts(report - TD(1), 9 + rng.randint(0, 7), rng.randint(0, 59))
        receive(rel, when)

# ---- 问题清单：区网格化管理中心报送常态化监测问题，11月30日前清零
PROBLEM_HEADER = ['问题编号', '问题来源', '问题描述', '企业名称', '统一社会信用代码', '责任单位', '整改时限', '整改状态', '完成日期']
problems = [
    ('BH-2022-001', '常态化监测', '企业开办线上填报步骤繁琐', '区市场监管局', '2022-11-10'),
    ('BH-2022-002', '12345热线', '施工许可审批材料反复补正', '区住房建设委', '2022-11-04'),
    ('BH-2022-003', '常态化监测', '不动产登记窗口等候时间长', '区规划资源局', '2022-11-30'),
    ('BH-2022-004', '12345热线', '退税进度查询渠道不畅', '区税务局', '2022-11-15'),
    ('BH-2022-005', '常态化监测', '政务服务大厅延时服务未落实', '区政务服务办', '2022-11-08'),
]
status = {
    '2022-W43': {},
    '2022-W44': {'BH-2022-002': ('已整改', '2022-11-03'), 'BH-2022-005': ('整改中', '')},
    '2022-W45': {'BH-2022-001': ('已整改', '2022-11-09'), 'BH-2022-004': ('整改中', '')},
    '2022-W46': {'BH-2022-004': ('已整改', '2022-11-16')},
}
for week in WEEKS:
    rows = []
    for pid, src, desc, unit, due in problems:
        if week != '2022-W43' and pid not in status[week]:
            continue
        st, done = status[week].get(pid, ('未整改', ''))
        rows.append({'问题编号': pid, '问题来源': src, '问题描述': desc, '责任单位': unit, '整改时限': due,
                     '整改状态': st, '完成日期': done})
    rel = f'{week}/问题清单/区网格化管理中心.csv'
    FILES[rel] = csv_bytes(PROBLEM_HEADER, rows)
    receive(rel, ts(WEEKS[week] - TD(1), 11, 5))

# ---- 材料报送（重点任务）：文件内容不读取
TASKS = [
    ('企业全量样本名单', '牵头单位', '2022-10-28', '指标牵头部门梳理统计企业名单，报送区营商环境办（完成时限：10月28日）'),
    ('惠企政策及解读文件', '[牵头单位, 责任单位]', '2022-10-31', '各成员单位完成政策文件、创新举措、优秀案例的上传，并将惠企便民政策和解读文件报送区营商环境办（完成时限：10月31日）'),
    ('企业服务情况', '[牵头单位, 责任单位]', '2022-11-04', '各单位将企业服务情况和特色服务举措报送区营商环境办（完成时限：11月4日）'),
    ('问题整改落实情况', '[牵头单位, 责任单位]', '2022-11-30', '对照问题清单整改，落实情况由部门主要负责同志签字后报区营商环境办（完成时限：11月30日）'),
]
DELIVERABLES = {
    # 企业全量样本名单（10月28日，即当日24:00）：区住房建设委 10月29日（周六）才报，列为迟报、
    # 按未报送扣分（通报日之后才到）；区规划资源局 未报送
    ('企业全量样本名单', '区政务服务办', 'xlsx'): '2022-10-26 10:20',
    ('企业全量样本名单', '区市场监管局', 'xlsx'): '2022-10-27 15:02',
    ('企业全量样本名单', '区住房建设委', 'xlsx'): '2022-10-29 09:30',
    ('企业全量样本名单', '区税务局', 'xlsx'): '2022-10-28 09:45',
    # 惠企政策及解读文件（10月31日）：区商务局 11月1日迟报（在第44期通报日前，扣迟报分）；
    # 区司法局 未报送；区税务局 两个文件，以最早收到的为准
    ('惠企政策及解读文件', '区政务服务办', 'pdf'): '2022-10-31 11:00',
    ('惠企政策及解读文件', '区市场监管局', 'pdf'): '2022-10-31 16:40',
    ('惠企政策及解读文件', '区规划资源局', 'pdf'): '2022-10-31 09:30',
    ('惠企政策及解读文件', '区住房建设委', 'docx'): '2022-10-31 14:15',
    ('惠企政策及解读文件', '区税务局', 'pdf'): '2022-10-31 10:05',
    ('惠企政策及解读文件_解读', '区税务局', 'docx'): '2022-10-31 10:06',
    ('惠企政策及解读文件', '区发展改革委', 'pdf'): '2022-10-31 15:50',
    ('惠企政策及解读文件', '区工业和信息化局', 'pdf'): '2022-10-31 17:20',
    ('惠企政策及解读文件', '区商务局', 'pdf'): '2022-11-01 09:10',
    ('惠企政策及解读文件', '区网格化管理中心', 'docx'): '2022-10-31 08:50',
    # 企业服务情况（11月4日）：区网格化管理中心、区司法局 未报送；区发展改革委 11月4日20:00 报送，
    # 完成时限只写日期即当日24:00，按时
    ('企业服务情况', '区政务服务办', 'docx'): '2022-11-03 16:00',
    ('企业服务情况', '区市场监管局', 'docx'): '2022-11-04 10:30',
    ('企业服务情况', '区规划资源局', 'docx'): '2022-11-04 11:45',
    ('企业服务情况', '区住房建设委', 'docx'): '2022-11-02 09:00',
    ('企业服务情况', '区税务局', 'docx'): '2022-11-04 15:10',
    ('企业服务情况', '区发展改革委', 'docx'): '2022-11-04 20:00',
    ('企业服务情况', '区工业和信息化局', 'zip'): '2022-11-04 12:00',
    ('企业服务情况', '区商务局', 'docx'): '2022-11-03 17:30',
    # 问题整改落实情况（11月30日）：部分单位提前报送签字件
    ('问题整改落实情况', '区住房建设委', 'pdf'): '2022-11-16 10:00',
    ('问题整改落实情况', '区政务服务办', 'pdf'): '2022-11-17 14:00',
}
for (task, unit, ext), when in DELIVERABLES.items():
    day = D.fromisoformat(when[:10])
    rel = f'{week_of(day)}/材料报送/{unit}_{task}.{ext}'
    FILES[rel] = f'{unit}「{task}」（示例材料，工具不读取内容）\n'.encode('utf-8')
    receive(rel, when)

for week, entries in RECEIPTS.items():
    lines = ['文件,收到时间'] + [f'{p},{t}' for t, p in sorted(entries)]
    FILES[f'{week}/报送登记.csv'] = b'\xef\xbb\xbf' + ('\r\n'.join(lines) + '\r\n').encode('utf-8')

# ---- 名册与 plan.yaml
FILES['roster/units.csv'] = csv_bytes(['单位名称', '单位类型', '简称'],
                                      [{'单位名称': u, '单位类型': t, '简称': ALIAS.get(u, '')}
                                       for t, us in (('牵头单位', LEAD), ('责任单位', RESP), ('镇街', ZONES)) for u in us])
FILES['roster/indicators.csv'] = csv_bytes(['指标名称', '牵头单位', '责任单位'],
                                           [{'指标名称': i, '牵头单位': l, '责任单位': '、'.join(r)} for i, l, r in INDICATORS])
FILES['roster/enterprises.csv'] = csv_bytes(['企业名称', '统一社会信用代码', '所属镇街'],
                                            [{'企业名称': n, '统一社会信用代码': c, '所属镇街': z} for n, c, z in ENTERPRISES])
FILES['roster/media.csv'] = csv_bytes(['媒体名称', '媒体级别'], [{'媒体名称': m, '媒体级别': l} for m, l in MEDIA])

task_lines = ''.join(
    f'  - name: {name}\n    from: {frm}\n    due: {due}              # {note}\n' for name, frm, due, note in TASKS)
FILES['plan.yaml'] = f'''# 滨海新区“稳经济 保增长 促发展”营商环境再提升攻坚行动 —— 通报统计设置（示例）
# 依据：区优化营商环境领导小组办公室印发的攻坚行动方案。本文件由 scripts/make_binhai_example.py 生成。

campaign: 滨海新区营商环境再提升攻坚行动
office: 滨海新区优化营商环境领导小组办公室
period: {{start: 2022-10-24, end: 2022-11-30}}
visit_period: {{start: 2022-10-31, end: 2022-11-04}}   # “企业服务月”集中走访（完成时限：11月4日）
samples_handled_since: 2022-01-01
problems_clear_by: 2022-11-30          # 问题清单 11月30日前清零
area_code: "022"
report_weekday: 5
quotas:
  articles_per_week: {{牵头单位: 1, 责任单位: 1, 镇街: 0}}
  samples_per_indicator: 50            # 每个指标有效样本数不低于50个
tasks:                                 # 方案中的重点任务，完成时限照原文（日期即当日24:00）
{task_lines}bulletin:
  max_listed: 10
  copy_to: 各成员单位
'''.encode('utf-8')


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for rel in sorted(FILES):
        p = os.path.join(OUT, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'wb') as f:
            f.write(FILES[rel])
    print(f'wrote {len(FILES)} files under {OUT}')


if __name__ == '__main__':
    main()
