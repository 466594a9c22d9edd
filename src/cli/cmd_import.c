/* cmd_import.c — `dti import KIND FILE.csv`: all rows or none. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../util/alloc.h"
#include "../util/banned.h"

static const char usage[] =
	"usage: dti import " CLI_KINDS " FILE.csv [--db PATH]\n\n"
	"Import the rows of a CSV file (columns: see docs/csv-format.md; other rows are\n"
	"named by code, people by e-mail). Nothing is imported if any row is bad: each\n"
	"problem is printed as FILE:LINE: column: message, and the exit status is 1.\n"
	"FILE '-' reads standard input.\n";

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
	const struct entity_desc *d = cli_entity(pos[0]);
	if (!d) {
		fprintf(stderr, "dti import: unknown kind '%s' (want " CLI_KINDS ")\n", pos[0]);
		return EXIT_USAGE;
	}
	size_t len;
	char *data = cli_read_file(pos[1], &len);
	if (!data)
		return EXIT_FAILED;
	struct store *s = cli_open_store(cli_db_path(db), false);
	int status = EXIT_FAILED;
	if (s)
		status = cli_import_csv(s, d, strcmp(pos[1], "-") ? pos[1] : "stdin", data, len,
					false);
	store_close(s);
	dti_free(data);
	return status;
}
