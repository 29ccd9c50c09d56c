/*
 * floor.c - the benchmark floor for `bulletin run` (see scripts/bench.sh).
 *
 * Writes, with raw libxlsxwriter 1.1.4 (constant_memory mode, sequentially, one thread),
 * workbooks holding as many string cells and about as much UTF-8 text as bulletin's
 * outputs: what the library alone needs to write them.
 *
 * usage: floor OUTDIR SPEC [SPEC ...]      SPEC = CELLS:TEXTBYTES:COLS
 * SPEC i (from 1) becomes OUTDIR/floor-<i>.xlsx: one worksheet, CELLS string cells
 * written row by row, COLS per row, whose text totals about TEXTBYTES bytes. As in
 * bulletin, rows past Excel's 1,048,576 continue on a further worksheet.
 * build: cc -O2 bench/floor.c -o floor $(pkg-config --cflags --libs xlsxwriter)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define CELL_MAX 32764 /* bytes: Excel's 32,767 characters, less room to finish a character */

/* Fragments of a 走访台账 row: natural cell contents and padding. */
static const char *const TOWNS[] = {"城东街道", "城西街道", "山头街道", "域城镇", "白塔镇",
                                    "八陡镇", "石马镇", "源泉镇", "池上镇", "博山镇"};
static const char *const PHRASES[] = {"实地走访", "电话回访", "企业法人", "用电报装慢", "招工难",
                                      "融资难", "审批时间长", "道路不畅", "已解决", "正在解决",
                                      "无问题", "区牵头单位", "区责任单位", "优化营商环境", "是"};
#define NTOWNS (sizeof TOWNS / sizeof TOWNS[0])
#define NPHRASES (sizeof PHRASES / sizeof PHRASES[0])

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "floor: %s: %s\n", what, detail);
    exit(1);
}

/* Deterministic xorshift32, so every run writes the same bytes. */
static unsigned rnd(void)
{
    static unsigned x = 2021;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
}

/* Append text t, or the decimal v zero-padded to `width` digits, at s + n; return the
 * new length. (sprintf would cost the floor a tenth of its time.) */
static size_t put(char *s, size_t n, const char *t)
{
    size_t k = strlen(t);
    memcpy(s + n, t, k);
    return n + k;
}
static size_t putnum(char *s, size_t n, unsigned long long v, int width)
{
    char d[24];
    int k = 0;
    do {
        d[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v || k < width);
    while (k)
        s[n++] = d[--k];
    return n;
}

/* The natural content (< 64 bytes) of column `col` of data row `row`, like a ledger's. */
static size_t natural(char *s, unsigned long row, unsigned col)
{
    static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    size_t n;
    switch (col % 8) {
    case 0: return putnum(s, 0, row + 1, 1);                                  /* 序号 */
    case 1: n = putnum(s, put(s, 0, "淄博基准测试企业"), rnd() % 1000000, 6);   /* 企业名称 */
            return put(s, n, "有限公司");
    case 2: n = putnum(s, put(s, 0, "9137030"), 1000000 + row * 7, 10);        /* 信用代码 */
            s[n] = alpha[rnd() % 31];
            return n + 1;
    case 3: return put(s, 0, TOWNS[row % NTOWNS]);                             /* 所属镇街 */
    case 4: return putnum(s, put(s, 0, "2021-09-0"), 1 + row % 5, 1);          /* 走访日期 */
    case 5: return putnum(s, put(s, 0, "138"), rnd() % 100000000, 8);         /* 联系电话 */
    case 6: return putnum(s, put(s, 0, "走访人"), rnd() % 200, 3);             /* 走访人 */
    default: return put(s, 0, PHRASES[rnd() % NPHRASES]);                      /* 问题/办理情况 */
    }
}

/* Stretch or shrink the n bytes in s to about `budget` bytes: pad with phrases and row
 * numbers, or cut at a UTF-8 character boundary. Returns the length (>= 1). */
static size_t fit_cell(char *s, size_t n, long long budget, unsigned long row)
{
    size_t want = budget < 1 ? 1 : budget > CELL_MAX ? CELL_MAX : (size_t)budget;
    while (n < want)
        n = rnd() % 3 ? put(s, n, PHRASES[rnd() % NPHRASES]) : putnum(s, n, row + 1, 1);
    s[n] = '\0'; /* also stops the scan below */
    if (n > want) { /* cut at the first character boundary from `want` on: >= 1 character */
        while (((unsigned char)s[want] & 0xC0) == 0x80)
            want++;
        n = want;
        s[n] = '\0';
    }
    return n;
}

/* Write `ncols` cells of data row `row` totalling about `budget` bytes: each column's
 * natural content, padded evenly when the row is short of budget and scaled down when
 * over, so short cells still keep varying digits. Returns the bytes written. */
static long long write_row(lxw_worksheet *sheet, unsigned long row, unsigned ncols, long long budget)
{
    static char nat[LXW_COL_MAX][64], cell[CELL_MAX + 64]; /* + one padding step */
    static size_t len[LXW_COL_MAX];
    long long total = 0, cum = 0, done = 0;
    for (unsigned c = 0; c < ncols; c++)
        total += (long long)(len[c] = natural(nat[c], row, c));
    for (unsigned c = 0; c < ncols; c++) {
        cum += (long long)len[c]; /* natural bytes up to column c: where the row should be */
        long long target = budget >= total ? cum + (budget - total) * (c + 1) / ncols
                                           : cum * budget / total;
        memcpy(cell, nat[c], len[c]);
        done += (long long)fit_cell(cell, len[c], target - done, row);
        lxw_error err = worksheet_write_string(sheet, (lxw_row_t)(row % LXW_ROW_MAX),
                                               (lxw_col_t)c, cell, NULL);
        if (err != LXW_NO_ERROR)
            die("worksheet_write_string failed", lxw_strerror(err));
    }
    return done;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: floor OUTDIR CELLS:TEXTBYTES:COLS [...]\n");
        return 2;
    }
    char path[4096];
    unsigned long long total_cells = 0, total_bytes = 0;
    for (int i = 2; i < argc; i++) {
        unsigned long long cells, text, cols;
        int end = 0; /* digits and colons only: sscanf alone would take "-1" and spaces */
        if (strspn(argv[i], "0123456789:") != strlen(argv[i]) || argv[i][0] == ':' ||
            sscanf(argv[i], "%llu:%llu:%llu%n", &cells, &text, &cols, &end) != 3 || argv[i][end])
            die("bad SPEC (want CELLS:TEXTBYTES:COLS)", argv[i]);
        if (cells == 0 || cols == 0 || cols > LXW_COL_MAX)
            die("SPEC needs CELLS > 0 and 1 <= COLS <= 16384", argv[i]);
        if (snprintf(path, sizeof path, "%s/floor-%d.xlsx", argv[1], i - 1) >= (int)sizeof path)
            die("path too long", argv[1]);

        lxw_workbook_options options = {.constant_memory = LXW_TRUE};
        lxw_workbook *workbook = workbook_new_opt(path, &options);
        if (!workbook)
            die("workbook_new_opt failed", path);
        lxw_worksheet *sheet = NULL;
        /* Budget each row so the running total tracks TEXTBYTES * k / CELLS after k cells. */
        unsigned long long written = 0, per = text / cells, rest = text % cells;
        for (unsigned long long k = 0; k < cells; k += cols) {
            unsigned long long n = cells - k < cols ? cells - k : cols; /* last row may be short */
            unsigned long long goal = per * (k + n) + rest * (k + n) / cells;
            if (k / cols % LXW_ROW_MAX == 0 && !(sheet = workbook_add_worksheet(workbook, NULL)))
                die("workbook_add_worksheet failed", path);
            written += (unsigned long long)write_row(sheet, (unsigned long)(k / cols), (unsigned)n,
                                                     (long long)goal - (long long)written);
        }
        lxw_error err = workbook_close(workbook); /* zips and writes the file */
        if (err != LXW_NO_ERROR)
            die("workbook_close failed", lxw_strerror(err));
        total_cells += cells;
        total_bytes += written;
    }
    printf("floor: %llu cells, %llu text bytes, %d workbooks\n", total_cells, total_bytes, argc - 2);
    return 0;
}
