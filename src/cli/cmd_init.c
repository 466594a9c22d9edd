/* cmd_init.c — `dti init`: create an empty database, or migrate an existing one. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "../util/banned.h"

static const char usage[] =
	"usage: dti init [--db PATH]\n\n"
	"Create an empty dti database at PATH (default $DTI_DB, else ./dti.db). An existing\n"
	"database is kept and brought up to the current schema.\n";

int cmd_init(int argc, char **argv)
{
	if (cli_wants_help(argc, argv, usage))
		return EXIT_DONE;
	const char *db;
	if (cli_db_only(argc, argv, "init", usage, &db))
		return EXIT_USAGE;
	const char *path = cli_db_path(db);
	bool existed = access(path, F_OK) == 0;
	struct store *s = cli_open_store(path, true);
	if (!s)
		return EXIT_FAILED;
	store_close(s);
	printf("%s database '%s'\n", existed ? "updated" : "created", path);
	return EXIT_DONE;
}
