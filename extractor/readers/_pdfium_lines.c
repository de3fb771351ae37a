/* The fast PDF path's inner loop in C: PDFium's characters -> pdfplumber's lines.
 *
 * extractor/readers/fast.py does the same in Python: per character it asks PDFium (through ctypes) for the
 * Unicode value, the loose box and the font size, builds pdfplumber-style character dicts, removes fake-bold
 * twins as pdfplumber's dedupe_chars(tolerance=1) does and assembles the lines as pdfplumber's
 * chars_to_textmap(...).extract_text_lines(strip=True) does. The ctypes call per character and the dicts
 * cost several times PDFium's own work, so this module runs the same steps in one call per range of pages,
 * calling PDFium through the function pointers pypdfium2 has already loaded (it links against nothing and
 * includes no PDFium header). Every step mirrors a function of fast.py, named in its comment; the two are
 * compared page by page in tests/test_fast_path.py, and fast.py is used whenever this module is absent.
 *
 * read_pages(document, start, stop, strict, functions) -> list of pages, each a list of
 * (text, x0, x1, median size) lines, or None for a page fast.py would decline (pdfplumber reads that
 * page instead). `document` is the FPDF_DOCUMENT's address; `functions` the addresses of the PDFium
 * functions in the order of `enum fn` below.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct { float left, top, right, bottom; } rectf;
typedef struct { float a, b, c, d, e, f; } matrixf;

typedef void *(*load_page_t)(void *, int);
typedef void (*close_page_t)(void *);
typedef void *(*text_load_page_t)(void *);
typedef void (*text_close_page_t)(void *);
typedef float (*page_height_t)(void *);
typedef int (*page_rotation_t)(void *);
typedef int (*count_chars_t)(void *);
typedef int (*get_text_t)(void *, int, int, unsigned short *);
typedef unsigned int (*get_unicode_t)(void *, int);
typedef int (*is_generated_t)(void *, int);
typedef int (*loose_box_t)(void *, int, rectf *);
typedef double (*font_size_t)(void *, int);
typedef int (*matrix_t)(void *, int, matrixf *);
typedef unsigned long (*font_info_t)(void *, int, void *, unsigned long, int *);

enum fn {
    F_LOAD_PAGE, F_CLOSE_PAGE, F_TEXT_LOAD_PAGE, F_TEXT_CLOSE_PAGE, F_PAGE_HEIGHT, F_PAGE_ROTATION,
    F_COUNT_CHARS, F_GET_TEXT, F_GET_UNICODE, F_IS_GENERATED, F_LOOSE_BOX, F_FONT_SIZE, F_MATRIX,
    F_FONT_INFO, F_COUNT
};

typedef struct {
    load_page_t load_page;
    close_page_t close_page;
    text_load_page_t text_load_page;
    text_close_page_t text_close_page;
    page_height_t page_height;
    page_rotation_t page_rotation;
    count_chars_t count_chars;
    get_text_t get_text;
    get_unicode_t get_unicode;
    is_generated_t is_generated;
    loose_box_t loose_box;
    font_size_t font_size;
    matrix_t matrix;
    font_info_t font_info;
} api_t;

#define FONT_BUF 256
#define TOLERANCE 3.0    /* pdfplumber's default x and y tolerance */
#define DEDUPE_TOL 1.0   /* dedupe_chars(tolerance=1) */
#define COORD_LIMIT 262144.0  /* |coordinate| bound for the duplicate keys (2**18); beyond it: decline */

typedef struct {
    uint32_t u;
    double x0, x1, top, size;
    int j;      /* PDFium's character index */
    int i;      /* position in the page's character list */
    int font;   /* index into the page's font-name table (dedupe only) */
} ch_t;

/* ---- results of a page ---------------------------------------------------------------------------- */
enum { PAGE_OK = 0, PAGE_DECLINE = 1, PAGE_ERROR = 2 };

/* fast.py _unusable: a code point that means PDFium found no Unicode map for the glyph */
static int unusable(uint32_t u) {
    return u < 0x20 || u == 0xFFFD || (u >= 0xE000 && u <= 0xF8FF) || u >= 0xF0000;
}

static int is_space_code(uint32_t u) { return u == 0x20 || u == 0x0D || u == 0x0A; }

/* ---- sorting helpers (qsort with the position as the last key: a stable order) -------------------- */
static const ch_t *g_chars;          /* the array the comparators index (set before each qsort) */
static const double *g_values;
static char (*g_fonts)[FONT_BUF + 1];

static int cmp_double_idx(const void *a, const void *b) {
    int ia = *(const int *)a, ib = *(const int *)b;
    double va = g_values[ia], vb = g_values[ib];
    if (va < vb) return -1;
    if (va > vb) return 1;
    return (ia > ib) - (ia < ib);
}

/* fast.py _cluster_ids / pdfplumber make_cluster_dict: distinct values sorted, chained while each is
 * within `tol` of the one before. ids[k] = the cluster of values[k]. */
static int cluster_ids(const double *values, int n, double tol, int *ids, int *order) {
    if (n == 0) return 0;
    for (int k = 0; k < n; k++) order[k] = k;
    g_values = values;
    qsort(order, (size_t)n, sizeof(int), cmp_double_idx);
    int cluster = 0;
    double last = values[order[0]];
    ids[order[0]] = 0;
    for (int k = 1; k < n; k++) {
        double v = values[order[k]];
        if (v > last + tol) cluster++;
        ids[order[k]] = cluster;
        last = v;
    }
    return cluster + 1;
}

/* ---- duplicates (fast.py _has_duplicates) --------------------------------------------------------- */
static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int has_duplicates(const ch_t *chars, int n) {
    int64_t *keys = malloc(sizeof(int64_t) * (size_t)(n ? n : 1));
    if (!keys) return -1;
    for (int k = 0; k < n; k++) {
        /* Python's round(): half to even, which is nearbyint under the default rounding mode */
        int64_t x = (int64_t)nearbyint(chars[k].x0) + (1 << 19);
        int64_t y = (int64_t)nearbyint(chars[k].top) + (1 << 19);
        keys[k] = ((int64_t)chars[k].u << 42) | (x << 20) | y;
    }
    qsort(keys, (size_t)n, sizeof(int64_t), cmp_i64);
    int m = 0;
    for (int k = 0; k < n; k++)
        if (m == 0 || keys[k] != keys[m - 1]) keys[m++] = keys[k];
    int dup = m < n;
    static const int64_t neighbours[4] = {(1 << 20) - 1, 1 << 20, (1 << 20) + 1, 1};
    for (int d = 0; !dup && d < 4; d++) {
        for (int k = 0; k < m; k++) {
            int64_t want = keys[k] + neighbours[d];
            if (bsearch(&want, keys, (size_t)m, sizeof(int64_t), cmp_i64)) { dup = 1; break; }
        }
    }
    free(keys);
    return dup;
}

/* ---- dedupe (fast.py _dedupe: pdfplumber's dedupe_chars(tolerance=1)) ---------------------------- */
static int cmp_dedupe_key(const void *a, const void *b) {
    const ch_t *x = &g_chars[*(const int *)a], *y = &g_chars[*(const int *)b];
    if (x->u != y->u) return x->u < y->u ? -1 : 1;
    int f = strcmp(g_fonts[x->font], g_fonts[y->font]);
    if (f) return f < 0 ? -1 : 1;
    if (x->size != y->size) return x->size < y->size ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

static int same_dedupe_key(const ch_t *x, const ch_t *y) {
    return x->u == y->u && x->size == y->size && strcmp(g_fonts[x->font], g_fonts[y->font]) == 0;
}

/* keep[i] = 1 for the character pdfplumber keeps. Within each group of equal (text, font, size), the
 * characters are clustered by top (tolerance 1, chained), each of those clusters by x0; of each final
 * cluster the first by (top, x0) — ties to the earlier character — stays. */
static int dedupe(ch_t *chars, int n, char *keep) {
    int *idx = malloc(sizeof(int) * (size_t)n);
    int *grp = malloc(sizeof(int) * (size_t)n);
    int *sub = malloc(sizeof(int) * (size_t)n);
    double *vals = malloc(sizeof(double) * (size_t)n);
    int *yid = malloc(sizeof(int) * (size_t)n);
    int *xid = malloc(sizeof(int) * (size_t)n);
    int *order = malloc(sizeof(int) * (size_t)n);
    int ok = idx && grp && sub && vals && yid && xid && order;
    if (ok) {
        for (int k = 0; k < n; k++) { idx[k] = k; keep[k] = 0; }
        g_chars = chars;
        qsort(idx, (size_t)n, sizeof(int), cmp_dedupe_key);
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && same_dedupe_key(&chars[idx[start]], &chars[idx[end]])) end++;
            int g = end - start;  /* the group, in character order */
            for (int k = 0; k < g; k++) { grp[k] = idx[start + k]; vals[k] = chars[grp[k]].top; }
            int ny = cluster_ids(vals, g, DEDUPE_TOL, yid, order);
            for (int yc = 0; yc < ny; yc++) {
                int s = 0;
                for (int k = 0; k < g; k++)
                    if (yid[k] == yc) sub[s++] = grp[k];
                for (int k = 0; k < s; k++) vals[k] = chars[sub[k]].x0;
                int nx = cluster_ids(vals, s, DEDUPE_TOL, xid, order);
                for (int xc = 0; xc < nx; xc++) {
                    int best = -1;
                    for (int k = 0; k < s; k++) {
                        if (xid[k] != xc) continue;
                        const ch_t *c = &chars[sub[k]];
                        if (best < 0) { best = sub[k]; continue; }
                        const ch_t *b = &chars[best];
                        if (c->top < b->top || (c->top == b->top && c->x0 < b->x0)) best = sub[k];
                    }
                    if (best >= 0) keep[best] = 1;
                }
                /* vals was overwritten with x0: restore the group's tops for the next y cluster */
                for (int k = 0; k < g; k++) vals[k] = chars[grp[k]].top;
            }
            start = end;
        }
    }
    free(idx); free(grp); free(sub); free(vals); free(yid); free(xid); free(order);
    return ok ? 0 : -1;
}

/* ---- line assembly (fast.py _assemble_lines) ------------------------------------------------------ */
static int cmp_line_x0(const void *a, const void *b) {
    /* by (line, x0), stable */
    const ch_t *x = &g_chars[*(const int *)a], *y = &g_chars[*(const int *)b];
    int lx = (int)g_values[*(const int *)a], ly = (int)g_values[*(const int *)b];
    if (lx != ly) return lx < ly ? -1 : 1;
    if (x->x0 != y->x0) return x->x0 < y->x0 ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* fast.py _LIGATURES: U+FB00..U+FB06 */
static const char *ligature(uint32_t u) {
    static const char *lig[7] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
    return (u >= 0xFB00 && u <= 0xFB06) ? lig[u - 0xFB00] : NULL;
}

typedef struct {
    int first, count;  /* into the ordered character index */
    double top;        /* the word's top: the least of its characters' */
} word_t;

/* Append one line (text, x0, x1, median size) built from words [w0, w1) to `out`. */
static int emit_line(PyObject *out, const ch_t *chars, const int *ord, const word_t *words, int w0, int w1,
                     Py_UCS4 *text, double *sizes) {
    Py_ssize_t len = 0;
    int ns = 0;
    double x0 = 0, x1 = 0;
    int first = 1;
    for (int w = w0; w < w1; w++) {
        if (w > w0) text[len++] = ' ';
        for (int k = 0; k < words[w].count; k++) {
            const ch_t *c = &chars[ord[words[w].first + k]];
            const char *lig = ligature(c->u);
            int reps = 1;
            if (lig) {
                reps = (int)strlen(lig);
                for (int r = 0; r < reps; r++) text[len++] = (Py_UCS4)(unsigned char)lig[r];
            } else {
                text[len++] = c->u;
            }
            for (int r = 0; r < reps; r++) sizes[ns++] = c->size;
            if (first || c->x0 < x0) x0 = c->x0;
            if (first || c->x1 > x1) x1 = c->x1;
            first = 0;
        }
    }
    double median = 0.0;
    if (ns) {
        qsort(sizes, (size_t)ns, sizeof(double), cmp_double);
        median = (ns % 2) ? sizes[ns / 2] : (sizes[ns / 2 - 1] + sizes[ns / 2]) / 2;
    }
    PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, text, len);
    if (!s) return -1;
    PyObject *t = Py_BuildValue("(Nddd)", s, x0, x1, median);
    if (!t) return -1;
    int rc = PyList_Append(out, t);
    Py_DECREF(t);
    return rc;
}

static PyObject *assemble(const ch_t *chars, int n) {
    PyObject *out = PyList_New(0);
    if (!out || n == 0) return out;
    double *tops = malloc(sizeof(double) * (size_t)n);
    int *line = malloc(sizeof(int) * (size_t)n);
    int *order = malloc(sizeof(int) * (size_t)n);
    int *ord = malloc(sizeof(int) * (size_t)n);
    double *lineval = malloc(sizeof(double) * (size_t)n);
    word_t *words = malloc(sizeof(word_t) * (size_t)n);
    double *wtops = NULL;
    int *wid = NULL, *worder = NULL;
    Py_UCS4 *text = malloc(sizeof(Py_UCS4) * (size_t)(4 * n + 1));
    double *sizes = malloc(sizeof(double) * (size_t)(3 * n + 1));
    int ok = tops && line && order && ord && lineval && words && text && sizes;
    int nw = 0;
    if (ok) {
        /* 1. characters into lines (by top, chained), each line left to right */
        for (int k = 0; k < n; k++) tops[k] = chars[k].top;
        cluster_ids(tops, n, TOLERANCE, line, order);
        for (int k = 0; k < n; k++) { ord[k] = k; lineval[k] = (double)line[k]; }
        g_chars = chars;
        g_values = lineval;
        qsort(ord, (size_t)n, sizeof(int), cmp_line_x0);
        /* words: a space ends one; so does a step back, a gap over 3 points or a top 3 points away */
        int cur_first = -1, cur_count = 0;
        double cur_top = 0;
        int prev = -1, prev_line = -1;
        for (int p = 0; p < n; p++) {
            const ch_t *c = &chars[ord[p]];
            if (line[ord[p]] != prev_line) {  /* a new line: flush */
                if (cur_count) { words[nw].first = cur_first; words[nw].count = cur_count; words[nw].top = cur_top; nw++; }
                cur_count = 0;
                prev = -1;
                prev_line = line[ord[p]];
            }
            if (Py_UNICODE_ISSPACE(c->u)) {
                if (cur_count) { words[nw].first = cur_first; words[nw].count = cur_count; words[nw].top = cur_top; nw++; }
                cur_count = 0;
                prev = -1;
                continue;
            }
            if (prev >= 0) {
                const ch_t *q = &chars[prev];
                if (c->x0 < q->x0 || c->x0 > q->x1 + TOLERANCE || fabs(c->top - q->top) > TOLERANCE) {
                    words[nw].first = cur_first; words[nw].count = cur_count; words[nw].top = cur_top; nw++;
                    cur_count = 0;
                }
            }
            if (cur_count == 0) { cur_first = p; cur_top = c->top; }
            else if (c->top < cur_top) cur_top = c->top;
            cur_count++;
            prev = ord[p];
        }
        if (cur_count) { words[nw].first = cur_first; words[nw].count = cur_count; words[nw].top = cur_top; nw++; }
        /* 2. words into lines: consecutive words in one cluster of their tops share a line */
        wtops = malloc(sizeof(double) * (size_t)(nw ? nw : 1));
        wid = malloc(sizeof(int) * (size_t)(nw ? nw : 1));
        worder = malloc(sizeof(int) * (size_t)(nw ? nw : 1));
        ok = wtops && wid && worder;
        if (ok) {
            for (int w = 0; w < nw; w++) wtops[w] = words[w].top;
            cluster_ids(wtops, nw, TOLERANCE, wid, worder);
            int w0 = 0;
            for (int w = 1; w <= nw && ok; w++) {
                if (w == nw || wid[w] != wid[w - 1]) {
                    if (emit_line(out, chars, ord, words, w0, w, text, sizes) < 0) ok = 0;
                    w0 = w;
                }
            }
        }
    }
    free(tops); free(line); free(order); free(ord); free(lineval); free(words);
    free(wtops); free(wid); free(worder); free(text); free(sizes);
    if (!ok) {
        Py_DECREF(out);
        if (!PyErr_Occurred()) PyErr_NoMemory();
        return NULL;
    }
    return out;
}

/* ---- one page (fast.py _page_chars, then dedupe and assembly as fast_geometry does) ---------------- */
static int page_lines(const api_t *api, void *textpage, double height, int strict, PyObject **result) {
    *result = NULL;
    int n = api->count_chars(textpage);
    if (n <= 0) return PAGE_DECLINE;  /* no characters: pdfplumber's quality gate and OCR decide */
    /* zeroed, as the Python loop's ctypes buffer: units GetText does not write read as 0 (unusable) */
    unsigned short *units = calloc((size_t)(n + 1), sizeof(unsigned short));
    uint32_t *codes = malloc(sizeof(uint32_t) * (size_t)n);
    ch_t *chars = malloc(sizeof(ch_t) * (size_t)n);
    char *keep = NULL;
    char (*fonts)[FONT_BUF + 1] = NULL;
    int status = PAGE_OK;
    if (!units || !codes || !chars) { status = PAGE_ERROR; goto done; }
    /* every character's code in one call; a surrogate means a character outside the BMP, where units and
     * indices part ways: ask one by one then */
    api->get_text(textpage, 0, n, units);
    int surrogate = 0;
    for (int j = 0; j < n; j++) {
        codes[j] = units[j];
        if (units[j] >= 0xD800 && units[j] <= 0xDFFF) surrogate = 1;
    }
    if (surrogate)
        for (int j = 0; j < n; j++) codes[j] = api->get_unicode(textpage, j);
    int m = 0;
    double last_size = -1.0, last_bottom = -1.0, scale = 1.0;
    for (int j = 0; j < n; j++) {
        uint32_t u = codes[j];
        if (is_space_code(u) && api->is_generated(textpage, j)) continue;
        if (unusable(u) && !is_space_code(u)) { status = PAGE_DECLINE; goto done; }
        if (u > 0x10FFFF) { status = PAGE_DECLINE; goto done; }
        rectf rect;
        if (!api->loose_box(textpage, j, &rect)) { status = PAGE_DECLINE; goto done; }
        double font_size = api->font_size(textpage, j);
        double bottom = height - (double)rect.bottom;
        if (font_size != last_size || fabs(bottom - last_bottom) > 0.01) {
            matrixf mx;
            if (!api->matrix(textpage, j, &mx)) { status = PAGE_DECLINE; goto done; }
            if (strict && (fabs((double)mx.b) > 1e-6 || fabs((double)mx.c) > 1e-6 || mx.a <= 0 || mx.d <= 0)) {
                status = PAGE_DECLINE;
                goto done;
            }
            scale = mx.d > 0 ? (double)mx.d : 1.0;
            last_size = font_size;
            last_bottom = bottom;
        }
        ch_t *c = &chars[m];
        c->u = u;
        c->x0 = (double)rect.left;
        c->x1 = (double)rect.right;
        c->size = font_size * scale;
        c->top = bottom - c->size;
        c->j = j;
        c->i = m;
        c->font = m;
        /* beyond what the duplicate keys hold, or not a number: leave the page to the Python path's
         * reference, pdfplumber */
        if (!(fabs(c->x0) < COORD_LIMIT && fabs(c->x1) < COORD_LIMIT && fabs(c->top) < COORD_LIMIT &&
              fabs(c->size) < COORD_LIMIT)) {
            status = PAGE_DECLINE;
            goto done;
        }
        m++;
    }
    if (m == 0) { status = PAGE_DECLINE; goto done; }
    int dup = has_duplicates(chars, m);
    if (dup < 0) { status = PAGE_ERROR; goto done; }
    int kept = m;
    if (dup) {
        /* fast.py _font_names: one buffer for the page, as the Python path reuses its ctypes buffer (a
         * name longer than the buffer leaves the previous one in place) */
        fonts = malloc(sizeof(*fonts) * (size_t)m);
        keep = malloc((size_t)m);
        if (!fonts || !keep) { status = PAGE_ERROR; goto done; }
        char buf[FONT_BUF + 1];
        memset(buf, 0, sizeof(buf));
        for (int k = 0; k < m; k++) {
            int flags = 0;
            api->font_info(textpage, chars[k].j, buf, FONT_BUF, &flags);
            memcpy(fonts[k], buf, FONT_BUF);
            fonts[k][FONT_BUF] = 0;
        }
        g_fonts = fonts;
        if (dedupe(chars, m, keep) < 0) { status = PAGE_ERROR; goto done; }
        kept = 0;
        for (int k = 0; k < m; k++)
            if (keep[k]) { chars[kept] = chars[k]; chars[kept].i = kept; kept++; }
    }
    *result = assemble(chars, kept);
    if (!*result) status = PAGE_ERROR;
done:
    free(units); free(codes); free(chars); free(keep); free(fonts);
    if (status == PAGE_ERROR && !PyErr_Occurred()) PyErr_NoMemory();
    return status;
}

static PyObject *read_pages(PyObject *self, PyObject *args) {
    (void)self;
    unsigned long long doc_addr;
    int start, stop, strict;
    PyObject *fns;
    if (!PyArg_ParseTuple(args, "KiipO!", &doc_addr, &start, &stop, &strict, &PyTuple_Type, &fns)) return NULL;
    if (PyTuple_GET_SIZE(fns) != F_COUNT) {
        PyErr_Format(PyExc_ValueError, "expected %d function addresses", (int)F_COUNT);
        return NULL;
    }
    void *ptr[F_COUNT];
    for (int k = 0; k < F_COUNT; k++) {
        ptr[k] = PyLong_AsVoidPtr(PyTuple_GET_ITEM(fns, k));
        if (!ptr[k]) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "a null function address");
            return NULL;
        }
    }
    api_t api;
    api.load_page = (load_page_t)ptr[F_LOAD_PAGE];
    api.close_page = (close_page_t)ptr[F_CLOSE_PAGE];
    api.text_load_page = (text_load_page_t)ptr[F_TEXT_LOAD_PAGE];
    api.text_close_page = (text_close_page_t)ptr[F_TEXT_CLOSE_PAGE];
    api.page_height = (page_height_t)ptr[F_PAGE_HEIGHT];
    api.page_rotation = (page_rotation_t)ptr[F_PAGE_ROTATION];
    api.count_chars = (count_chars_t)ptr[F_COUNT_CHARS];
    api.get_text = (get_text_t)ptr[F_GET_TEXT];
    api.get_unicode = (get_unicode_t)ptr[F_GET_UNICODE];
    api.is_generated = (is_generated_t)ptr[F_IS_GENERATED];
    api.loose_box = (loose_box_t)ptr[F_LOOSE_BOX];
    api.font_size = (font_size_t)ptr[F_FONT_SIZE];
    api.matrix = (matrix_t)ptr[F_MATRIX];
    api.font_info = (font_info_t)ptr[F_FONT_INFO];
    void *doc = (void *)(uintptr_t)doc_addr;
    if (!doc) {
        PyErr_SetString(PyExc_ValueError, "a null document");
        return NULL;
    }
    PyObject *pages = PyList_New(0);
    if (!pages) return NULL;
    for (int i = start; i < stop; i++) {
        PyObject *lines = NULL;
        int status = PAGE_DECLINE;
        void *page = api.load_page(doc, i);
        /* a page PDFium cannot load, or (strict) a rotated page, is declined: pdfplumber reads it */
        if (page && !(strict && api.page_rotation(page) != 0)) {
            double height = (double)api.page_height(page);
            void *textpage = api.text_load_page(page);
            if (textpage) {
                status = page_lines(&api, textpage, height, strict, &lines);
                api.text_close_page(textpage);
            }
        }
        if (page) api.close_page(page);
        if (status == PAGE_ERROR) { Py_DECREF(pages); return NULL; }
        if (status == PAGE_DECLINE) { Py_INCREF(Py_None); lines = Py_None; }
        int rc = PyList_Append(pages, lines);
        Py_DECREF(lines);
        if (rc < 0) { Py_DECREF(pages); return NULL; }
    }
    return pages;
}

/* lines_of_chars(chars) -> lines: the duplicate check, dedupe and assembly of one page on given characters,
 * each (text, x0, x1, top, size, fontname) — for tests that compare them with fast.py on any geometry. */
static PyObject *lines_of_chars(PyObject *self, PyObject *arg) {
    (void)self;
    PyObject *seq = PySequence_Fast(arg, "expected a sequence of characters");
    if (!seq) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    ch_t *chars = malloc(sizeof(ch_t) * (size_t)(n ? n : 1));
    char (*fonts)[FONT_BUF + 1] = malloc(sizeof(*fonts) * (size_t)(n ? n : 1));
    char *keep = malloc((size_t)(n ? n : 1));
    PyObject *result = NULL;
    if (!chars || !fonts || !keep) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *text, *font;
        ch_t *c = &chars[k];
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, k), "UddddU", &text, &c->x0, &c->x1, &c->top,
                              &c->size, &font))
            goto done;
        if (PyUnicode_GET_LENGTH(text) != 1) { PyErr_SetString(PyExc_ValueError, "one character each"); goto done; }
        c->u = PyUnicode_READ_CHAR(text, 0);
        if (!(fabs(c->x0) < COORD_LIMIT && fabs(c->x1) < COORD_LIMIT && fabs(c->top) < COORD_LIMIT &&
              fabs(c->size) < COORD_LIMIT)) {
            PyErr_SetString(PyExc_ValueError, "a coordinate beyond 2**18 or not a number");
            goto done;
        }
        const char *name = PyUnicode_AsUTF8(font);
        if (!name) goto done;
        strncpy(fonts[k], name, FONT_BUF);
        fonts[k][FONT_BUF] = 0;
        c->i = (int)k;
        c->j = (int)k;
        c->font = (int)k;
    }
    int m = (int)n;
    int dup = has_duplicates(chars, m);
    if (dup < 0) { PyErr_NoMemory(); goto done; }
    if (dup) {
        g_fonts = fonts;
        if (dedupe(chars, m, keep) < 0) { PyErr_NoMemory(); goto done; }
        int kept = 0;
        for (int k = 0; k < m; k++)
            if (keep[k]) { chars[kept] = chars[k]; chars[kept].i = kept; kept++; }
        m = kept;
    }
    result = assemble(chars, m);
done:
    Py_DECREF(seq);
    free(chars); free(fonts); free(keep);
    return result;
}

static PyMethodDef methods[] = {
    {"lines_of_chars", lines_of_chars, METH_O,
     "lines_of_chars(chars) -> (text, x0, x1, size) lines of (text, x0, x1, top, size, fontname) characters"},
    {"read_pages", read_pages, METH_VARARGS,
     "read_pages(document, start, stop, strict, functions) -> pages of (text, x0, x1, size) lines (None: declined)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pdfium_lines",
                                    "The fast PDF path's inner loop (see extractor/readers/fast.py).", -1,
                                    methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__pdfium_lines(void) { return PyModule_Create(&module); }
