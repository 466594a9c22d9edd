/* cmd_export.c — `dti export KIND`: every live row as CSV or JSON, references by
 * key, in a form that `dti import` takes back. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../io/table.h"
#include "../store/export.h"
#include "../store/export_all.h"
#include "../util/banned.h"

static const char usage[] =
	"usage: dti export " CLI_KINDS " [--format csv|json] [-o FILE] [--db PATH]\n"
	"       dti export all --format json [-o FILE] [--db PATH]\n\n"
	"Write every row of a kind (deleted rows excluded), in creation order, to FILE or\n"
	"standard output. CSV has the columns that 'dti import' reads; JSON holds the\n"
	"same fields with typed values.\n\n"
	"all: everything dti holds, as one versioned JSON document: every row of every\n"
	"table, deleted ones too, with their ids, the accounts (password and API token\n"
	"hashes, never passwords) and the whole audit trail; 'dti import all' loads it into\n"
	"an empty database with identical content. Keep the file as safe as the database.\n";

/* `dti export all`: the whole database as one JSON document. */
static int export_all(const char *db, const char *format, const char *output)
{
	if (strcmp(format, "json") != 0) {
		fprintf(stderr, "dti export all: the format is json (--format json)\n");
		return EXIT_USAGE;
	}
	struct store *s = cli_open_store(cli_db_path(db), false);
	if (!s)
		return EXIT_FAILED;
	json_t *doc = NULL;
	enum dti_err err = store_export_all(s, &doc);
	store_close(s);
	if (err) {
		fprintf(stderr, "dti export all: %s\n", dti_strerror(err));
		return EXIT_FAILED;
	}
	FILE *f = output ? fopen(output, "wb") : stdout;
	int rc = f ? json_dumpf(doc, f, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : -1;
	if (rc == 0 && fputc('\n', f) == EOF)
		rc = -1;
	if (output && f && fclose(f))
		rc = -1;
	json_decref(doc);
	if (rc) {
		fprintf(stderr, "dti export all: cannot write '%s': %s\n", output ? output : "stdout",
			strerror(errno));
		return EXIT_FAILED;
	}
	return EXIT_DONE;
}

int cmd_export(int argc, char **argv)
{
	if (cli_wants_help(argc, argv, usage))
		return EXIT_DONE;
	const char *db = NULL, *format = "csv", *output = NULL, *kind = NULL;
	for (int i = 1; i < argc;) {
		int r = cli_option(argc, argv, &i, "--db", &db);
		if (!r)
			r = cli_option(argc, argv, &i, "--format", &format);
		if (!r)
			r = cli_option(argc, argv, &i, "-o", &output);
		if (!r)
			r = cli_option(argc, argv, &i, "--output", &output);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0) {
			if (kind || argv[i][0] == '-') {
				fprintf(stderr, "dti export: unexpected argument '%s'\n%s", argv[i], usage);
				return EXIT_USAGE;
			}
			kind = argv[i++];
		}
	}
	if (kind && strcmp(kind, "all") == 0)
		return export_all(db, format, output);
	const struct entity_desc *d = kind ? cli_entity(kind) : NULL;
	if (!d) {
		fprintf(stderr, "dti export: %s kind%s%s%s (want " CLI_KINDS ")\n",
			kind ? "unknown" : "missing", kind ? " '" : "", kind ? kind : "",
			kind ? "'" : "");
		return EXIT_USAGE;
	}
	bool json = strcmp(format, "json") == 0;
	if (!json && strcmp(format, "csv") != 0) {
		fprintf(stderr, "dti export: unknown format '%s' (want csv or json)\n", format);
		return EXIT_USAGE;
	}
	struct store *s = cli_open_store(cli_db_path(db), false);
	if (!s)
		return EXIT_FAILED;
	struct arena *a = arena_new();
	struct strbuf out = STRBUF_INIT;
	struct key_map maps[ENTITY_COUNT];
	const struct key_map *keys[ENTITY_COUNT];
	struct row_list rows;
	struct list_query q;
	list_query_init(&q);
	enum dti_err err = a ? store_ref_keys(s, d, a, maps, keys) : DTI_ENOMEM;
	if (!err)
		err = store_list_all(s, d, &q, a, &rows);
	if (!err)
		err = json ? table_write_json(d, rows.items, rows.n_items, keys, &out) :
		      table_write_csv(d, rows.items, rows.n_items, keys, a, &out);
	int status = EXIT_DONE;
	if (err) {
		fprintf(stderr, "dti export: %s\n", dti_strerror(err));
		status = EXIT_FAILED;
	} else {
		FILE *f = output ? fopen(output, "wb") : stdout;
		if (!f || fwrite(out.buf, 1, out.len, f) != out.len || (output && fclose(f))) {
			fprintf(stderr, "dti export: cannot write '%s': %s\n",
				output ? output : "stdout", strerror(errno));
			status = EXIT_FAILED;
		}
	}
	strbuf_release(&out);
	arena_free(a);
	store_close(s);
	return status;
}
