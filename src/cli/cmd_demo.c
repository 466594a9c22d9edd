/* cmd_demo.c — `dti demo`: a database holding the demo organisation, loaded from the
 * CSV files of data/demo/ that are compiled into the binary. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "../util/embedded.h"
#include "../util/banned.h"

static const char usage[] =
	"usage: dti demo [--db PATH]\n\n"
	"Create a database with the demo organisation: units, people, goals, processes\n"
	"(in English and Chinese), their dependencies and goal links. The database must not\n"
	"exist yet, or be empty.\n";

static const struct {
	const char *file, *kind;
} demo_files[] = {
	{ "data/demo/units.csv", "units" },
	{ "data/demo/people.csv", "people" },
	{ "data/demo/goals.csv", "goals" },
	{ "data/demo/processes.csv", "processes" },
	{ "data/demo/dependencies.csv", "dependencies" },
	{ "data/demo/goal_links.csv", "goal-links" },
};

int cmd_demo(int argc, char **argv)
{
	if (cli_wants_help(argc, argv, usage))
		return EXIT_DONE;
	const char *db = NULL;
	for (int i = 1; i < argc;) {
		int r = cli_option(argc, argv, &i, "--db", &db);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0) {
			fprintf(stderr, "dti demo: unexpected argument '%s'\n%s", argv[i], usage);
			return EXIT_USAGE;
		}
	}
	const char *path = cli_db_path(db);
	struct store *s = cli_open_store(path, true);
	if (!s)
		return EXIT_FAILED;
	int64_t n_units = 0, n_processes = 0;
	if (store_count(s, entity_get(ENTITY_UNIT), &n_units) ||
	    store_count(s, entity_get(ENTITY_PROCESS), &n_processes)) {
		store_close(s);
		return EXIT_FAILED;
	}
	if (n_units || n_processes) {
		fprintf(stderr, "dti demo: '%s' already holds data; the demo goes into a new "
				"database (choose another --db)\n", path);
		store_close(s);
		return EXIT_REFUSED;
	}
	int status = EXIT_DONE;
	if (store_begin(s)) {
		store_close(s);
		return EXIT_FAILED;
	}
	for (size_t k = 0; k < sizeof(demo_files) / sizeof(demo_files[0]) && !status; k++) {
		const struct embedded_file *f = embedded_find(demo_files[k].file);
		if (!f) {
			fprintf(stderr, "dti demo: '%s' is missing from this build\n",
				demo_files[k].file);
			status = EXIT_FAILED;
			break;
		}
		status = cli_import_csv(s, cli_entity(demo_files[k].kind), f->path, f->data,
					f->size, true);
	}
	if (status) {
		store_rollback(s);
	} else if (store_commit(s)) {
		status = EXIT_FAILED;
	}
	if (!status) {
		struct arena *a = arena_new();
		struct stats st;
		if (a && !store_stats(s, a, &st))
			printf("created demo database '%s': %lld units, %lld people, %lld goals, "
			       "%lld processes, %lld dependencies\n", path, (long long)st.units,
			       (long long)st.people, (long long)st.goals, (long long)st.processes,
			       (long long)st.dependencies);
		arena_free(a);
	}
	store_close(s);
	return status;
}
