/* cmd_export.c — `dti export KIND`: every live row as CSV or JSON, references by
 * key, in a form that `dti import` takes back. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../io/table.h"
#include "../store/export.h"
#include "../util/banned.h"

static const char usage[] =
	"usage: dti export " CLI_KINDS " [--format csv|json] [-o FILE] [--db PATH]\n\n"
	"Write every row of a kind (deleted rows excluded), in creation order, to FILE or\n"
	"standard output. CSV has the columns that 'dti import' reads; JSON holds the\n"
	"same fields with typed values.\n";

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
