/* main.c — the `dti` command: global options, then one sub-command from the table. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../util/log.h"
#include "../util/banned.h"

static const struct cli_cmd commands[] = {
	{ "init", cmd_init, "create an empty database (or bring an old one up to date)" },
	{ "demo", cmd_demo, "create a database holding the demo organisation" },
	{ "serve", cmd_serve, "serve the web app and the JSON API" },
	{ "import", cmd_import, "import a CSV file (all rows or none)" },
	{ "export", cmd_export, "export rows as CSV or JSON" },
	{ "show", cmd_show, "show one process with its links" },
	{ "impact", cmd_impact, "what a change to processes affects, and why" },
	{ "clusters", cmd_clusters, "groups of processes to transform together" },
	{ "waves", cmd_waves, "the order in which processes can be transformed" },
	{ "hubs", cmd_hubs, "the processes most others depend on through" },
	{ "rank", cmd_rank, "the assessed processes, best first, and why" },
	{ "quickwins", cmd_quickwins, "high value, low effort, nothing in the way" },
	{ "portfolio", cmd_portfolio, "what to transform within a budget and a capacity" },
	{ "kpi", cmd_kpi, "performance targets: their status, and new measurements" },
	{ "governance", cmd_governance, "risks of information loss, and the retention schedule" },
	{ "backup", cmd_backup, "a consistent copy of the database, even while serving" },
	{ "restore", cmd_restore, "replace the database with a checked copy" },
	{ "user", cmd_user, "add, list and change the accounts that may log in" },
	{ "token", cmd_token, "create, list and revoke API tokens for scripts" },
	{ "audit", cmd_audit, "verify and list the tamper-evident audit trail" },
	{ NULL, NULL, NULL },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: dti [--db PATH] COMMAND [ARGS]\n\n"
		     "dti is the workbench of a digital transformation initiative: the\n"
		     "inventory of processes, their dependencies and goals, what to transform\n"
		     "first and why, performance targets, and the information assets at risk.\n\ncommands:\n");
	for (const struct cli_cmd *c = commands; c->name; c++)
		fprintf(out, "  %-11s %s\n", c->name, c->summary);
	fprintf(out, "\nEvery command takes --help. The database is --db PATH, else $DTI_DB,\n"
		     "else ./dti.db.\n");
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	const char *level = getenv("DTI_LOG_LEVEL");
	if (level && log_set_level(level))
		fprintf(stderr, "dti: unknown DTI_LOG_LEVEL '%s' (error|warn|info|debug)\n", level);
	int i = 1;
	/* a global --db before the command applies to it */
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_DONE;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("dti %s\n", DTI_VERSION);
			return EXIT_DONE;
		}
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			setenv("DTI_DB", argv[i + 1], 1);
			i += 2;
			continue;
		}
		if (strncmp(argv[i], "--db=", 5) == 0) {
			setenv("DTI_DB", argv[i] + 5, 1);
			i++;
			continue;
		}
		fprintf(stderr, "dti: unknown option '%s'\n", argv[i]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (i == argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (const struct cli_cmd *c = commands; c->name; c++)
		if (strcmp(argv[i], c->name) == 0)
			return c->run(argc - i, argv + i);
	if (strcmp(argv[i], "help") == 0) {
		usage(stdout);
		return EXIT_DONE;
	}
	fprintf(stderr, "dti: unknown command '%s'\n", argv[i]);
	usage(stderr);
	return EXIT_USAGE;
}
