/* cmd_import.c — `dti import KIND FILE.csv`: all rows or none. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../store/export_all.h"
#include "../util/alloc.h"
#include "../util/banned.h"

static const char usage[] =
	"usage: dti import " CLI_KINDS " FILE.csv [--db PATH]\n\n"
	"Import the rows of a CSV file (columns: see docs/csv-format.md; other rows are\n"
	"named by code, people by e-mail). Nothing is imported if any row is bad: each\n"
	"problem is printed as FILE:LINE: column: message, and the exit status is 1.\n"
	"FILE '-' reads standard input.\n\n"
	"usage: dti import all FILE.json [--db PATH]\n\n"
	"Load what 'dti export all' wrote into a database that holds no data yet (made by\n"
	"'dti init'): every table, with the same ids, and the audit trail, checked; if\n"
	"anything is wrong nothing is kept.\n";

static int import_all(struct store *s, const char *name, const char *data, size_t len)
{
	json_error_t jerr;
	json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(doc)) {
		fprintf(stderr, "dti import all: %s:%d: %s\n", name, jerr.line,
			doc ? "not a JSON object" : jerr.text);
		json_decref(doc);
		return EXIT_REFUSED;
	}
	struct field_errors errs = FIELD_ERRORS_INIT;
	enum dti_err err = store_import_all(s, doc, &errs);
	int status = EXIT_DONE;
	if (err == DTI_ECONFLICT) {
		fprintf(stderr, "dti import all: the database holds data already: load into a new "
			"one (dti init --db NEW.db)\n");
		status = EXIT_REFUSED;
	} else if (err == DTI_EINVAL) {
		for (size_t i = 0; i < errs.n_items; i++)
			fprintf(stderr, "dti import all: %s: %s: %s\n", name, errs.items[i].field,
				errs.items[i].message);
		fprintf(stderr, "dti import all: nothing was imported\n");
		status = EXIT_REFUSED;
	} else if (err) {
		fprintf(stderr, "dti import all: %s\n", dti_strerror(err));
		status = EXIT_FAILED;
	} else {
		json_t *tables = json_object_get(doc, "tables");
		size_t rows = 0;
		const char *key;
		json_t *v;
		json_object_foreach(tables, key, v)
			rows += json_array_size(v);
		printf("imported %zu rows of %zu tables from '%s'; audit trail intact\n", rows,
		       json_object_size(tables), name);
	}
	field_errors_release(&errs);
	json_decref(doc);
	return status;
}

int cmd_import(int argc, char **argv)
{
	if (cli_wants_help(argc, argv, usage))
		return EXIT_DONE;
	const char *db = NULL, *pos[2] = { NULL, NULL };
	int n_pos = 0;
	for (int i = 1; i < argc;) {
		int r = cli_option(argc, argv, &i, "--db", &db);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0) {
			if (n_pos == 2 || (argv[i][0] == '-' && argv[i][1])) {
				fprintf(stderr, "dti import: unexpected argument '%s'\n%s", argv[i], usage);
				return EXIT_USAGE;
			}
			pos[n_pos++] = argv[i++];
		}
	}
	if (n_pos != 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	bool all = strcmp(pos[0], "all") == 0;
	const struct entity_desc *d = all ? NULL : cli_entity(pos[0]);
	if (!d && !all) {
		fprintf(stderr, "dti import: unknown kind '%s' (want " CLI_KINDS ")\n", pos[0]);
		return EXIT_USAGE;
	}
	size_t len;
	char *data = cli_read_file(pos[1], &len);
	if (!data)
		return EXIT_FAILED;
	struct store *s = cli_open_store(cli_db_path(db), false);
	int status = EXIT_FAILED;
	const char *name = strcmp(pos[1], "-") ? pos[1] : "stdin";
	if (s && all)
		status = import_all(s, name, data, len);
	else if (s)
		status = cli_import_csv(s, d, name, data, len, false);
	store_close(s);
	dti_free(data);
	return status;
}
