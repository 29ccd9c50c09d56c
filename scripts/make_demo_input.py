#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""生成博山区“大走访大排查大提升”活动的演示输入数据 input/。

    python3 scripts/make_demo_input.py

只用标准库；随机数固定为 random.Random(2021)，每次运行生成的文件逐字节相同。
运行时先删除 input/ 下由本脚本生成的内容（plan.yaml、roster/、2021-W3x/、README.md），
再全部重新生成。数据依据《博山区开展优化营商环境“为群众办实事为企业解难题”
大走访大排查大提升活动实施方案》（2021年8月27日），企业、人员、电话、链接均为虚构。

各单位报送的文件模仿 Excel/WPS 另存为 CSV 的实际样子：UTF-8（带或不带 BOM）或
GB18030、CRLF 或 LF、表头上方的打印标题行、表头里的括号注释、全角空格、
多余的空行空列等；并故意放入一批常见填报错误。所有故意设置的错误及其所在的
文件、物理行号、列，由本脚本写入 input/README.md。
"""
import datetime as dt
import os
import shutil
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INPUT = os.path.join(ROOT, 'input')
GENERATED = ['plan.yaml', 'roster', '2021-W34', '2021-W35', '2021-W36', 'README.md']

rng = random.Random(2021)
D = dt.date
TD = dt.timedelta
FW = '\u3000'  # 全角空格

# ---------------------------------------------------------------------------
# 统一社会信用代码（GB 32100-2015）与组织机构代码（GB 11714）
# ---------------------------------------------------------------------------
ALPHA = '0123456789ABCDEFGHJKLMNPQRTUWXY'
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_ALPHA = '0123456789ABCDEFGHJKLMNPQRTUWXY'  # 新赋码（MA 开头）使用的字符


def check_char(s17):
    total = sum(ALPHA.index(c) * w for c, w in zip(s17, WEIGHTS))
    return ALPHA[(31 - total % 31) % 31]


def code_valid(code):
    return (len(code) == 18 and all(c in ALPHA for c in code)
            and check_char(code[:17]) == code[17])


def org_check(body8):
    ws = [3, 7, 9, 10, 5, 8, 4, 2]
    vals = [int(c) if c.isdigit() else ord(c) - 55 for c in body8]
    c = 11 - sum(v * w for v, w in zip(vals, ws)) % 11
    return 'X' if c == 10 else ('0' if c == 11 else str(c))


for _v in ('914403001922038216', '91110000802100433B', '9144030071526726XG'):
    assert code_valid(_v), _v

ISSUED = set()


def new_code(region='370304', style=None, digits_only=False):
    while True:
        st = style or rng.choices(['old', 'ma'], [0.45, 0.55])[0]
        if digits_only:
            st = 'old'
        if st == 'old':
            body = rng.choice(['16', '26', '49', '57', '66', '69', '73', '75', '79', '86']) + \
                ''.join(rng.choice('0123456789') for _ in range(6))
        else:
            body = 'MA' + rng.choice('3') + rng.choice('CDFNPRT') + \
                ''.join(rng.choice(ORG_ALPHA) for _ in range(4))
        oc = org_check(body)
        s17 = '91' + region + body + oc
        code = s17 + check_char(s17)
        if digits_only and not code.isdigit():
            continue
        if code in ISSUED:
            continue
        ISSUED.add(code)
        return code


# ---------------------------------------------------------------------------
# 名册
# ---------------------------------------------------------------------------
LEAD = ['区法院', '区教体局', '区科技局', '区民政局', '区财政局', '区人力资源和社会保障局',
        '区自然资源局', '博山规划管理办公室', '区住房和城乡建设局', '区交通运输局', '区水利局',
        '区商务局', '区文化和旅游局', '区卫生健康局', '区行政审批服务局', '区市场监管局',
        '区统计局', '区地方金融监管局', '区大数据中心', '区税务局', '区生态环境分局',
        '区供电中心', '区银保监组', '市公共资源交易中心博山分中心']
RESP = ['区网信办', '区发展和改革局', '区工业和信息化局', '区公安分局', '区司法局',
        '区应急管理局', '区城市管理局', '区医疗保障局', '区消防救援大队', '区12345热线服务中心']
TOWNS = ['城东街道', '城西街道', '山头街道', '域城镇', '白塔镇', '八陡镇', '石马镇',
         '源泉镇', '池上镇', '博山镇']
ALIAS = {
    '区人力资源和社会保障局': '区人社局', '区行政审批服务局': '区审批局',
    '区住房和城乡建设局': '区住建局', '区文化和旅游局': '区文旅局',
    '区地方金融监管局': '区金融局', '区卫生健康局': '区卫健局',
    '市公共资源交易中心博山分中心': '公共资源交易博山分中心',
    '区发展和改革局': '区发改局', '区工业和信息化局': '区工信局',
    '区应急管理局': '区应急局', '区城市管理局': '区城管局', '区医疗保障局': '区医保局',
}
UNIT_ORDER = LEAD + RESP + TOWNS
UTYPE = {**{u: '牵头单位' for u in LEAD}, **{u: '责任单位' for u in RESP}, **{u: '镇街' for u in TOWNS}}
QUOTA = {'牵头单位': 5, '责任单位': 3, '镇街': 0}

INDICATORS = [
    ('开办企业', '区行政审批服务局', ['区市场监管局', '区税务局', '区公安分局']),
    ('劳动力市场监管', '区人力资源和社会保障局', ['区司法局', '区医疗保障局']),
    ('办理建筑许可', '区住房和城乡建设局', ['区自然资源局', '博山规划管理办公室', '区消防救援大队']),
    ('政府采购', '区财政局', ['市公共资源交易中心博山分中心']),
    ('招标投标', '市公共资源交易中心博山分中心', ['区发展和改革局', '区财政局']),
    ('获得电力', '区供电中心', ['区发展和改革局', '区自然资源局']),
    ('获得用水用气', '区水利局', ['区住房和城乡建设局', '区城市管理局']),
    ('登记财产', '区自然资源局', ['区税务局', '区住房和城乡建设局']),
    ('获得信贷', '区地方金融监管局', ['区银保监组']),
    ('保护中小投资者', '区银保监组', ['区法院', '区市场监管局']),
    ('知识产权创造保护和运用', '区市场监管局', ['区科技局', '区法院']),
    ('纳税', '区税务局', ['区财政局']),
    ('跨境贸易', '区商务局', ['区工业和信息化局']),
    ('执行合同', '区法院', ['区司法局']),
    ('办理破产', '区法院', ['区人力资源和社会保障局', '区自然资源局']),
    ('市场监管', '区市场监管局', ['区应急管理局', '区卫生健康局', '区生态环境分局']),
    ('政务服务', '区行政审批服务局', ['区大数据中心', '区12345热线服务中心']),
    ('包容普惠创新', '区科技局', ['区教体局', '区文化和旅游局', '区民政局']),
]
IND_LEAD = {name: lead for name, lead, _ in INDICATORS}
LEAD_INDS = {}
for _n, _l, _r in INDICATORS:
    LEAD_INDS.setdefault(_l, []).append(_n)

MEDIA = [
    ('人民网', '中央级'), ('新华网', '中央级'), ('人民日报', '中央级'), ('中国日报', '中央级'),
    ('中国政府网', '中央级'),
    ('大众日报', '省级'), ('问政山东', '省级'), ('山东政务服务网', '省级'), ('齐鲁网', '省级'),
    ('大众网', '省级'),
    ('淄博日报', '市级'), ('淄博晚报', '市级'), ('淄博新闻网', '市级'), ('齐鲁晚报·淄博', '市级'),
    ('博山区人民政府网', '区级'), ('博山融媒', '区级'), ('博山发布', '区级'), ('今日博山', '区级'),
]
MEDIA_LEVEL = dict(MEDIA)
LEVEL_WEIGHT = {'中央级': 3, '省级': 2, '市级': 1.5, '区级': 1}

SURNAMES = list('王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢'
                '蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵'
                '孟龙万段雷钱汤尹黎易常武乔贺赖龚翟亓')
GIVEN = ['伟', '静', '磊', '敏', '强', '娜', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞',
         '鹏', '华', '建国', '志强', '秀英', '海燕', '立新', '晓东', '丽娟', '文博', '国庆', '玉兰',
         '宏伟', '思远', '雪梅', '春雨', '振华', '金凤', '德胜', '红梅', '永刚', '淑珍', '佳琪',
         '晨曦', '子涵', '浩然', '雨桐', '家豪', '欣怡', '俊杰', '凤英', '长青', '庆福', '瑞华']


def person():
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def mobile():
    return rng.choice(['13', '15', '18', '17', '19', '13', '15', '18']) + \
        str(rng.randint(0, 9)) + ''.join(rng.choice('0123456789') for _ in range(8))


def landline():
    return '0533-' + rng.choice(['41', '42', '43', '46']) + \
        ''.join(rng.choice('0123456789') for _ in range(5))


# ---------------------------------------------------------------------------
# 企业
# ---------------------------------------------------------------------------
ENT_WORDS = ['华联', '鲁中', '金晶', '宏达', '博泰', '恒信', '瑞丰', '鑫源', '天成', '正元', '三元',
             '颜山', '孝河', '岳阳', '凤凰', '鲁山', '原山', '开元', '嘉盛', '金诚', '润泽', '新博',
             '博汇', '东岳', '德信', '福瑞', '宏昌', '联创', '永盛', '盛达', '鼎力', '博瑞', '丰源',
             '隆昌', '信诚', '中鑫', '金泰', '华宇', '瑞祥', '万通', '龙泉', '海川', '晟通', '荣昌',
             '安泰', '百川', '裕隆', '惠民', '琉光', '陶都', '博远', '峨嵋', '青龙', '神头', '秋谷',
             '泰丰', '鸿运', '北岭', '南博', '西冶', '金鼎', '华盛', '瑞昌', '汇金', '通达', '立信']
ENT_INDUSTRY = ['陶瓷', '琉璃工艺品', '泵业', '机械制造', '耐火材料', '化工', '新材料', '电机',
                '食品', '建材', '铸造', '环保科技', '物流', '商贸', '医药', '精密机械', '阀门',
                '水泥制品', '电子科技', '纺织', '包装', '农业开发', '酿造', '汽车配件', '轴承',
                '矿山机械', '玻璃制品', '美术陶瓷', '建筑工程', '信息技术', '餐饮管理', '旅游开发',
                '文化传媒', '置业', '粉末冶金', '不锈钢制品', '保温材料', '劳务服务', '电力工程']
ENT_NAMES = set()


def ent_name():
    while True:
        pre = rng.choices(['淄博', '山东', '淄博博山', '博山'], [0.6, 0.12, 0.2, 0.08])[0]
        suf = rng.choices(['有限公司', '有限责任公司', '股份有限公司'], [0.85, 0.1, 0.05])[0]
        n = pre + rng.choice(ENT_WORDS) + rng.choice(ENT_INDUSTRY) + suf
        if n not in ENT_NAMES:
            ENT_NAMES.add(n)
            return n


TOWN_SIZE = {'城东街道': 60, '城西街道': 55, '山头街道': 65, '域城镇': 40, '白塔镇': 40,
             '八陡镇': 40, '石马镇': 25, '源泉镇': 30, '池上镇': 20, '博山镇': 25}


class Ent:
    def __init__(self, town, region='370304', digits_only=False):
        self.name = ent_name()
        self.code = new_code(region, digits_only=digits_only)
        self.town = town
        self.boss = person()
        self.phone = mobile()


ROSTER_ENTS = []
for _t in TOWNS:
    for _i in range(TOWN_SIZE[_t]):
        ROSTER_ENTS.append(Ent(_t))
rng.shuffle(ROSTER_ENTS)
ROSTER_ENTS.sort(key=lambda e: TOWNS.index(e.town))   # 名册按镇街分块（稳定排序）
ROSTER_CODES = {e.code for e in ROSTER_ENTS}
BY_TOWN = {t: [e for e in ROSTER_ENTS if e.town == t] for t in TOWNS}
# 不在走访名册里的企业（样本企业可以来自任何地方）：区内 370304，或在市级登记的 370300
EXTRA_ENTS = [Ent(rng.choice(TOWNS), rng.choices(['370304', '370300'], [0.8, 0.2])[0])
              for _ in range(320)]

# ---------------------------------------------------------------------------
# CSV 书写：模仿 Excel/WPS 的导出，并记录每条记录的物理行号
# ---------------------------------------------------------------------------
MISTAKES = []     # dict(file, line, col, sev, what)
FILES = {}        # rel -> bytes
RECORDS = {}      # rel -> list of (line, canonical row dict)


def cell_text(s, quote_all):
    if quote_all or any(ch in s for ch in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def dialect(**kw):
    d = dict(enc='utf-8', bom=rng.random() < 0.5,
             eol=rng.choices(['\r\n', '\n'], [0.6, 0.4])[0],
             quote_all=rng.random() < 0.1,
             trail_cols=1 if rng.random() < 0.15 else 0,
             trail_rows=rng.choices([0, 1, 2, 3], [0.55, 0.2, 0.15, 0.1])[0])
    d.update(kw)
    if d['enc'] == 'gb18030':
        d['bom'] = False
    return d


def fw_pad(s, p=0.04):
    """偶尔在值两侧加全角空格（手工录入的痕迹）。"""
    if s and rng.random() < p:
        return rng.choice([FW + s, s + FW, FW + s + FW])
    return s


def write_table(rel, cols, header, rows, d, title=()):
    """cols: 规范列名；header: 列名 -> 文件中的写法；rows: dict 列表，
    每个 dict 里 '_marks' = [(列名, 类别, 说明)] 登记故意设置的错误。"""
    ncols = len(cols) + d['trail_cols']
    eol = d['eol']
    out = []
    lines_before = 0

    def emit(cells):
        nonlocal lines_before
        start = lines_before + 1
        txt = ','.join(cell_text(c, d['quote_all'] and c != '') for c in cells) + eol
        out.append(txt)
        lines_before += txt.count('\n')
        return start

    for t in title:
        emit([t] + [''] * (ncols - 1))
    emit([header[c] for c in cols] + [''] * d['trail_cols'])
    recs = []
    for r in rows:
        ln = emit([r.get(c, '') for c in cols] + [''] * d['trail_cols'])
        recs.append((ln, r))
        for col, sev, what in r.get('_marks', []):
            MISTAKES.append(dict(file=rel, line=ln, col=header[col].strip(FW + ' ') if col else '—',
                                 sev=sev, what=what))
    for i in range(d['trail_rows']):
        emit([''] * ncols if i % 2 == 0 else [])
    text = ''.join(out)
    if d['enc'] == 'gb18030':
        data = text.encode('gb18030')
    else:
        data = (b'\xef\xbb\xbf' if d['bom'] else b'') + text.encode('utf-8')
    FILES[rel] = data
    RECORDS[rel] = recs
    return recs


def file_mark(rel, sev, what):
    MISTAKES.append(dict(file=rel, line='—', col='—', sev=sev, what=what))


def make_header(cols, notes=None, fw_p=0.0):
    h = {}
    for c in cols:
        s = (notes or {}).get(c, c)
        if fw_p and rng.random() < fw_p:
            s = rng.choice([FW + s, s + FW])
        h[c] = s
    return h


def fmt_date(d, style):
    if style == 'iso':
        return d.isoformat()
    if style == 'slash':
        return f'{d.year}/{d.month}/{d.day}'
    if style == 'dot':
        return f'{d.year}.{d.month}.{d.day}'
    if style == 'cn':
        return f'{d.year}年{d.month}月{d.day}日'
    if style == 'md':
        return f'{d.month}月{d.day}日'
    if style == 'serial':
        return str((d - D(1899, 12, 30)).days)
    raise ValueError(style)


assert fmt_date(D(2021, 9, 1), 'serial') == '44440'


def rand_style(weights=(0.55, 0.12, 0.06, 0.1, 0.1, 0.07)):
    return rng.choices(['iso', 'slash', 'dot', 'cn', 'md', 'serial'], weights)[0]


# ---------------------------------------------------------------------------
# 活动周
# ---------------------------------------------------------------------------
WEEKS = ['2021-W34', '2021-W35', '2021-W36']
REPORT = {'2021-W34': D(2021, 8, 27), '2021-W35': D(2021, 9, 3), '2021-W36': D(2021, 9, 10)}
ART_FROM = {'2021-W34': D(2021, 8, 27), '2021-W35': D(2021, 8, 28), '2021-W36': D(2021, 9, 4)}
VISIT_DAYS = [D(2021, 8, 30), D(2021, 8, 31), D(2021, 9, 1), D(2021, 9, 2), D(2021, 9, 3)]


def pick_art_date(wk):
    lo, hi = ART_FROM[wk], REPORT[wk]
    days = [lo + TD(i) for i in range((hi - lo).days + 1)]
    return rng.choices(days, [1 if x.weekday() >= 5 else 3 for x in days])[0]


# ---------------------------------------------------------------------------
# 宣传稿件
# ---------------------------------------------------------------------------
KEYWORDS = {
    '区法院': ['“诉源治理”工作', '执行案件繁简分流', '破产审判府院联动机制', '网上立案服务',
            '涉企纠纷多元化解', '“一站式”诉讼服务中心建设'],
    '区教体局': ['校企合作产教融合', '职业教育服务企业用工', '教育领域“放管服”改革', '民办学校审批服务'],
    '区科技局': ['科技型中小企业评价服务', '高新技术企业培育', '科技成果转化对接', '“科技副总”选派工作',
              '研发费用加计扣除政策宣讲'],
    '区民政局': ['社会组织登记“一网通办”', '养老服务机构备案便利化', '慈善助企活动', '婚姻登记便民服务'],
    '区财政局': ['政府采购意向公开', '惠企资金直达机制', '政府采购“电子卖场”', '中小企业政府采购预留份额',
              '财政金融联动助企'],
    '区人力资源和社会保障局': ['稳岗返还政策', '“直播带岗”招聘活动', '劳动保障监察', '根治欠薪工作',
                        '社保经办“不见面”服务', '职业技能提升培训'],
    '区自然资源局': ['不动产登记“一窗受理”', '“交房即交证”改革', '不动产登记延时服务',
                '工业用地“标准地”出让', '土地要素保障'],
    '博山规划管理办公室': ['规划许可“多审合一”', '工程建设项目规划审批提速', '规划条件“云审批”',
                   '规划服务进项目'],
    '区住房和城乡建设局': ['施工许可“拿地即开工”', '工程建设项目联合验收', '燃气报装服务',
                   '建筑业企业资质审批', '老旧小区改造'],
    '区交通运输局': ['道路运输许可“一证通办”', '货车通行便利化', '“四好农村路”建设', '交通运输“放管服”改革'],
    '区水利局': ['用水报装“零跑腿”', '取水许可告知承诺制', '水土保持方案审批提速', '农村供水保障'],
    '区商务局': ['外贸企业出口信保服务', '稳外贸稳外资工作', '跨境电商发展', '促消费活动',
              '外贸企业服务专员制度'],
    '区文化和旅游局': ['文旅市场主体纾困', '演出经营许可即办', '文旅惠企政策宣讲', '琉璃陶瓷文化产业发展'],
    '区卫生健康局': ['公共场所卫生许可告知承诺', '医疗机构审批提速', '职业健康服务进企业', '健康企业建设'],
    '区行政审批服务局': ['企业开办“一窗通办”', '“一业一证”改革', '政务服务“帮办代办”', '“无证明城市”建设',
                  '“一次办好”改革', '24小时政务服务自助区'],
    '区市场监管局': ['市场主体登记便利化', '知识产权质押融资', '“双随机、一公开”监管', '商标品牌培育',
                '包容审慎监管', '信用修复服务'],
    '区统计局': ['统计服务企业', '“四上”企业培育', '统计数据联网直报培训'],
    '区地方金融监管局': ['政银企对接会', '应急转贷服务', '普惠金融服务', '企业上市培育', '“金融辅导员”制度'],
    '区大数据中心': ['政务数据共享', '“爱山东”APP博山分厅', '电子证照应用', '一体化政务服务平台建设'],
    '区税务局': ['“非接触式”办税', '减税降费政策直达', '电子税务局推广', '“银税互动”', '办税服务厅延时服务',
              '纳税信用修复'],
    '区生态环境分局': ['环评审批“绿色通道”', '排污许可证核发', '环保服务进企业', '环境执法“正面清单”'],
    '区供电中心': ['低压小微企业“三零”服务', '高压用户“三省”服务', '用电报装“线上办”', '供电可靠性提升'],
    '区银保监组': ['小微企业金融服务', '中小投资者权益保护', '银行保险业减费让利', '金融消费者权益保护'],
    '市公共资源交易中心博山分中心': ['“不见面”开标', '电子保函替代保证金', '招标投标全流程电子化',
                          '远程异地评标'],
    '区网信办': ['网络舆情服务企业', '“清朗”专项行动', '网上营商环境宣传'],
    '区发展和改革局': ['重点项目建设', '社会信用体系建设', '投资项目审批提速', '营商环境评价迎评'],
    '区工业和信息化局': ['企业技术改造', '“专精特新”企业培育', '工业企业服务专员'],
    '区公安分局': ['户籍业务“一次办好”', '公章刻制免费服务', '护企安商专项行动'],
    '区司法局': ['法律服务进企业', '涉企行政执法监督', '公共法律服务平台建设'],
    '区应急管理局': ['安全生产许可便利化', '安全生产服务进企业', '危险化学品经营许可审批'],
    '区城市管理局': ['城市管理“721”工作法', '门头牌匾设置服务', '市政设施报装'],
    '区医疗保障局': ['医保经办“一窗通办”', '医保基金监管', '医保服务便民化'],
    '区消防救援大队': ['消防审验“容缺受理”', '公众聚集场所告知承诺', '消防安全服务进企业'],
    '区12345热线服务中心': ['12345热线企业诉求快速办理', '“接诉即办”机制', '热线服务营商环境'],
}
TITLE_TEMPLATES = [
    '{org}{kw}助力优化营商环境',
    '{org}：{kw}跑出服务“加速度”',
    '博山：{kw}让企业办事更便捷',
    '{org}扎实推进{kw} {n}家企业受益',
    '优化营商环境｜{org}{kw}见实效',
    '{org}深化{kw}',
    '{org}：{kw} 为市场主体纾困解难',
    '博山区{kw}工作走在全市前列',
    '【营商环境】{org}{kw}',
    '{org}以{kw}为抓手持续优化营商环境',
    '{org}召开{kw}推进会',
    '{org}开展“大走访大排查大提升”活动 走进{n}家企业',
    '{org}聚焦{kw} 推出{m}项便企举措',
]
TITLES = set()
ART_KEYS = set()   # 链接、(标题, 媒体) —— 防止无意中的重复


def org_of(unit):
    if unit == '区供电中心':
        return '国网博山供电中心'
    if unit == '区银保监组':
        return '博山银保监组'
    if unit.startswith('区'):
        return '博山' + unit
    if unit in TOWNS:
        return '博山区' + unit
    return unit


def make_title(unit):
    kws = KEYWORDS.get(unit, ['企业大走访', '网格化服务企业', '惠企政策宣讲'])
    for _ in range(200):
        t = rng.choice(TITLE_TEMPLATES).format(org=org_of(unit), kw=rng.choice(kws),
                                                n=rng.randint(12, 180), m=rng.randint(5, 30))
        if t not in TITLES:
            TITLES.add(t)
            return t
    raise RuntimeError('titles exhausted for ' + unit)


def rid(n, alphabet='0123456789'):
    return ''.join(rng.choice(alphabet) for _ in range(n))


B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'
HEX = '0123456789abcdef'


def make_link(medium, d):
    while True:
        ymd = d.strftime('%Y%m%d')
        if medium == '人民网':
            u = f'http://sd.people.com.cn/n2/{d:%Y/%m%d}/c386784-{rng.randint(34800000, 34999999)}.html'
        elif medium == '新华网':
            u = f'http://www.sd.xinhuanet.com/news/{d:%Y-%m/%d}/c_{rng.randint(1127800000, 1127899999)}.htm'
        elif medium == '人民日报':
            u = (f'http://paper.people.com.cn/rmrb/html/{d:%Y-%m/%d}/'
                 f'nw.D110000renmrb_{ymd}_{rng.randint(1, 6)}-{rng.randint(1, 20):02d}.htm')
        elif medium == '中国日报':
            u = f'https://cn.chinadaily.com.cn/a/{d:%Y%m/%d}/WS{rid(16, HEX)}.html'
        elif medium == '中国政府网':
            u = f'http://www.gov.cn/xinwen/{d:%Y-%m/%d}/content_{rng.randint(5634000, 5639999)}.htm'
        elif medium == '大众日报':
            u = f'http://paper.dzwww.com/dzrb/content/{ymd}/Articel{rng.randint(1, 20):02d}{rng.randint(1, 9):03d}MT.htm'
        elif medium == '问政山东':
            u = f'http://v.iqilu.com/sdws/wzsd/{d:%Y/%m%d}/{rng.randint(8700000, 8799999)}.shtml'
        elif medium == '山东政务服务网':
            u = f'http://zwfw.sd.gov.cn/art/{d.year}/{d.month}/{d.day}/art_{rng.randint(10000, 99999)}_{rng.randint(1000000, 9999999)}.html'
        elif medium == '齐鲁网':
            u = f'http://zibo.iqilu.com/zbyaowen/{d:%Y/%m%d}/{rng.randint(4950000, 4999999)}.shtml'
        elif medium == '大众网':
            u = f'http://zibo.dzwww.com/xw/{d:%Y%m}/t{ymd}_{rng.randint(9000000, 9099999)}.htm'
        elif medium == '淄博日报':
            u = f'http://szb.zbnews.net/zbrb/pc/content/{d:%Y%m/%d}/content_{rng.randint(100000, 199999)}.html'
        elif medium == '淄博晚报':
            u = f'http://szb.zbnews.net/zbwb/pc/content/{d:%Y%m/%d}/content_{rng.randint(200000, 299999)}.html'
        elif medium == '淄博新闻网':
            u = f'http://www.zbnews.net/{d.year}/{d:%m%d}/{rng.randint(600000, 699999)}.html'
        elif medium == '齐鲁晚报·淄博':
            u = f'https://www.qlwb.com.cn/detail/{rng.randint(17000000, 17199999)}.html'
        elif medium == '博山区人民政府网':
            u = f'http://www.boshan.gov.cn/gongkai/site_bsqzf/channel_{rid(24, HEX)}/doc_{rid(24, HEX)}.html'
        elif medium in ('博山融媒', '博山发布'):
            u = f'https://mp.weixin.qq.com/s/{rid(22, B64)}'
        elif medium == '今日博山':
            u = f'http://www.jrbs.com.cn/content/{d:%Y-%m/%d}/content_{rng.randint(10000, 99999)}.htm'
        elif medium == '学习强国':
            u = f'https://www.xuexi.cn/lgpage/detail/index.html?id={rid(19)}&item_id={rid(19)}'
        else:
            raise ValueError(medium)
        if u not in ART_KEYS:
            ART_KEYS.add(u)
            return u


def pick_medium():
    lvl = rng.choices(['区级', '市级', '省级', '中央级'], [0.4, 0.3, 0.2, 0.1])[0]
    return rng.choice([m for m, l in MEDIA if l == lvl])


ART_COLS = ['序号', '单位名称', '稿件标题', '发布媒体', '媒体级别', '发布日期', '链接', '是否头版头条', '备注']
ART_NOTES = [
    {},
    {'发布媒体': '发布媒体（媒体全称）', '链接': '链接（网址）', '是否头版头条': '是否头版头条（是/否）'},
    {'单位名称': '单位名称（全称）', '媒体级别': '媒体级别（中央级/省级/市级/区级）',
     '发布日期': '发布日期（年/月/日）', '发布媒体': '发布媒体（媒体全称）'},
]
ART_NOTE_TEXT = ['', '', '', '', '', '', '转载', '原创', '专题报道', '']


def unit_cell(unit):
    s = unit
    if unit in ALIAS and rng.random() < 0.5:
        s = ALIAS[unit]
    return fw_pad(s, 0.06)


def article(unit, wk, owner=None, d=None, medium=None, head=None, style=None, title=None, link=None):
    """一篇稿件。status: count=计入，warn=警告仍计入，err=拒收，dup=重复不计。"""
    d = d or pick_art_date(wk)
    medium = medium or pick_medium()
    title = title or make_title(owner or unit)
    if link is None:
        link = make_link(medium, d)
    if head is None:
        head = '是' if rng.random() < 0.08 else rng.choice(['否', '否', ''])
    note = rng.choice(ART_NOTE_TEXT)
    if head == '是' and rng.random() < 0.5:
        note = '头版头条'
    return {'单位名称': unit_cell(owner or unit), '稿件标题': fw_pad(title, 0.02), '发布媒体': fw_pad(medium),
            '媒体级别': MEDIA_LEVEL.get(medium, '区级'), '发布日期': fmt_date(d, style or rand_style()),
            '链接': link, '是否头版头条': fw_pad(head), '备注': note,
            '_owner': owner or unit, '_status': 'count', '_date': d, '_title': title,
            '_medium': medium, '_marks': []}


# 每单位每周设计的“计入”篇数（不含额外的错误行与重复行）
DESIGN_SHORT = {
    ('2021-W34', '区民政局'): 4, ('2021-W34', '区银保监组'): 2, ('2021-W34', '区消防救援大队'): 2,
    ('2021-W34', '区大数据中心'): 3,
    ('2021-W35', '区税务局'): 4, ('2021-W35', '区水利局'): 3, ('2021-W35', '区司法局'): 1,
    ('2021-W35', '区民政局'): 4, ('2021-W35', '区交通运输局'): 4,
    ('2021-W36', '区卫生健康局'): 4, ('2021-W36', '区统计局'): 4, ('2021-W36', '区商务局'): 4,
    ('2021-W36', '区生态环境分局'): 2, ('2021-W36', '区12345热线服务中心'): 2,
    ('2021-W36', '区住房和城乡建设局'): 5,
}
# 文件名：单位全称或简称，可带“_后缀”
ART_FILE = {
    ('2021-W34', '区人力资源和社会保障局'): '区人社局', ('2021-W35', '区人力资源和社会保障局'): '区人社局',
    ('2021-W36', '区人力资源和社会保障局'): '区人社局',
    ('2021-W35', '区行政审批服务局'): '区审批局_第2周', ('2021-W36', '区行政审批服务局'): '区审批局',
    ('2021-W34', '区住房和城乡建设局'): '区住建局', ('2021-W35', '区住房和城乡建设局'): '区住建局',
    ('2021-W36', '区住房和城乡建设局'): '区住建局_宣传稿件',
    ('2021-W35', '区应急管理局'): '区应急局', ('2021-W36', '区应急管理局'): '区应急局',
    ('2021-W35', '区城市管理局'): '区城管局',
    ('2021-W36', '区地方金融监管局'): '区金融局',
}
# 9月1日这一天在第35周用遍所有日期写法
DATE_STYLE_NAME = {'iso': '2021-09-01 写法', 'slash': '斜杠写法', 'dot': '点号写法', 'cn': '中文年月日',
                   'md': '不带年份，取活动年份', 'serial': 'Excel 序列号'}
FORCE_0901 = {'区科技局': 'iso', '区财政局': 'slash', '区自然资源局': 'dot', '区住房和城乡建设局': 'cn',
              '区商务局': 'md', '区市场监管局': 'serial'}

ART_ROWS = {}    # (wk, rel) -> rows
ART_META = {}    # (wk, rel) -> dict(unit, dialect overrides, title)


def add_art_file(wk, unit, rows, fname=None, d_over=None, title=None, notes=None):
    fname = fname or ART_FILE.get((wk, unit), unit)
    rel = f'{wk}/宣传稿件统计表/{fname}.csv'
    ART_ROWS[rel] = rows
    ART_META[rel] = dict(wk=wk, unit=unit, d=d_over or {}, title=title, notes=notes)
    return rel


def printed_title(n, form, unit, d):
    return [f'附件{n}', form, f'填报单位：{unit}{FW}{FW}填报日期：{d.month}月{d.day}日']


SHARED = {}   # 共同报道的稿件


def build_articles():
    for wk in WEEKS:
        for unit in LEAD + RESP:
            if wk == '2021-W35' and unit == '区统计局':
                continue       # 区统计局 第35周整周未报
            if unit == '区医疗保障局':
                continue       # 由区人社局汇总报送
            q = QUOTA[UTYPE[unit]]
            n = DESIGN_SHORT.get((wk, unit))
            if n is None:
                n = q + rng.choice([0, 0, 0, 1, 1, 2, 3]) if q == 5 else q + rng.choice([0, 0, 0, 1, 1, 2])
            rows = [article(unit, wk) for _ in range(n)]
            # 第35周：9月1日的各种写法
            if wk == '2021-W35' and unit in FORCE_0901:
                r = rows[0]
                ART_KEYS.discard(r['链接'])
                rows[0] = article(unit, wk, d=D(2021, 9, 1), medium=r['_medium'], title=r['_title'],
                                  style=FORCE_0901[unit])
                rows[0]['_marks'].append(('发布日期', '提示', f'发布日期写作“{rows[0]["发布日期"]}”，即2021-09-01'
                                          f'（{DATE_STYLE_NAME[FORCE_0901[unit]]}），应正常解析并计入'))
            title = None
            d_over = {}
            if unit == '区财政局' or (unit not in ('区商务局',) and rng.random() < 0.18):
                title = printed_title(3, '2021年营商环境宣传稿件统计表', ALIAS.get(unit, unit),
                                      REPORT[wk] - TD(rng.choice([0, 0, 1]) * (wk != '2021-W34')))
            special_articles(wk, unit, rows)
            if unit == '区人力资源和社会保障局':
                # 汇总责任单位区医保局的稿件（区医保局自己不报）
                for i in range(3):
                    a = article('区医疗保障局', wk, owner='区医疗保障局')
                    a['单位名称'] = ['区医保局', '区医疗保障局', FW + '区医保局'][i]
                    if i == 0:
                        a['_marks'].append(('单位名称', '提示', '区人社局汇总的责任单位区医疗保障局（劳动力市场监管）'
                                                           '的稿件，本行起3行计入区医疗保障局；区医疗保障局本周'
                                                           '报送状态以本文件为准'))
                    rows.append(a)
            add_art_file(wk, unit, rows, title=title, d_over=d_over)
    extra_article_files()


def special_articles(wk, unit, rows):
    if wk == '2021-W34' and unit == '区法院':
        a = article(unit, wk, d=D(2021, 8, 25), style='md')
        a['_status'] = 'err'
        a['_marks'].append(('发布日期', '错误', '发布日期8月25日早于活动开始（2021-08-27），该行不计入'))
        rows.insert(1, a)
    if wk == '2021-W35' and unit == '区财政局':
        d = D(2021, 8, 31)
        link = make_link('淄博日报', d)
        t = '博山区财税部门联合开展减税降费政策进企业宣讲'
        TITLES.add(t)
        a = article(unit, wk, d=d, medium='淄博日报', title=t, link=link, style='iso')
        rows.insert(2, a)
        SHARED['link'] = (link, t, d)
    if wk == '2021-W35' and unit == '区税务局':
        link, t, d = SHARED['link']
        a = article(unit, wk, d=d, medium='淄博日报', title=t, link=link, style='iso')
        a['_status'] = 'dup'
        a['_marks'].append(('链接', '警告', '重复稿件：与区财政局同周所报同一链接（区财政局在名册中靠前，'
                                          '归区财政局），本行不计入；区税务局因此计入4篇，少1篇'))
        rows.insert(1, a)
    if wk == '2021-W35' and unit == '区民政局':
        a = article(unit, wk)
        a['稿件标题'] = ''
        a['_status'] = 'err'
        a['_marks'].append(('稿件标题', '错误', '稿件标题为空（必填），该行不计入；区民政局计入4篇，少1篇'))
        rows.insert(3, a)
    if wk == '2021-W35' and unit == '区交通运输局':
        a = article(unit, wk, medium='博山区人民政府网')
        a['链接'] = a['链接'].replace('http://', '')
        a['_status'] = 'err'
        a['_marks'].append(('链接', '错误', '链接缺少 http:// 或 https://（www.boshan.gov.cn/…），该行不计入；'
                                          '区交通运输局计入4篇，少1篇'))
        rows.insert(2, a)
    if wk == '2021-W35' and unit == '区教体局':
        a = article(unit, wk, medium='学习强国', head='否')
        a['媒体级别'] = '中央级'
        a['_status'] = 'warn'
        a['_marks'].append(('发布媒体', '警告', '发布媒体“学习强国”不在 media.csv 中，按区级计入'
                                            '（所填媒体级别“中央级”不作校验）'))
        rows.insert(1, a)
    if wk == '2021-W35' and unit == '区大数据中心':
        a = article(unit, wk, d=D(2021, 9, 6), style='cn')
        a['_status'] = 'err'
        a['_marks'].append(('发布日期', '错误', '发布日期2021年9月6日晚于本周通报日2021-09-03，该行不计入'))
        rows.append(a)
    if wk == '2021-W35' and unit == '区商务局':
        t = '博山区"外贸企业服务专员"制度助企稳订单拓市场'
        TITLES.add(t)
        a = article(unit, wk, medium='大众网', title=t, style='iso')
        a['_marks'].append(('稿件标题', '提示', '标题内含英文双引号，CSV 中写作 "" 转义；应正常读出并计入'))
        rows.insert(0, a)
        SHARED['shangwu'] = a
    if wk == '2021-W35' and unit == '区行政审批服务局':
        rows[1]['备注'] = '已被学习强国转载\n（见截图）'
        rows[1]['_marks'].append(('备注', '提示', '备注单元格带引号且跨两行，本记录从此行开始'))
    if wk == '2021-W35' and unit == '区人力资源和社会保障局':
        rows[0]['是否头版头条'] = '是'
        rows[0]['媒体级别'] = MEDIA_LEVEL[rows[0]['_medium']]
    if wk == '2021-W36' and unit == '区住房和城乡建设局':
        src = rows[1]
        a = article(unit, wk, d=src['_date'], medium=src['_medium'], title=src['_title'],
                    link=src['链接'].replace('http://', 'https://').replace('https://https://', 'https://') + '?from=app')
        ART_KEYS.add(a['链接'])
        a['_status'] = 'dup'
        a['_marks'].append(('稿件标题', '警告', '重复稿件：与本文件前面一行标题和发布媒体相同（链接不同），不计入'))
        rows.insert(3, a)
    if wk == '2021-W36' and unit == '区商务局':
        s = SHARED['shangwu']
        a = dict(s)
        a['_marks'] = [('链接', '警告', '重复稿件：区商务局第35周已报同一链接，本周再次上报，不计入；'
                                     '区商务局本周计入4篇，少1篇')]
        a['_status'] = 'dup'
        a['发布日期'] = fmt_date(s['_date'], 'iso')
        rows.insert(2, a)
    if wk == '2021-W36' and unit == '区卫生健康局':
        a = article(unit, wk, medium='大众日报', head='是')
        a['媒体级别'] = '中央级'
        a['_status'] = 'err'
        a['_marks'].append(('媒体级别', '错误', '大众日报在 media.csv 中为省级，所填“中央级”不一致，该行不计入；'
                                            '区卫生健康局计入4篇，少1篇'))
        rows.insert(0, a)
    if wk == '2021-W36' and unit == '区统计局':
        a = article(unit, wk, medium='博山发布', link='javascript:void(0)')
        a['_status'] = 'err'
        a['_marks'].append(('链接', '错误', '链接为 javascript:void(0)，不是 http/https，该行不计入；'
                                          '区统计局计入4篇，少1篇'))
        rows.insert(2, a)
    if wk == '2021-W36' and unit == '区科技局':
        a = article('区交通运输局', wk, owner='区交通运输局')
        a['_status'] = 'err'
        a['_marks'].append(('单位名称', '错误', '区科技局的文件里出现区交通运输局的稿件，区交通运输局不是'
                                            '区科技局所牵头指标的责任单位，该行不计入'))
        rows.append(a)


def extra_article_files():
    # 名册外单位
    rows = [article('区档案馆', '2021-W35') for _ in range(2)]
    for r in rows:
        r['_status'] = 'err'
    rel = add_art_file('2021-W35', '区档案馆', rows)
    file_mark(rel, '错误', '区档案馆不在 units.csv 中，整个文件报告为未知单位，不计入')
    # 镇街（定额0）自愿报送
    rows = [article('城西街道', '2021-W35') for _ in range(2)]
    add_art_file('2021-W35', '城西街道', rows,
                 title=printed_title(3, '2021年营商环境宣传稿件统计表', '城西街道', D(2021, 9, 2)))
    add_art_file('2021-W36', '山头街道', [article('山头街道', '2021-W36')])
    rel = add_art_file('2021-W36', '域城镇', [])
    file_mark(rel, '提示', '只有表头没有数据行：报送0篇（镇街定额为0，状态为已报送）')


# ---------------------------------------------------------------------------
# 样本企业汇总表（附件1）
# ---------------------------------------------------------------------------
HANDLE = {
    '开办企业': ['设立登记', '企业开办“一窗通办”', '变更登记', '公章刻制'],
    '劳动力市场监管': ['劳动合同备案', '社会保险登记', '用工备案', '稳岗返还申领'],
    '办理建筑许可': ['施工许可证核发', '竣工联合验收', '工程规划许可', '施工图审查'],
    '政府采购': ['政府采购合同签订', '政府采购项目投标', '政府采购资金支付'],
    '招标投标': ['工程建设项目投标', '工程建设项目招标', '电子保函办理'],
    '获得电力': ['低压小微企业新装', '高压新装', '增容', '临时用电'],
    '获得用水用气': ['用水报装', '天然气报装', '用水增容'],
    '登记财产': ['不动产转移登记', '不动产抵押登记', '不动产首次登记'],
    '获得信贷': ['流动资金贷款', '应急转贷', '续贷', '信用贷款'],
    '保护中小投资者': ['股权出质登记', '公司治理咨询', '投资者纠纷调解'],
    '知识产权创造保护和运用': ['商标注册指导', '专利申请', '知识产权质押融资'],
    '纳税': ['增值税申报', '留抵退税', '电子税务局开户', '发票领用'],
    '跨境贸易': ['对外贸易经营者备案', '报关单位备案', '出口退税备案'],
    '执行合同': ['买卖合同纠纷诉讼', '民间借贷纠纷诉讼', '强制执行申请'],
    '办理破产': ['破产清算', '破产重整', '债权申报'],
    '市场监管': ['双随机抽查', '特种设备检验', '食品经营许可', '工业产品生产许可'],
    '政务服务': ['一网通办', '综合窗口受理', '帮办代办', '证照联办'],
    '包容普惠创新': ['科技型中小企业评价', '高新技术企业认定', '科技创新券申领'],
}
COMPLAINT_NOTES = ['企业对办理时限有异议，已沟通解释', '企业反映材料多次补正，已简化办理',
                   '企业投诉窗口答复不一致，已核实整改', '企业对收费标准有分歧，已说明政策依据',
                   '企业反映线上系统无法提交，已协助线下办理']
SMP_COLS = ['序号', '指标名称', '企业名称', '统一社会信用代码', '所属镇街', '办理事项', '办理时间',
            '联系人', '联系电话', '是否存在分歧或投诉', '问题来源', '情况说明', '样本状态', '备注']
SMP_NOTES = [
    {},
    {'办理时间': '办理时间（年月日）', '是否存在分歧或投诉': '是否存在分歧或投诉（是/否）',
     '问题来源': '问题来源（问政山东/12345热线/接诉即办/其他）', '样本状态': '样本状态（有效/已替换）'},
]
# 每个指标设计的有效样本数
SMP_VALID = {'开办企业': 58, '劳动力市场监管': 50, '办理建筑许可': 51, '政府采购': 50, '招标投标': 56,
             '获得电力': 55, '获得用水用气': 38, '登记财产': 60, '获得信贷': 47, '保护中小投资者': 52,
             '知识产权创造保护和运用': 50, '纳税': 60, '跨境贸易': 0, '执行合同': 54, '办理破产': 23,
             '市场监管': 57, '政务服务': 60, '包容普惠创新': 50}
SMP_VALID_W36 = {'获得用水用气': 55}
SAMPLES = {}        # 指标 -> 有效样本 Ent 列表（可用于牵头单位走访）
SMP_FILES = []      # (rel, rows, meta)
ACCEPTED_CODE = None


def handled_date():
    lo, hi = D(2020, 8, 1), D(2021, 8, 27)
    return lo + TD(rng.randint(0, (hi - lo).days))


def pick_sample_ents(n, used):
    out = []
    while len(out) < n:
        e = rng.choice(ROSTER_ENTS) if rng.random() < 0.65 else rng.choice(EXTRA_ENTS)
        if e.code in used:
            continue
        used.add(e.code)
        out.append(e)
    return out


def smp_row(ind, e, phone=None, style=None):
    return {'指标名称': ind, '企业名称': fw_pad(e.name, 0.02), '统一社会信用代码': e.code, '所属镇街': e.town,
            '办理事项': rng.choice(HANDLE[ind]),
            '办理时间': fmt_date(handled_date(), style or rand_style((0.6, 0.15, 0.05, 0.1, 0, 0.1))),
            '联系人': e.boss, '联系电话': phone or (e.phone if rng.random() < 0.8 else landline()),
            '是否存在分歧或投诉': '否', '问题来源': '', '情况说明': '', '样本状态': rng.choice(['有效', '有效', '']),
            '备注': '', '_marks': [], '_ent': e}


def complaint(r):
    r['是否存在分歧或投诉'] = '是'
    r['问题来源'] = rng.choices(['12345热线', '问政山东', '接诉即办', '其他'], [0.5, 0.2, 0.2, 0.1])[0]
    r['情况说明'] = rng.choice(COMPLAINT_NOTES)
    r['样本状态'] = '有效'


def build_samples():
    global ACCEPTED_CODE
    # 一个2016年前赋码、校验位不符但真实存在的代码（写入 plan.yaml 的 accepted_credit_codes）
    while True:
        c = new_code('370304', style='old')
        bad = c[:17] + rng.choice([x for x in ALPHA if x != c[17]])
        if not code_valid(bad):
            ACCEPTED_CODE = bad
            break
    acc_ent = Ent(rng.choice(TOWNS))
    acc_ent.code = ACCEPTED_CODE
    digits_ent = Ent('城东街道', digits_only=True)   # 全数字代码，用来做“Excel 截成 000”的错误

    rows_by_ind = {}
    for ind, lead, _ in INDICATORS:
        n = SMP_VALID[ind]
        if n == 0:
            continue
        used = set()
        ents = pick_sample_ents(n, used)
        rows = [smp_row(ind, e) for e in ents]
        for r in rng.sample(rows, rng.randint(0, 3)):
            complaint(r)
        rows_by_ind[ind] = (rows, used)
        SAMPLES[ind] = list(ents)

    def ins(ind, r, pos=None):
        rows = rows_by_ind[ind][0]
        rows.insert(rng.randint(3, len(rows) - 2) if pos is None else pos, r)

    # —— 警告但计入的行（替换已有有效行，保持设计数）
    r = rows_by_ind['纳税'][0][7]
    r['联系电话'] = '5334130090'
    r['_marks'].append(('联系电话', '警告', '固定电话被 Excel 去掉了开头的0（05334130090），警告，该行计入'))
    r = rows_by_ind['登记财产'][0][11]
    r['联系电话'] = '4130090'
    r['_marks'].append(('联系电话', '提示', '本地号码没有区号，按 plan.yaml 的 area_code 补全为 0533-4130090，该行计入'))
    r = rows_by_ind['登记财产'][0][20]
    SAMPLES['登记财产'].remove(r['_ent'])
    r.update(smp_row('登记财产', acc_ent))
    r['_marks'] = [('统一社会信用代码', '提示', f'代码 {ACCEPTED_CODE} 校验位不符，但列在 plan.yaml 的 '
                                         'accepted_credit_codes 中，应接受并计入')]
    r = rows_by_ind['开办企业'][0][5]
    r['联系电话'] = '+86 ' + r['_ent'].phone
    r['_marks'].append(('联系电话', '歧义', '手机号带 +86 前缀；按设计应去掉前缀后接受并计入（契约未明说）'))
    r = rows_by_ind['执行合同'][0][9]
    r['联系电话'] = '0533-4130090-8001'
    r['_marks'].append(('联系电话', '歧义', '带分机号的固定电话 0533-4130090-8001；按设计接受并计入（契约未明说）'))

    # —— 错误行（额外加入，不计入）
    e = EXTRA_ENTS[0]
    r = smp_row('知识产权创造保护和运用', e)
    r['统一社会信用代码'] = '9.13703E+17'
    r['_marks'].append(('统一社会信用代码', '错误', '信用代码被 Excel 显示成科学计数法 9.13703E+17，该行拒收'))
    ins('知识产权创造保护和运用', r)
    r = smp_row('劳动力市场监管', digits_ent)
    r['统一社会信用代码'] = digits_ent.code[:15] + '000'
    assert not code_valid(r['统一社会信用代码'])
    r['_marks'].append(('统一社会信用代码', '错误', f'信用代码第15位后被 Excel 截成 000（原为 {digits_ent.code}），'
                                          '校验失败，该行拒收'))
    ins('劳动力市场监管', r)
    e = EXTRA_ENTS[1]
    bad = e.code[:17] + ALPHA[(ALPHA.index(e.code[17]) + 7) % 31]
    assert not code_valid(bad)
    r = smp_row('政府采购', e)
    r['统一社会信用代码'] = bad
    r['_marks'].append(('统一社会信用代码', '错误', f'校验位错误（{bad}，正确应为 {e.code}），该行拒收'))
    ins('政府采购', r)
    # 小写字母（大写后有效）
    while True:
        e = Ent(rng.choice(TOWNS))
        if any(ch.isalpha() for ch in e.code):
            break
    r = smp_row('获得电力', e)
    r['统一社会信用代码'] = e.code.lower()
    r['_marks'].append(('统一社会信用代码', '警告', f'信用代码用了小写字母 {e.code.lower()}（大写后校验正确）；'
                                          '工具规范化为大写后计入（credit-code-normalised），计入有效数'))
    ins('获得电力', r)
    e = EXTRA_ENTS[2]
    r = smp_row('获得电力', e)
    r['所属镇街'] = '博山经济开发区'
    r['_marks'].append(('所属镇街', '错误', '“博山经济开发区”不是 units.csv 中的镇街，该行拒收'))
    ins('获得电力', r)
    e = EXTRA_ENTS[3]
    r = smp_row('办理建筑许可', e)
    r['办理时间'] = '2020-06-18'
    r['_marks'].append(('办理时间', '错误', '办理时间2020-06-18早于 samples_handled_since（2020-08-01），该行拒收'))
    ins('办理建筑许可', r)
    for i in range(2):
        e = EXTRA_ENTS[4 + i]
        r = smp_row('办理建筑许可', e)
        r['样本状态'] = '已替换'
        r['备注'] = ['企业已注销，已替换', '企业停产，已替换'][i]
        r['_marks'].append(('样本状态', '提示', '已替换：保留记录，不计入有效样本'))
        ins('办理建筑许可', r)
    e = EXTRA_ENTS[6]
    r = smp_row('获得信贷', e)
    r['是否存在分歧或投诉'] = '是'
    r['情况说明'] = '企业反映贷款审批时间长'
    r['_marks'].append(('问题来源', '错误', '是否存在分歧或投诉为“是”但问题来源为空，该行拒收'))
    ins('获得信贷', r)
    src = rows_by_ind['纳税'][0][15]
    r = smp_row('纳税', src['_ent'])
    r['办理事项'] = '发票领用'
    r['_marks'].append(('统一社会信用代码', '警告', 'duplicate-sample：同一指标下该代码已出现过，不重复计入'))
    ins('纳税', r, pos=31)

    def number(rows):
        for i, r in enumerate(rows, 1):
            r['序号'] = str(i)

    # 组装文件：每个牵头单位一个文件，含其牵头的全部指标
    w35_skip = {'区商务局', '区银保监组'}   # 区商务局始终未报；区银保监组第36周才报
    fname = {'区行政审批服务局': '区审批局', '区人力资源和社会保障局': '区人力资源和社会保障局',
             '区住房和城乡建设局': '区住建局'}
    for lead in LEAD:
        if lead not in LEAD_INDS or lead in w35_skip:
            continue
        rows = []
        for ind in LEAD_INDS[lead]:
            rows += rows_by_ind[ind][0]
        number(rows)
        rel = f'2021-W35/样本企业汇总表/{fname.get(lead, lead)}.csv'
        SMP_FILES.append((rel, rows, lead))
    # 区银保监组 第36周首次报送
    rows = list(rows_by_ind['保护中小投资者'][0])
    number(rows)
    SMP_FILES.append(('2021-W36/样本企业汇总表/区银保监组.csv', rows, '区银保监组'))
    # 区水利局 第36周重报（替换第35周的38条）
    rows = [dict(r) for r in rows_by_ind['获得用水用气'][0]]
    used = rows_by_ind['获得用水用气'][1]
    more = pick_sample_ents(SMP_VALID_W36['获得用水用气'] - SMP_VALID['获得用水用气'], used)
    rows += [smp_row('获得用水用气', e) for e in more]
    number(rows)
    for r in rows:
        r['_marks'] = []
    SMP_FILES.append(('2021-W36/样本企业汇总表/区水利局_更新.csv', rows, '区水利局'))
    file_mark('2021-W36/样本企业汇总表/区水利局_更新.csv', '提示',
              '区水利局重报样本表（55条有效），替换第35周 区水利局.csv 的38条；通报应注明已替换')
    file_mark('2021-W36/样本企业汇总表/区银保监组.csv', '提示', '区银保监组第36周才首次报送样本表（52条有效）')


def write_samples():
    for rel, rows, lead in SMP_FILES:
        over = {}
        title = ()
        if lead == '区法院':
            over = dict(enc='gb18030', eol='\r\n')
            title = ['附件1', '2021年样本企业汇总表',
                     f'填报单位（盖章）：区法院{FW}{FW}{FW}填报日期：2021年8月30日']
        elif rng.random() < 0.3:
            title = ['附件1', '2021年样本企业汇总表']
        notes = rng.choice(SMP_NOTES)
        header = make_header(SMP_COLS, notes, fw_p=0.05)
        write_table(rel, SMP_COLS, header, rows, dialect(**over), title)


# ---------------------------------------------------------------------------
# 走访台账（附件2）
# ---------------------------------------------------------------------------
LED_COLS = ['序号', '走访日期', '走访单位', '企业名称', '统一社会信用代码', '所属镇街', '走访方式', '走访对象',
            '联系电话', '是否宣传政策', '企业反映问题', '办理情况', '责任单位', '走访人']
LED_NOTES = [
    {},
    {'走访方式': '走访方式（实地/电话）', '走访对象': '走访对象（企业法人/预留电话机主/其他）'},
    {'是否宣传政策': '是否宣传政策（是/否）', '办理情况': '办理情况（无问题/已解决/正在解决/无法解决）'},
]
VISIT_PROBLEMS = [
    ('招工难，一线技术工人缺口较大', '区人力资源和社会保障局'),
    ('厂区门前道路破损，货车通行不便', '区交通运输局'),
    ('希望增加用电容量，报装流程能否再简化', '区供电中心'),
    ('流动资金紧张，希望对接银行贷款', '区地方金融监管局'),
    ('天然气价格上涨，生产成本增加', '区住房和城乡建设局'),
    ('不动产权证书办理进度慢', '区自然资源局'),
    ('咨询留抵退税政策', '区税务局'),
    ('厂区周边排水沟堵塞，雨季易积水', '区水利局'),
    ('希望了解高新技术企业认定政策', '区科技局'),
    ('环评手续办理咨询', '区生态环境分局'),
    ('消防验收排队时间较长', '区消防救援大队'),
]
TOWN_STAFF = {t: [person() for _ in range(4)] for t in TOWNS}
LED_SHORT = {'域城镇': 6, '八陡镇': 12}   # 未走访企业数（含被拒收行对应的企业）
LED_FILES = {}   # rel -> (unit, day, rows)
UNVISITED = set()
LED_LEADS = ['区行政审批服务局', '区税务局', '区市场监管局', '区住房和城乡建设局', '区人力资源和社会保障局',
             '区供电中心', '区自然资源局', '区法院', '区地方金融监管局']


def visit_row(unit, day, e, staff, phone_visit=None, style='iso', who=None):
    way = phone_visit or rng.choices(['实地走访', '电话回访'], [0.8, 0.2])[0]
    r = {'走访日期': fmt_date(day, style), '走访单位': fw_pad(unit, 0.03), '企业名称': e.name,
         '统一社会信用代码': e.code, '所属镇街': e.town, '走访方式': way,
         '走访对象': who or (rng.choices(['企业法人', '其他'], [0.9, 0.1])[0] if way == '实地走访'
                         else rng.choice(['企业法人', '预留电话机主'])),
         '联系电话': e.phone, '是否宣传政策': '是' if rng.random() < 0.95 else '否',
         '企业反映问题': '', '办理情况': '无问题', '责任单位': '',
         '走访人': '、'.join(rng.sample(staff, 2)), '_marks': [], '_ent': e, '_day': day}
    if rng.random() < 0.08:
        p, u = rng.choice(VISIT_PROBLEMS)
        r['企业反映问题'] = p
        r['办理情况'] = rng.choices(['已解决', '正在解决', '无法解决'], [0.45, 0.45, 0.1])[0]
        r['责任单位'] = ALIAS.get(u, u) if rng.random() < 0.4 else u
    return r


def build_ledgers():
    for town in TOWNS:
        ents = list(BY_TOWN[town])
        rng.shuffle(ents)
        k = LED_SHORT.get(town, 0)
        skipped = ents[:k]
        ents = ents[k:]
        for e in skipped:
            UNVISITED.add(e.code)
        days = [d for d in VISIT_DAYS if not (town == '池上镇' and d == D(2021, 9, 1))]
        per = {d: [] for d in days}
        for i, e in enumerate(ents):
            per[days[i * len(days) // len(ents)]].append(e)
        staff = TOWN_STAFF[town]
        style = 'md' if town == '石马镇' else ('slash' if town == '博山镇' else 'iso')
        rows_by_day = {d: [visit_row(town, d, e, staff, style=style) for e in per[d]] for d in days}
        # —— 故意设置的错误
        if town == '八陡镇':
            e = skipped[0]
            r = visit_row(town, D(2021, 8, 31), e, staff)
            r['走访方式'] = '上门'
            r['_marks'].append(('走访方式', '错误', '走访方式“上门”不是“实地走访”或“电话回访”，该行拒收'
                                               '（该企业未被有效走访）'))
            rows_by_day[D(2021, 8, 31)].insert(2, r)
        if town == '域城镇':
            e = skipped[0]
            r = visit_row(town, D(2021, 9, 2), e, staff)
            r['走访人'] = ''
            r['_marks'].append(('走访人', '错误', '走访人为空（必填），该行拒收（该企业未被有效走访）'))
            rows_by_day[D(2021, 9, 2)].insert(3, r)
        if town == '城东街道':
            e = rows_by_day[D(2021, 9, 2)][4]['_ent']
            r = visit_row(town, D(2021, 8, 28), e, staff, phone_visit='电话回访')
            r['_marks'].append(('走访日期', '错误', '走访日期2021-08-28不在走访期（8月30日—9月3日）内，该行拒收'
                                               '（该企业9月2日另有有效走访）'))
            rows_by_day[D(2021, 9, 1)].insert(5, r)
        if town == '山头街道':
            src = rows_by_day[D(2021, 9, 2)][6]
            src['企业反映问题'] = '企业反映周边道路夜间无路灯'
            src['办理情况'] = '无问题'
            src['责任单位'] = ''
            src['_marks'].append(('办理情况', '错误', '企业反映了问题，办理情况却填“无问题”，该行拒收'
                                               '（该企业9月3日回访有有效记录）'))
            e = src['_ent']
            r = visit_row(town, D(2021, 9, 3), e, staff, phone_visit='电话回访', who='企业法人')
            r['企业反映问题'] = '企业反映周边道路夜间无路灯'
            r['办理情况'] = '正在解决'
            r['责任单位'] = '区城市管理局'
            rows_by_day[D(2021, 9, 3)].insert(0, r)
        for d in days:
            rel_unit = town
            rows = rows_by_day[d]
            if town == '白塔镇' and d == D(2021, 9, 2):
                # 累计报送：把前一天的记录原样带上
                rows = [dict(x, _marks=[]) for x in rows_by_day[D(2021, 9, 1)]] + rows
                rows[0] = dict(rows[0], _marks=[('走访日期', '提示', '累计报送：本行起%d行与 白塔镇_2021-09-01.csv '
                                                 '相同（同一代码、走访日期、走访方式），按同一走访处理，不重复计数'
                                                 % len(rows_by_day[D(2021, 9, 1)]))])
            LED_FILES[f'2021-W35/走访台账/{rel_unit}_{d.isoformat()}.csv'] = (town, d, rows)

    # 牵头单位：走访本单位指标的样本企业
    for lead in LED_LEADS:
        cand = []
        seen = set()
        for ind in LEAD_INDS[lead]:
            for e in SAMPLES[ind]:
                if e.code in UNVISITED or e.code in seen or e.code == ACCEPTED_CODE:
                    continue
                seen.add(e.code)
                cand.append(e)
        rng.shuffle(cand)
        staff = [person() for _ in range(3)]
        fname = '区人社局' if lead == '区人力资源和社会保障局' else lead
        for d in VISIT_DAYS:
            if lead == '区法院' and d == D(2021, 9, 3):
                continue
            n = rng.randint(4, 7)
            todays, cand = cand[:n], cand[n:]
            rows = [visit_row(ALIAS.get(lead, lead) if lead == '区人力资源和社会保障局' else lead, d, e, staff,
                              phone_visit=rng.choices(['电话回访', '实地走访'], [0.7, 0.3])[0],
                              who='预留电话机主') for e in todays]
            if lead == '区税务局' and d == D(2021, 8, 31):
                e = Ent('白塔镇')
                r = visit_row(lead, d, e, staff, phone_visit='电话回访', who='预留电话机主')
                r['_marks'].append(('统一社会信用代码', '警告', '该代码既不在 enterprises.csv 也不在任何样本表中，'
                                                       '警告，该走访计入'))
                rows.append(r)
            LED_FILES[f'2021-W35/走访台账/{fname}_{d.isoformat()}.csv'] = (lead, d, rows)


def write_ledgers():
    for rel in sorted(LED_FILES):
        unit, d, rows = LED_FILES[rel]
        for i, r in enumerate(rows, 1):
            r['序号'] = str(i)
        over = {}
        title = ()
        if rel.endswith('源泉镇_2021-08-31.csv'):
            over = dict(enc='gb18030', eol='\r\n')
        if unit == '山头街道':
            title = ['附件2', '2021年样本企业走访台账',
                     f'填报单位：山头街道（盖章）{FW}{FW}{FW}填报日期：{d.year}年{d.month}月{d.day}日']
        notes = LED_NOTES[1] if unit in TOWNS and unit in ('山头街道', '城东街道', '八陡镇') else rng.choice(LED_NOTES)
        header = make_header(LED_COLS, notes, fw_p=0.04)
        write_table(rel, LED_COLS, header, rows, dialect(**over), title)


# ---------------------------------------------------------------------------
# 问题清单
# ---------------------------------------------------------------------------
PRB_COLS = ['问题编号', '问题来源', '问题描述', '企业名称', '统一社会信用代码', '责任单位', '整改时限', '整改状态', '完成日期']
# (编号, 来源, 描述, 责任单位, 时限, 第35周状态, 第35周完成日期, 第36周: (状态, 完成日期, 新时限) 或 None)
PROBLEMS = {
    '区网信办': [
        ('WZSD-2021-001', '问政山东', '企业反映不动产登记需多次往返窗口补交材料', '区自然资源局', D(2021, 9, 6), '整改中', None, ('已整改', D(2021, 9, 6), None)),
        ('WZSD-2021-002', '问政山东', '企业反映施工许可审批环节多、时间长', '区住房和城乡建设局', D(2021, 9, 7), '整改中', None, ('已整改', D(2021, 9, 7), None)),
        ('WZSD-2021-003', '问政山东', '用电报装后接电时间超过承诺时限', '区供电中心', D(2021, 9, 5), '未整改', None, ('已整改', D(2021, 9, 4), None)),
        ('WZSD-2021-004', '问政山东', '企业职工社保关系转移接续办理不畅', '区人力资源和社会保障局', D(2021, 9, 8), '整改中', None, ('整改中', None, None)),
        ('WZSD-2021-005', '问政山东', '企业开办网上申报系统卡顿、提交失败', '区行政审批服务局', D(2021, 9, 6), '已整改', D(2021, 8, 30), ('已整改', D(2021, 8, 30), None)),
        ('WZSD-2021-006', '问政山东', '企业反映增值税留抵退税到账慢', '区税务局', D(2021, 9, 9), '整改中', None, ('已整改!', None, None)),
        ('WZSD-2021-007', '问政山东', '道路施工长期围挡影响企业车辆出入', '区交通运输局', D(2021, 9, 9), '未整改', None, ('整改中', None, D(2021, 9, 17))),
    ],
    '区12345热线服务中心': [
        ('RX-0826-013', '12345热线', '企业反映厂区周边路灯不亮', '区城市管理局', D(2021, 9, 5), '整改中', None, ('已整改', D(2021, 9, 4), None)),
        ('RX-0826-021', '12345热线', '企业反映燃气开户收费标准不清', '区住房和城乡建设局', D(2021, 9, 7), '未整改', None, ('已整改', D(2021, 9, 8), None)),
        ('JSJB-0827-004', '接诉即办', '企业反映食品经营许可证变更办理周期长', '区市场监管局', D(2021, 9, 6), '整改中', None, ('已整改', D(2021, 9, 6), None)),
        ('RX-0827-008', '12345热线', '企业反映用水报装需提交材料多', '区水利局', D(2021, 9, 8), '未整改', None, ('已整改', D(2021, 9, 8), None)),
        ('JSJB-0827-011', '接诉即办', '企业反映工程款纠纷案件执行进度慢', '区法院', D(2021, 9, 9), '整改中', None, ('整改中', None, D(2021, 9, 24))),
        ('RX-0828-002', '12345热线', '企业反映住房公积金缴存基数调整咨询电话无人接听', '区住房公积金管理中心', D(2021, 9, 7), '未整改', None, ('已整改', D(2021, 9, 7), None)),
        ('RX-0828-017', '政务热线', '企业反映环评手续办理时间长', '区生态环境分局', D(2021, 9, 7), '整改中', None, ('已整改', D(2021, 9, 7), None)),
        ('JSJB-0829-003', '接诉即办', '企业反映医保报销窗口排队时间长', '区医疗保障局', D(2021, 9, 6), '整改中', None, ('已整改', D(2021, 9, 6), None)),
    ],
    '山头街道': [
        ('ST-01', '走访发现', '企业反映招工难，技术工人短缺', '区人力资源和社会保障局', D(2021, 9, 9), '整改中', None, ('已整改', D(2021, 9, 9), None)),
        ('ST-02', '走访发现', '企业门前道路破损影响货车通行', '区交通运输局', D(2021, 9, 8), '整改中', None, ('已整改', D(2021, 9, 8), None)),
        ('ST-03', '常态化监测', '小微企业反映融资难、担保难', '区地方金融监管局', D(2021, 9, 9), '未整改', None, ('已整改', D(2021, 9, 9), None)),
        ('ST-04', '走访发现', '工业园区排水沟堵塞，雨季积水', '区水利局', D(2021, 9, 7), '整改中', None, ('已整改', D(2021, 9, 7), None)),
        ('ST-05', '走访发现', '企业反映消防验收排队时间较长', '区消防救援大队', D(2021, 9, 8), '整改中', None, ('已整改', D(2021, 9, 6), None)),
    ],
    '城东街道': [
        ('CD-01', '走访发现', '商户反映周边停车难、货车装卸无停靠点', '区城市管理局', D(2021, 9, 6), '已整改', D(2021, 8, 30), ('已整改', D(2021, 8, 30), None)),
        ('CD-02', '走访发现', '企业反映电力增容申请迟迟未批', '区供电中心', D(2021, 9, 7), '未整改', None, ('已整改', D(2021, 9, 7), None)),
        ('CD-03', '常态化监测', '企业反映开立银行基本账户时间长', '区银保监组', D(2021, 9, 8), '已整改', D(2021, 8, 30), ('已整改', D(2021, 8, 30), None)),
        ('CD-04', '走访发现', '企业希望上门宣讲科技创新扶持政策', '区科技局', D(2021, 9, 9), '未整改', None, ('已整改', D(2021, 9, 3), None)),
        ('CD-05', '走访发现', '企业厂房产权手续不全，影响抵押贷款', '博山经济开发区管委会', D(2021, 9, 9), '未整改', None, ('已整改', D(2021, 9, 9), None)),
    ],
}
PRB_ROWS = {}   # rel -> rows
FIXED_RESP = {'RX-0828-002': '区住房和城乡建设局', 'CD-05': '区自然资源局'}


def build_problems():
    ent_pool = list(ROSTER_ENTS)
    ents = {}
    for unit, items in PROBLEMS.items():
        for it in items:
            ents[it[0]] = rng.choice(ent_pool)
    for wk in ('2021-W35', '2021-W36'):
        for unit, items in PROBLEMS.items():
            rows = []
            for (no, src, desc, resp, due, st35, done35, w36) in items:
                e = ents[no]
                r = {'问题编号': no, '问题来源': src, '问题描述': desc, '企业名称': e.name,
                     '统一社会信用代码': e.code if rng.random() < 0.8 else '', '责任单位': ALIAS.get(resp, resp)
                     if rng.random() < 0.3 else resp, '整改时限': fmt_date(due, rand_style((0.7, 0.1, 0, 0.1, 0.1, 0))),
                     '整改状态': st35, '完成日期': fmt_date(done35, 'iso') if done35 else '', '_marks': []}
                if wk == '2021-W35':
                    if resp not in UTYPE:
                        r['_marks'].append(('责任单位', '错误', f'责任单位“{resp}”不在 units.csv 中，该行拒收（问题未建立）'))
                    if src == '政务热线':
                        r['_marks'].append(('问题来源', '错误', '问题来源“政务热线”不在允许值内，该行拒收（问题未建立）'))
                else:
                    if unit == '城东街道' and no in ('CD-01', 'CD-03'):
                        continue   # 城东街道第36周只报有变化的行（这两条第35周已整改）
                    st, done, newdue = w36
                    if resp not in UTYPE:   # 第36周改正为名册内单位，问题自此建立
                        r['责任单位'] = FIXED_RESP[no]
                    if src == '政务热线':
                        r['问题来源'] = '12345热线'
                    if newdue:
                        r['整改时限'] = fmt_date(newdue, 'iso')
                    if st == '已整改!':
                        r['整改状态'] = '已整改'
                        r['完成日期'] = ''
                        r['_marks'].append(('完成日期', '错误', '整改状态“已整改”但完成日期为空，该行拒收；'
                                                           '问题保持第35周的“整改中”，9月10日已逾期'))
                    else:
                        r['整改状态'] = st
                        r['完成日期'] = fmt_date(done, rand_style((0.6, 0.2, 0, 0.2, 0, 0))) if done else ''
                    if no == 'WZSD-2021-004':
                        r['_marks'].append(('整改状态', '提示', '仍为“整改中”，整改时限2021-09-08已过：9月10日逾期'))
                    if newdue:
                        r['_marks'].append(('整改时限', '提示', '整改时限延至' + newdue.isoformat() + '，9月10日不算逾期'))
                rows.append(r)
            PRB_ROWS[f'{wk}/问题清单/{unit}.csv'] = rows


def write_problems():
    for rel in sorted(PRB_ROWS):
        notes = rng.choice([{}, {'整改状态': '整改状态（未整改/整改中/已整改）', '整改时限': '整改时限（年月日）'}])
        header = make_header(PRB_COLS, notes, fw_p=0.05)
        write_table(rel, PRB_COLS, header, PRB_ROWS[rel], dialect())


# ---------------------------------------------------------------------------
# 宣传稿件文件写出
# ---------------------------------------------------------------------------
def write_articles():
    for rel in sorted(ART_ROWS, key=lambda r: (r.split('/')[0], r)):
        rows = ART_ROWS[rel]
        meta = ART_META[rel]
        over = dict(meta['d'])
        if rel == '2021-W35/宣传稿件统计表/区城管局.csv':
            over.update(enc='gb18030', eol='\r\n')
        cols = list(ART_COLS)
        if rng.random() < 0.12 and meta['unit'] not in ('区商务局',):
            cols.remove('序号')
        notes = rng.choice(ART_NOTES)
        if meta['unit'] == '区财政局':
            notes = ART_NOTES[1]
        header = make_header(cols, notes, fw_p=0.08)
        for i, r in enumerate(rows, 1):
            r['序号'] = str(i)
        write_table(rel, cols, header, rows, dialect(**over), meta['title'] or ())


# ---------------------------------------------------------------------------
# 报送登记
# ---------------------------------------------------------------------------
RECEIPT_SPECIAL = {
    '2021-W35/宣传稿件统计表/区文化和旅游局.csv': '2021-09-03 15:20',
    '2021-W35/宣传稿件统计表/区水利局.csv': '2021-09-03 17:05',
    '2021-W35/宣传稿件统计表/区交通运输局.csv': '2021-09-03 15:00',
    '2021-W36/宣传稿件统计表/区教体局.csv': '2021-09-10 16:12',
    '2021-W36/宣传稿件统计表/区司法局.csv': '2021-09-10 15:01',
    '2021-W36/宣传稿件统计表/区发展和改革局.csv': '2021-09-10 15:00',
    '2021-W35/走访台账/池上镇_2021-08-31.csv': '2021-08-31 16:25',
    '2021-W35/走访台账/区法院_2021-09-01.csv': '2021-09-01 17:40',
    '2021-W35/走访台账/石马镇_2021-09-02.csv': '2021-09-03 09:05',
    '2021-W35/走访台账/城东街道_2021-09-03.csv': '2021-09-03 16:00',
}
RECEIPT_OMIT = {
    '2021-W35/宣传稿件统计表/区档案馆.csv', '2021-W35/宣传稿件统计表/城西街道.csv',
    '2021-W35/宣传稿件统计表/区公安分局.csv', '2021-W35/走访台账/博山镇_2021-09-01.csv',
    '2021-W35/走访台账/区税务局_2021-09-02.csv', '2021-W36/宣传稿件统计表/域城镇.csv',
    '2021-W36/宣传稿件统计表/区网信办.csv',
}
RECEIPTS = {}

# ---------------------------------------------------------------------------
# 材料报送：重点任务「工作总结及案例」（牵头单位，9月10日17:00前）
# 文件内容不读取，只记录名称、大小、SHA-256；收到时间固定（不消耗随机数）。
# ---------------------------------------------------------------------------
TASK = '工作总结及案例'
DELIVERABLE_LATE = '区水利局'        # 9月10日18:30 收到：迟报（通报日当天，扣迟报分）
DELIVERABLE_MISSING = '区统计局'     # 未报送（扣未报送分）
DELIVERABLE_TWO = '区商务局'         # 报送两个文件，以最早收到的为准
DELIVERABLE_TIMES = {}


def build_deliverables():
    for i, u in enumerate(LEAD):
        if u == DELIVERABLE_MISSING:
            continue
        body = f'{u}{TASK}（演示材料，工具不读取内容）\n'.encode('utf-8')
        rel = f'2021-W36/材料报送/{u}_{TASK}.docx'
        FILES[rel] = body
        if u == DELIVERABLE_LATE:
            DELIVERABLE_TIMES[rel] = '2021-09-10 18:30'
        else:
            day = D(2021, 9, 6) + TD(i % 5)
            DELIVERABLE_TIMES[rel] = ts(day, 9 + i % 7, (i * 7) % 60)
        if u == DELIVERABLE_TWO:
            rel2 = f'2021-W36/材料报送/{u}_{TASK}_典型案例.pdf'
            FILES[rel2] = f'{u}典型案例（演示材料）\n'.encode('utf-8')
            DELIVERABLE_TIMES[rel2] = '2021-09-10 16:40'


def ts(d, h, m):
    return f'{d.isoformat()} {h:02d}:{m:02d}'


def build_receipts():
    for rel in list(RECEIPT_SPECIAL) + sorted(RECEIPT_OMIT):
        assert rel in FILES, rel
    for wk in ('2021-W35', '2021-W36'):
        entries = []
        rels = sorted(r for r in FILES if r.startswith(wk + '/'))
        for rel in rels:
            if rel in RECEIPT_OMIT:
                continue
            sub = rel[len(wk) + 1:]
            if rel in RECEIPT_SPECIAL:
                t = RECEIPT_SPECIAL[rel]
            elif sub.startswith('宣传稿件统计表/'):
                rep = REPORT[wk]
                # 收到时间不早于表中最晚的（合理）发布日期
                latest = max([r['_date'] for r in ART_ROWS[rel] if r['_date'] <= rep] or [rep - TD(4)])
                d = rep - TD(rng.choices([0, 1, 2, 3, 4], [0.5, 0.2, 0.12, 0.1, 0.08])[0])
                d = max(d, latest, rep - TD(4))
                h = rng.randint(8, 14) if d == rep else rng.randint(8, 17)
                t = ts(d, h, rng.randint(0, 59))
            elif sub.startswith('走访台账/'):
                d = D.fromisoformat(rel[-14:-4])
                t = ts(d, rng.randint(9, 15), rng.randint(0, 59))
            elif sub.startswith('样本企业汇总表/'):
                d = D(2021, 8, 30) if wk == '2021-W35' else D(2021, 9, 7)
                t = ts(d, rng.randint(8, 11), rng.randint(0, 59)) if rng.random() < 0.8 else \
                    ts(d, rng.randint(12, 17), rng.randint(0, 59))
            elif sub.startswith('问题清单/'):
                d = D(2021, 8, 30) if wk == '2021-W35' else D(2021, 9, 9)
                t = ts(d, rng.randint(9, 14), rng.randint(0, 59))
            elif rel in DELIVERABLE_TIMES:
                t = DELIVERABLE_TIMES[rel]
            else:
                continue
            entries.append((t, sub))
        entries.sort()
        RECEIPTS[wk] = entries
        lines = ['文件,收到时间'] + [f'{s},{t}' for t, s in entries]
        FILES[f'{wk}/报送登记.csv'] = b'\xef\xbb\xbf' + ('\r\n'.join(lines) + '\r\n').encode('utf-8')


# ---------------------------------------------------------------------------
# 名册与 plan.yaml
# ---------------------------------------------------------------------------
def write_roster():
    d = dict(enc='utf-8', bom=True, eol='\r\n', quote_all=False, trail_cols=0, trail_rows=0)
    rows = [{'单位名称': u, '单位类型': UTYPE[u], '简称': ALIAS.get(u, ''), '_marks': []} for u in UNIT_ORDER]
    write_table('roster/units.csv', ['单位名称', '单位类型', '简称'],
                make_header(['单位名称', '单位类型', '简称']), rows, d)
    rows = [{'指标名称': n, '牵头单位': l, '责任单位': '、'.join(r), '_marks': []} for n, l, r in INDICATORS]
    write_table('roster/indicators.csv', ['指标名称', '牵头单位', '责任单位'],
                make_header(['指标名称', '牵头单位', '责任单位']), rows, d)
    rows = [{'企业名称': e.name, '统一社会信用代码': e.code, '所属镇街': e.town, '_marks': []} for e in ROSTER_ENTS]
    write_table('roster/enterprises.csv', ['企业名称', '统一社会信用代码', '所属镇街'],
                make_header(['企业名称', '统一社会信用代码', '所属镇街']), rows, d)
    rows = [{'媒体名称': m, '媒体级别': l, '_marks': []} for m, l in MEDIA]
    write_table('roster/media.csv', ['媒体名称', '媒体级别'], make_header(['媒体名称', '媒体级别']), rows, d)


def plan_yaml():
    return f'''# 博山区开展优化营商环境“为群众办实事为企业解难题”大走访大排查大提升活动 —— 通报统计设置
# 依据：博山区持续深入优化营商环境和推进政府职能转变领导小组办公室 2021年8月27日印发的实施方案。
# 本文件由 scripts/make_demo_input.py 生成。

campaign: 博山区“大走访大排查大提升”活动               # 通报标题
office: 博山区持续深入优化营商环境和推进政府职能转变领导小组办公室   # 发文单位（通报落款）
period: {{start: 2021-08-27, end: 2021-09-10}}            # 活动期：加强舆论宣传 8月27日—9月10日；第34周为第1期
visit_period: {{start: 2021-08-30, end: 2021-09-03}}      # 全面走访企业 8月30日—9月3日，每日报台账
samples_handled_since: 2020-08-01                       # 附件1：自2020年8月1日以来在本部门办理手续的企业
problems_clear_by: 2021-09-09                           # 负面问题务必于9月9日之前整改到位
area_code: "0533"                                       # 淄博区号：不带区号的本地固话自动补全
accepted_credit_codes:                                  # 2016年前赋码、校验位不符但经核实真实有效的代码
  - "{ACCEPTED_CODE}"
report_weekday: 5                                       # 每周五通报
deadlines:
  ledger: "16:00"        # 《2021年样本企业走访台账》每日下午4点前报送
  articles: "15:00"      # 《2021年营商环境宣传稿件统计表》每周五下午3点前报送
  samples: "2021-08-30 12:00"   # 《2021年样本企业汇总表》8月30日上午12:00前报送
calendar:                # 调休安排：本次活动期间无节假日、无调休上班日
  holidays: []
  workdays: []
quotas:
  articles_per_week: {{牵头单位: 5, 责任单位: 3, 镇街: 0}}   # 牵头单位每周不少于5篇，责任单位每周不少于3篇
  samples_per_indicator: 50                             # 每个指标有效样本不少于50个
  visit_coverage: 1.0                                   # 镇街在册企业全覆盖
points:                  # 每周考核计分
  article_over_quota: 0.5      # 计入篇数达到任务数时，加权数（按媒体级别、头版头条加权）超出任务数的部分，每1篇加分
  article_short: -1            # 少于定额，每少一篇扣分
  missing_submission: -2       # 应报未报的文件（周稿件统计表、每日走访台账），每个扣分
  late_submission: -1          # 逾期报送的文件，每个扣分
  problem_overdue: -2          # 超过整改时限仍未整改的问题，每个扣分
  indicator_short: -1          # 有效样本不足的指标（扣牵头单位），每个扣分
  media_weight: {{中央级: 3, 省级: 2, 市级: 1.5, 区级: 1}}   # 媒体级别权重
  headline_factor: 2           # 头版头条权重加倍
ranking: {{red: 3, black: 3, by: week}}    # 红榜、黑榜各列3个单位；按本周得分排名
bulletin:                      # 通报的公文要素
  max_listed: 10               # 通报正文每个名单最多列10项，其余见附表
  recipients: 区委、区政府主要领导，区委、区政府分管领导   # 报：
  copy_to: 各成员单位           # 送：
tasks:                         # 方案中的重点任务（一次性材料），报送到 <周>/材料报送/<单位>_<任务名>.<扩展名>
  - name: 工作总结及案例          # 各牵头单位9月10日前报送工作总结及典型案例
    from: 牵头单位
    due: "2021-09-10 17:00"
'''


# ---------------------------------------------------------------------------
# 设计预期（写入 README）
# ---------------------------------------------------------------------------
def canon(u):
    u = u.strip(FW + ' ')
    for k, v in ALIAS.items():
        if v == u:
            return k
    return u


def article_expectations():
    counted = {}   # (wk, unit) -> [count, weighted]
    received = {}
    for rel, rows in ART_ROWS.items():
        wk = rel.split('/')[0]
        meta = ART_META[rel]
        received.setdefault((wk, meta['unit']), []).append(rel)
        for r in rows:
            if r['_status'] in ('count', 'warn'):
                c = counted.setdefault((wk, r['_owner']), [0, 0.0])
                c[0] += 1
                lvl = MEDIA_LEVEL.get(r['_medium'], '区级')
                c[1] += LEVEL_WEIGHT[lvl] * (2 if r['是否头版头条'].strip(FW) == '是' else 1)
            if r['_owner'] != meta['unit'] and r['_owner'] in UTYPE and r['_status'] != 'err':
                received.setdefault((wk, r['_owner']), []).append(rel)
    return counted, received


def readme():
    counted, received = article_expectations()
    L = []
    L.append('# 演示输入数据：博山区“大走访大排查大提升”活动（2021年）')
    L.append('')
    L.append('本目录由 `scripts/make_demo_input.py` 生成（`random.Random(2021)`，只用标准库，逐字节可复现），'
             '请勿手工修改；要改数据请改脚本后重新运行 `python3 scripts/make_demo_input.py`。')
    L.append('依据：博山区持续深入优化营商环境和推进政府职能转变领导小组办公室《博山区开展优化营商环境'
             '“为群众办实事为企业解难题”大走访大排查大提升活动实施方案》（2021年8月27日）。'
             '企业名称、信用代码、人员、电话、链接均为虚构。')
    L.append('')
    L.append('- 活动期 2021-08-27—2021-09-10，共3期：2021-W34（通报日8月27日，活动当天开始，只有宣传稿件）、'
             '2021-W35（9月3日）、2021-W36（9月10日）。')
    L.append('- 样本企业汇总表（附件1）报送时限为8月30日12:00（plan.yaml 的 deadlines.samples）：'
             '第1期通报时尚未到期，不扣“样本不足”分，也不列为未报送。')
    L.append('- 名册：牵头单位24个、责任单位10个、镇街10个；指标18个；在册企业'
             f'{len(ROSTER_ENTS)}家；媒体{len(MEDIA)}个。')
    L.append('- 文件方言按文件混用：UTF-8（有/无 BOM）、GB18030（' +
             '、'.join(sorted(r for r, b in FILES.items() if not b.startswith(b'\xef\xbb\xbf') and _is_gb(b))) +
             '）、CRLF/LF、全部加引号、尾部空行空列、表头上方的打印标题行、表头括号注释、全角空格。')
    titled = sorted(r for r, b in FILES.items() if r.endswith('.csv') and _text(b).startswith('附件'))
    L.append(f'- 表头上方有打印标题行（附件N／表名／填报单位）的文件{len(titled)}个：' + '、'.join(titled) + '。')
    L.append('')
    L.append('## 一、故意设置的错误与需要注意的行')
    L.append('')
    L.append('行号为文件中的物理行（从1开始，含标题行与表头）；列为文件中所写的表头（去掉两侧全角空格）。'
             '类别：**错误**＝该行拒收、不计入；**警告**＝报告但该行计入（重复稿件、重复样本为警告且不计入）；'
             '**提示**＝应正常处理的特殊写法；**歧义**＝契约没有明说，按括号里的设计处理。')
    L.append('')
    L.append('| 文件 | 行 | 列 | 类别 | 说明 |')
    L.append('|---|---|---|---|---|')
    for m in sorted(MISTAKES, key=lambda m: (m['file'], m['line'] if m['line'] != '—' else 0)):
        L.append(f"| {m['file']} | {m['line']} | {m['col']} | {m['sev']} | {m['what']} |")
    L.append('')
    L.append('## 二、宣传稿件：设计的计入篇数（按单位、周）')
    L.append('')
    L.append('“计入”为去掉拒收行和重复稿件后的篇数；定额牵头单位5、责任单位3、镇街0。'
             '区医疗保障局不自己报送，由区人社局的文件汇总（单位名称写区医保局/区医疗保障局）。')
    L.append('')
    L.append('| 单位 | 类型 | 2021-W34 | 2021-W35 | 2021-W36 |')
    L.append('|---|---|---|---|---|')
    for u in UNIT_ORDER:
        q = QUOTA[UTYPE[u]]
        cells = []
        any_ = False
        for wk in WEEKS:
            got = received.get((wk, u))
            c = counted.get((wk, u), [0, 0])[0]
            if not got:
                cells.append('未报送' if q > 0 else '无需报送')
                continue
            any_ = True
            tag = '达标' if c >= q else f'少{q - c}篇'
            via = ''
            if u == '区医疗保障局':
                via = '（区人社局汇总）'
            cells.append(f'{c}（{tag}）{via}')
        if UTYPE[u] == '镇街' and not any_:
            continue
        L.append(f'| {u} | {UTYPE[u]} | ' + ' | '.join(cells) + ' |')
    L.append('')
    L.append('名册外：2021-W35/宣传稿件统计表/区档案馆.csv（2行，不计入）。'
             '其余镇街三周都未报送宣传稿件（定额0，无需报送）。')
    L.append('')
    L.append('## 三、样本企业汇总表：设计的有效样本数')
    L.append('')
    L.append('| 指标 | 牵头单位 | 2021-W35 | 2021-W36 |')
    L.append('|---|---|---|---|')
    for ind, lead, _ in INDICATORS:
        # The lower-case code row counts once normalised (docs/decisions.md).
        extra = 1 if ind == '获得电力' else 0
        w35 = SMP_VALID[ind] + extra if lead not in ('区商务局', '区银保监组') else None
        w36 = SMP_VALID_W36.get(ind, SMP_VALID[ind]) + extra if lead != '区商务局' else None

        def f(v):
            if v is None:
                return '未报送'
            return f'{v}' + ('（不足50）' if v < 50 else '')
        L.append(f'| {ind} | {lead} | {f(w35)} | {f(w36)} |')
    L.append('')
    L.append('区水利局第36周重报 `区水利局_更新.csv`（55条），替换第35周的38条；区银保监组第36周才首次报送；'
             '区商务局始终未报送。第34周尚无任何样本表。获得电力含一行小写代码，规范化后计入（见上表）。')
    L.append('')
    L.append('## 四、走访台账')
    L.append('')
    cov = coverage()
    L.append('镇街覆盖率（按有效行计，分母为 enterprises.csv 中该镇街企业数）：' +
             '；'.join(f'{t} {v}/{n}（{v * 100 / n:.1f}%）' for t, (v, n) in cov.items()) + '。')
    L.append('')
    miss = []
    for u in TOWNS + LEAD:
        days = [d for d in VISIT_DAYS
                if not any(x[0] == u and x[1] == d for x in LED_FILES.values())]
        if days and len(days) < 5:
            miss.append(f'{u} 缺 ' + '、'.join(d.isoformat() for d in days))
    L.append('缺报：' + '；'.join(miss) + '；以下牵头单位5天全部未报：' +
             '、'.join(u for u in LEAD if u not in LED_LEADS) + '。')
    L.append('白塔镇_2021-09-02.csv 为累计报送（前面重复了9月1日的全部记录，按同一走访处理）。')
    L.append('')
    L.append('## 五、问题清单')
    L.append('')
    L.append('第35周（9月3日）：区网信办7条、区12345热线服务中心8条、山头街道5条、城东街道5条，'
             '其中3行拒收（见上表），有效22条，无逾期。'
             '第36周（9月10日）：各单位重报更新；城东街道只报有变化的行。'
             '9月10日逾期未整改：WZSD-2021-004（区人力资源和社会保障局，整改中，时限9月8日）、'
             'WZSD-2021-006（区税务局，第36周“已整改”行缺完成日期被拒收，仍为整改中，时限9月9日）。'
             'WZSD-2021-007、JSJB-0827-011 延期（9月17日、9月24日），不逾期。')
    L.append('')
    L.append('## 六、报送登记（收到时间）')
    L.append('')
    late = [f'{k}（{v}）' for k, v in RECEIPT_SPECIAL.items()]
    L.append('特别设置的收到时间：' + '；'.join(late) + '。'
             '稿件截止为通报日15:00（恰好15:00算按时），台账截止为当日16:00（恰好16:00算按时）。')
    L.append('未登记（状态“已报送”）：' + '、'.join(sorted(RECEIPT_OMIT)) + '。第34周没有报送登记。')
    L.append('')
    L.append('## 七、材料报送（重点任务）')
    L.append('')
    L.append(f'plan.yaml 的 tasks 列出「{TASK}」（牵头单位，完成时限9月10日17:00）。'
             f'第36周 材料报送/ 中：{DELIVERABLE_LATE}9月10日18:30收到（迟报，扣1分）；'
             f'{DELIVERABLE_MISSING}未报送（扣2分）；{DELIVERABLE_TWO}报送两个文件（以最早收到的为准，按时）；'
             '其余牵头单位按时。文件内容不读取。')
    L.append('')
    return '\n'.join(L)


def _text(b):
    if b.startswith(b'\xef\xbb\xbf'):
        return b[3:].decode('utf-8')
    return b.decode('gb18030') if _is_gb(b) else b.decode('utf-8')


def _is_gb(b):
    try:
        b.decode('utf-8')
        return False
    except UnicodeDecodeError:
        return True


def coverage():
    visited = set()
    for unit, d, rows in LED_FILES.values():
        for r in rows:
            if not any(s == '错误' for _, s, _w in r['_marks']):
                visited.add(r['统一社会信用代码'])
    out = {}
    for t in TOWNS:
        ents = BY_TOWN[t]
        out[t] = (sum(1 for e in ents if e.code in visited), len(ents))
    return out


# ---------------------------------------------------------------------------
def main():
    build_articles()
    build_samples()
    build_ledgers()
    build_problems()
    write_roster()
    write_articles()
    write_samples()
    write_ledgers()
    write_problems()
    build_deliverables()
    build_receipts()

    for g in GENERATED:
        p = os.path.join(INPUT, g)
        if os.path.isdir(p):
            shutil.rmtree(p)
        elif os.path.exists(p):
            os.remove(p)
    os.makedirs(INPUT, exist_ok=True)
    FILES['plan.yaml'] = plan_yaml().encode('utf-8')
    FILES['README.md'] = readme().encode('utf-8')
    for rel in sorted(FILES):
        p = os.path.join(INPUT, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'wb') as f:
            f.write(FILES[rel])
    print(f'wrote {len(FILES)} files under {INPUT}')


if __name__ == '__main__':
    main()
