/* common.c — what the sub-commands share: the database (and who acts on it), files,
 * CSV import. */
#include <assert.h>
#include <errno.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "../io/table.h"
#include "../store/accounts.h"
#include "../store/import_csv.h"
#include "../util/alloc.h"
#include "../util/utf8.h"
#include "../util/banned.h"

const char *cli_db_path(const char *flag)
{
	if (flag && *flag)
		return flag;
	const char *env = getenv("DTI_DB");
	return env && *env ? env : "dti.db";
}

/* Every write made from the command line is audited as "cli:<login name>" of the
 * effective user (the one whose rights reach the database file), or "cli:uid:<N>" when
 * the system knows no name for it. */
static enum dti_err set_cli_actor(struct store *s)
{
	char label[128];
	uid_t uid = geteuid();
	const struct passwd *pw = getpwuid(uid);
	if (pw && pw->pw_name && *pw->pw_name)
		snprintf(label, sizeof(label), "cli:%s", pw->pw_name);
	else
		snprintf(label, sizeof(label), "cli:uid:%lu", (unsigned long)uid);
	return store_set_actor(s, 0, label);
}

struct store *cli_open_store(const char *path, bool create)
{
	struct store *s = NULL;
	enum dti_err err = store_open(path, create ? STORE_CREATE : 0, &s);
	if (!err)
		err = set_cli_actor(s);
	if (!err)
		return s;
	store_close(s);
	if (err == DTI_ENOTFOUND)
		fprintf(stderr, "dti: no database at '%s': create one with 'dti init' or "
				"'dti demo', or name it with --db\n", path);
	else
		fprintf(stderr, "dti: cannot open database '%s': %s\n", path, dti_strerror(err));
	return NULL;
}

const struct entity_desc *cli_entity(const char *kind)
{
	return entity_by_file_kind(kind);
}

bool cli_wants_help(int argc, char **argv, const char *usage)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return true;
		}
	return false;
}

char *cli_read_file(const char *path, size_t *out_len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "dti: cannot read '%s': %s\n", path, strerror(errno));
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	enum dti_err err = DTI_OK;
	/* a file of known size is read straight into a buffer of that size (a 40 MB
	 * import file was copied over and over while the buffer doubled) */
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		err = strbuf_grow(&sb, (size_t)st.st_size + 1);
	size_t n;
	while (!err) {
		if (sb.alloc - sb.len < 65536 + 1)
			err = strbuf_grow(&sb, 65536);
		if (err)
			break;
		n = fread(sb.buf + sb.len, 1, sb.alloc - sb.len - 1, f);
		if (n == 0)
			break;
		sb.len += n;	/* fread wrote the bytes in place */
		sb.buf[sb.len] = '\0';
	}
	bool failed = ferror(f);
	if (f != stdin)
		fclose(f);
	if (err || failed) {
		fprintf(stderr, "dti: cannot read '%s': %s\n", path,
			err ? dti_strerror(err) : "read error");
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, out_len);
}

struct progress {
	const char *name;
	bool shown;
};

static void show_progress(void *ctx, size_t done, size_t total)
{
	struct progress *p = ctx;
	if (total < 10000)	/* small files are done before anyone looks */
		return;
	fprintf(stderr, "\rimporting %s: %zu/%zu rows (%zu%%)", p->name, done, total,
		total ? done * 100 / total : 100);
	p->shown = true;
}

/* The column a user knows for a field: the CSV name. */
static const char *column_name(const struct entity_desc *d, const char *field)
{
	int i = entity_field_index(d, field);
	return i >= 0 ? d->fields[i].csv_name : field;
}

static void print_errors(const struct entity_desc *d, const char *name,
			 const struct field_errors *errs)
{
	for (size_t i = 0; i < errs->n_items; i++) {
		const struct field_error *e = &errs->items[i];
		if (e->field[0])
			fprintf(stderr, "%s:%ld: %s: %s\n", name, e->line, column_name(d, e->field),
				e->message);
		else
			fprintf(stderr, "%s:%ld: %s\n", name, e->line, e->message);
	}
	if (errs->n_dropped)
		fprintf(stderr, "%s: ... and %zu more problems\n", name, errs->n_dropped);
}

int cli_import_csv(struct store *s, const struct entity_desc *d, const char *name,
		   const char *data, size_t len, bool quiet)
{
	struct arena *a = arena_new();
	struct field_errors errs = FIELD_ERRORS_INIT;
	errs.max_items = 1000;
	if (!a)
		return EXIT_FAILED;
	struct progress p = { d->plural, false };
	struct csv_import opt = { .name = name };
	if (isatty(STDERR_FILENO) && !quiet) {
		opt.progress = show_progress;
		opt.progress_ctx = &p;
	}
	enum dti_err err = store_import_csv(s, d, data, len, a, &opt, &errs);
	if (p.shown)
		fputc('\n', stderr);
	int status = EXIT_DONE;
	if (err == DTI_EINVAL || err == DTI_ECONFLICT) {
		print_errors(d, name, &errs);
		fprintf(stderr, "dti: %s: %zu problem%s, nothing imported\n", name,
			field_errors_count(&errs), field_errors_count(&errs) == 1 ? "" : "s");
		status = EXIT_REFUSED;
	} else if (err) {
		fprintf(stderr, "dti: %s: import failed: %s; nothing imported\n", name,
			dti_strerror(err));
		status = EXIT_FAILED;
	} else if (!quiet) {
		printf("imported %zu %s from %s\n", opt.n_rows, d->plural, name);
	}
	field_errors_release(&errs);
	arena_free(a);
	return status;
}

int cli_option(int argc, char **argv, int *i, const char *name, const char **out)
{
	size_t n = strlen(name);
	const char *arg = argv[*i];
	if (strncmp(arg, name, n) != 0)
		return 0;
	if (arg[n] == '=') {
		*out = arg + n + 1;
		(*i)++;
		return 1;
	}
	if (arg[n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "dti: %s needs a value\n", name);
		return -1;
	}
	*out = argv[*i + 1];
	*i += 2;
	return 1;
}

int cli_db_only(int argc, char **argv, const char *cmd, const char *usage, const char **db)
{
	*db = NULL;
	for (int i = 1; i < argc;) {
		int r = cli_option(argc, argv, &i, "--db", db);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0) {
			fprintf(stderr, "dti %s: unexpected argument '%s'\n%s", cmd, argv[i], usage);
			return EXIT_USAGE;
		}
	}
	return 0;
}

void cli_print_errors(const char *cmd, const struct field_errors *errs)
{
	for (size_t i = 0; i < errs->n_items; i++) {
		const struct field_error *e = &errs->items[i];
		if (e->field[0])
			fprintf(stderr, "dti %s: %s: %s\n", cmd, e->field, e->message);
		else
			fprintf(stderr, "dti %s: %s\n", cmd, e->message);
	}
	if (errs->n_dropped)
		fprintf(stderr, "dti %s: ... and %zu more problems\n", cmd, errs->n_dropped);
}

bool cli_parse_id(const char *text, int64_t *out)
{
	int64_t v = 0;
	if (!*text)
		return false;
	for (const char *c = text; *c; c++) {
		if (*c < '0' || *c > '9')
			return false;
		if (v > (INT64_MAX - (*c - '0')) / 10)
			return false;
		v = v * 10 + (*c - '0');
	}
	if (v <= 0)
		return false;
	*out = v;
	return true;
}

static size_t cell_width(const char *s)
{
	if (!s)
		return 0;
	size_t len = strlen(s);
	return utf8_valid(s, len) ? utf8_length(s, len) : len;
}

void cli_print_table(const char *const *cells, size_t n_rows, size_t n_cols)
{
	size_t widths[16] = { 0 };
	assert(n_cols <= sizeof(widths) / sizeof(widths[0]));
	for (size_t r = 0; r < n_rows; r++)
		for (size_t c = 0; c < n_cols; c++) {
			size_t w = cell_width(cells[r * n_cols + c]);
			if (w > widths[c])
				widths[c] = w;
		}
	for (size_t r = 0; r < n_rows; r++) {
		for (size_t c = 0; c < n_cols; c++) {
			const char *v = cells[r * n_cols + c];
			fputs(v ? v : "", stdout);
			if (c + 1 == n_cols)
				break;
			for (size_t k = cell_width(v); k < widths[c] + 2; k++)
				putchar(' ');
		}
		putchar('\n');
	}
}

int cli_dispatch(const char *group, const struct cli_cmd *table, const char *usage, int argc,
		 char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return EXIT_DONE;
	}
	for (const struct cli_cmd *c = table; c->name; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "dti %s: unknown command '%s'\n%s", group, argv[1], usage);
	return EXIT_USAGE;
}
