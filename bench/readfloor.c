/*
 * readfloor.c - the reading floor for `bulletin run` (see scripts/bench.sh).
 *
 * Reads an input tree as the plainest fast reader would, and does nothing else: every
 * regular file under INPUTDIR is read whole (read(2) into one buffer); a .csv is checked to
 * be UTF-8 (an optional BOM skipped) and split into records and fields by RFC 4180 (quoted
 * fields, doubled quotes, CRLF or LF), each field's bounds found and added to a checksum; an
 * .xlsx has its zip central directory walked and every part inflated with zlib (a sheet's
 * XML is then scanned for its `<c` cell tags, no more); other files are only read. No field
 * is trimmed, decoded, copied, checked against a rule or stored: what bulletin does beyond
 * this is its own work, not reading.
 *
 * Files are handed out largest first to JOBS threads (default 1), as bulletin reads them
 * on its --jobs cores.
 *
 * usage: readfloor [-j JOBS] INPUTDIR
 * build: cc -O2 -pthread bench/readfloor.c -o readfloor -lz
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

struct file {
    char *path;
    off_t size;
};

static struct file *files;
static size_t nfiles, capfiles;
static atomic_size_t next_file;

struct totals {
    unsigned long long bytes, records, fields, checksum, parts, inflated, cells, invalid;
};

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "readfloor: %s: %s\n", what, detail);
    exit(1);
}

static int collect(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)ftw;
    if (type != FTW_F || !S_ISREG(st->st_mode))
        return 0;
    if (nfiles == capfiles) {
        capfiles = capfiles ? 2 * capfiles : 256;
        files = realloc(files, capfiles * sizeof *files);
        if (!files)
            die("out of memory", path);
    }
    files[nfiles].path = strdup(path);
    files[nfiles++].size = st->st_size;
    return 0;
}

static int larger_first(const void *a, const void *b)
{
    off_t x = ((const struct file *)a)->size, y = ((const struct file *)b)->size;
    return x < y ? 1 : x > y ? -1 : strcmp(((const struct file *)a)->path, ((const struct file *)b)->path);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* 1 when b[0..n) is UTF-8 (no overlong forms, no surrogates, at most U+10FFFF). */
static int utf8(const unsigned char *b, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, b + i, 8);
            if ((w & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        unsigned c = b[i];
        if (c < 0x80) {
            i++;
        } else if (c >= 0xC2 && c <= 0xDF) {
            if (i + 1 >= n || (b[i + 1] & 0xC0) != 0x80)
                return 0;
            i += 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            if (i + 2 >= n || (b[i + 1] & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80)
                return 0;
            unsigned v = (c & 0x0F) << 12 | (b[i + 1] & 0x3F) << 6 | (b[i + 2] & 0x3F);
            if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
                return 0;
            i += 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            if (i + 3 >= n || (b[i + 1] & 0xC0) != 0x80 || (b[i + 2] & 0xC0) != 0x80 || (b[i + 3] & 0xC0) != 0x80)
                return 0;
            unsigned v = (c & 0x07) << 18 | (b[i + 1] & 0x3F) << 12 | (b[i + 2] & 0x3F) << 6 | (b[i + 3] & 0x3F);
            if (v < 0x10000 || v > 0x10FFFF)
                return 0;
            i += 4;
        } else {
            return 0;
        }
    }
    return 1;
}

/* Splits b[0..n) into RFC 4180 records and fields; each field's start and length go into
 * the checksum (so the split cannot be optimised away). */
static void csv(const unsigned char *b, size_t n, struct totals *t)
{
    size_t i = 0;
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        i = 3;
    while (i < n) {
        /* One record. */
        for (;;) {
            size_t start = i, length;
            if (i < n && b[i] == '"') {
                i++;
                for (;;) {
                    const unsigned char *q = memchr(b + i, '"', n - i);
                    if (!q) {
                        i = n;
                        break;
                    }
                    i = (size_t)(q - b) + 1;
                    if (i < n && b[i] == '"') {
                        i++;
                        continue;
                    }
                    break;
                }
                while (i < n && b[i] != ',' && b[i] != '\n')
                    i++;
            } else {
                while (i < n && b[i] != ',' && b[i] != '\n')
                    i++;
            }
            length = i - start;
            if (length && b[i - 1] == '\r' && (i == n || b[i] == '\n'))
                length--;
            t->fields++;
            t->checksum += start * 31 + length;
            if (i < n && b[i] == ',') {
                i++;
                continue;
            }
            break;
        }
        t->records++;
        if (i < n)
            i++; /* the '\n' */
    }
}

static unsigned u16(const unsigned char *p) { return p[0] | p[1] << 8; }
static unsigned long u32(const unsigned char *p) { return u16(p) | (unsigned long)u16(p + 2) << 16; }

/* Every part of the zip in b[0..n) inflated (stored parts copied); a worksheet part's
 * `<c` tags counted. */
static void xlsx(const char *path, const unsigned char *b, size_t n, struct totals *t)
{
    if (n < 22)
        die("not a zip", path);
    size_t eocd = n - 22;
    while (eocd > 0 && u32(b + eocd) != 0x06054b50UL)
        eocd--;
    if (u32(b + eocd) != 0x06054b50UL)
        die("no central directory", path);
    unsigned count = u16(b + eocd + 10);
    size_t p = u32(b + eocd + 16);
    static __thread unsigned char out[1 << 16];
    for (unsigned k = 0; k < count; k++) {
        if (p + 46 > n || u32(b + p) != 0x02014b50UL)
            die("bad central directory", path);
        unsigned method = u16(b + p + 10), namelen = u16(b + p + 28);
        size_t csize = u32(b + p + 20), local = u32(b + p + 42);
        int sheet = namelen > 14 && memcmp(b + p + 46, "xl/worksheets/", 14) == 0;
        if (local + 30 > n)
            die("bad local header", path);
        size_t data = local + 30 + u16(b + local + 26) + u16(b + local + 28);
        if (data + csize > n)
            die("part past the end", path);
        t->parts++;
        z_stream z = {0};
        if (method == 8 && inflateInit2(&z, -MAX_WBITS) != Z_OK)
            die("inflateInit2", path);
        z.next_in = (unsigned char *)b + data;
        z.avail_in = (uInt)csize;
        size_t stored = 0;
        int done = 0;
        unsigned char last = 0; /* the byte before each window, for a `<c` split between two */
        while (!done) {
            size_t got;
            if (method == 8) {
                z.next_out = out;
                z.avail_out = sizeof out;
                int r = inflate(&z, Z_NO_FLUSH);
                if (r != Z_OK && r != Z_STREAM_END)
                    die("inflate failed", path);
                got = sizeof out - z.avail_out;
                done = r == Z_STREAM_END;
            } else {
                got = csize - stored < sizeof out ? csize - stored : sizeof out;
                memcpy(out, b + data + stored, got);
                stored += got;
                done = stored == csize;
            }
            t->inflated += got;
            if (sheet && got) {
                if (last == '<' && out[0] == 'c')
                    t->cells++;
                for (const unsigned char *q = out; (q = memchr(q, '<', (size_t)(out + got - q))) != NULL; q++)
                    if (q + 1 < out + got && q[1] == 'c' && q + 2 < out + got && (q[2] == ' ' || q[2] == '>'))
                        t->cells++;
                last = out[got - 1];
            }
        }
        if (method == 8)
            inflateEnd(&z);
        p += 46 + namelen + u16(b + p + 30) + u16(b + p + 32);
    }
}

static void *worker(void *arg)
{
    struct totals *t = arg;
    size_t cap = 0;
    unsigned char *buffer = NULL;
    for (size_t k; (k = atomic_fetch_add(&next_file, 1)) < nfiles;) {
        const char *path = files[k].path;
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            die("cannot open", path);
        size_t want = (size_t)files[k].size, n = 0;
        if (want + 1 > cap) {
            cap = want + 1;
            free(buffer);
            if (!(buffer = malloc(cap)))
                die("out of memory", path);
        }
        for (;;) {
            ssize_t r = read(fd, buffer + n, cap - n);
            if (r < 0)
                die("read failed", path);
            if (r == 0 || (n += (size_t)r) == cap)
                break;
        }
        close(fd);
        t->bytes += n;
        if (ends_with(path, ".csv")) {
            if (!utf8(buffer, n))
                t->invalid++;
            csv(buffer, n, t);
        } else if (ends_with(path, ".xlsx")) {
            xlsx(path, buffer, n, t);
        }
    }
    free(buffer);
    return NULL;
}

int main(int argc, char **argv)
{
    int jobs = 1, opt;
    while ((opt = getopt(argc, argv, "j:")) != -1) {
        if (opt != 'j' || (jobs = atoi(optarg)) < 1 || jobs > 256) {
            fprintf(stderr, "usage: readfloor [-j JOBS] INPUTDIR\n");
            return 2;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "usage: readfloor [-j JOBS] INPUTDIR\n");
        return 2;
    }
    if (nftw(argv[optind], collect, 64, FTW_PHYS) != 0)
        die("cannot walk", argv[optind]);
    qsort(files, nfiles, sizeof *files, larger_first);
    pthread_t threads[256];
    struct totals each[256] = {{0}}, all = {0};
    for (int i = 0; i < jobs; i++)
        if (pthread_create(&threads[i], NULL, worker, &each[i]) != 0)
            die("pthread_create", "failed");
    for (int i = 0; i < jobs; i++) {
        pthread_join(threads[i], NULL);
        all.bytes += each[i].bytes, all.records += each[i].records, all.fields += each[i].fields;
        all.checksum += each[i].checksum, all.parts += each[i].parts, all.inflated += each[i].inflated;
        all.cells += each[i].cells, all.invalid += each[i].invalid;
    }
    printf("readfloor: %zu files, %llu bytes; csv: %llu records, %llu fields (%llu not UTF-8); "
           "xlsx: %llu parts inflated to %llu bytes, %llu cells (checksum %llu, %d threads)\n",
           nfiles, all.bytes, all.records, all.fields, all.invalid, all.parts, all.inflated, all.cells,
           all.checksum % 1000003, jobs);
    return 0;
}
