/* cmd_governance.c — `dti governance check` (the loss-risk findings of the asset
 * register; exit status 1 when one is high, so that it can run from cron) and
 * `dti governance retention` (what falls due for disposition). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../io/governance_json.h"
#include "../store/governance_load.h"
#include "../util/timeutil.h"
#include "../util/banned.h"

static const char usage[] =
	"usage: dti governance check [--review-months N] [--json] [--db PATH]\n"
	"       dti governance retention [--months N] [--json] [--db PATH]\n\n"
	"check: the risks of information loss in the register of information assets, each\n"
	"with its severity, what is wrong and how to fix it: an asset with no owner, a\n"
	"non-public asset without a backup copy, a paper-only asset used by a digital\n"
	"process, a retention that has ended (due for disposition), a confidential or\n"
	"personal-data asset that a process publishes, an asset not reviewed for N months\n"
	"(default 12), a system holding critical assets with no owner. Exit status 1 when\n"
	"a high finding exists, 0 otherwise: run it from cron to be told.\n"
	"retention: the assets whose retention ends within the next N months (default 12),\n"
	"overdue ones first, with their disposition.\n";

struct gov_args {
	const char *db;
	bool json;
	long months;
};

static int parse(int argc, char **argv, const char *months_flag, long max, struct gov_args *ga)
{
	for (int i = 1; i < argc;) {
		if (!strcmp(argv[i], "--json")) {
			ga->json = true;
			i++;
			continue;
		}
		const char *v = NULL;
		int r = cli_option(argc, argv, &i, "--db", &ga->db);
		if (!r && (r = cli_option(argc, argv, &i, months_flag, &v)) > 0) {
			char *end;
			ga->months = strtol(v, &end, 10);
			if (*end || end == v || ga->months < 1 || ga->months > max) {
				fprintf(stderr, "dti governance: %s must be a number of months from 1 "
					"to %ld\n", months_flag, max);
				return EXIT_USAGE;
			}
		}
		if (r < 0)
			return EXIT_USAGE;
		if (!r) {
			fprintf(stderr, "dti governance: unexpected argument '%s'\n%s", argv[i], usage);
			return EXIT_USAGE;
		}
	}
	return EXIT_DONE;
}

static int print_json(json_t *j)
{
	char *text = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
	json_decref(j);
	if (!text) {
		fprintf(stderr, "dti governance: out of memory\n");
		return EXIT_FAILED;
	}
	puts(text);
	free(text);
	return EXIT_DONE;
}

static int run(int argc, char **argv, bool check)
{
	if (cli_wants_help(argc, argv, usage))
		return EXIT_DONE;
	struct gov_args ga = { NULL, false, 12 };
	int status = parse(argc, argv, check ? "--review-months" : "--months", check ? 600 : 120,
			   &ga);
	if (status)
		return status;
	struct store *s = cli_open_store(cli_db_path(ga.db), false);
	if (!s)
		return EXIT_FAILED;
	struct arena *a = arena_new();
	struct gov_data d;
	char today[DATE_LEN];
	date_today(today);
	enum dti_err err = a ? store_governance_data(s, a, &d) : DTI_ENOMEM;
	struct gov_finding *f = NULL;
	struct gov_due *due = NULL;
	size_t n = 0;
	if (!err && check) {
		struct gov_opts o = { today, (int)ga.months };
		err = governance_check(&d, &o, a, &f, &n);
	} else if (!err) {
		err = governance_schedule(&d, today, (int)ga.months, a, &due, &n);
	}
	if (err) {
		fprintf(stderr, "dti governance: %s\n", dti_strerror(err));
		status = EXIT_FAILED;
	} else if (ga.json) {
		status = print_json(check ? gj_findings(&d, f, n, NULL, today, (int)ga.months) :
				    gj_schedule(&d, due, n, today, (int)ga.months));
	} else {
		size_t cols = 4;
		const char **cells = arena_calloc(a, (n + 1) * cols, sizeof(char *));
		static const char *const check_head[] = { "severity", "rule", "asset", "finding" };
		static const char *const due_head[] = { "due", "asset", "name", "disposition" };
		for (size_t c = 0; cells && c < cols; c++)
			cells[c] = check ? check_head[c] : due_head[c];
		for (size_t i = 0; cells && i < n; i++) {
			const char **row = &cells[(i + 1) * cols];
			if (check) {
				row[0] = gov_severity_names[f[i].severity];
				row[1] = gov_rule_names[f[i].rule];
				row[2] = d.assets[f[i].asset].code;
				row[3] = f[i].text;
			} else {
				const struct gov_asset *x = &d.assets[due[i].asset];
				row[0] = due[i].overdue ? arena_printf(a, "%s (overdue)", due[i].due) :
					 due[i].due;
				row[1] = x->code;
				row[2] = x->name;
				row[3] = x->disposition >= 0 ? asset_dispositions[x->disposition] : "";
			}
		}
		if (cells && n)
			cli_print_table(cells, n + 1, cols);
		if (check)
			printf("%zu finding%s in %zu information assets\n", n, n == 1 ? "" : "s",
			       d.n_assets);
		else
			printf("%zu asset%s due for disposition by %ld months from %s\n", n,
			       n == 1 ? "" : "s", ga.months, today);
	}
	/* a high finding is what cron should hear about */
	for (size_t i = 0; !status && check && i < n; i++)
		if (f[i].severity == GOV_HIGH)
			status = EXIT_REFUSED;
	arena_free(a);
	store_close(s);
	return status;
}

static int cmd_check(int argc, char **argv)
{
	return run(argc, argv, true);
}

static int cmd_retention(int argc, char **argv)
{
	return run(argc, argv, false);
}

static const struct cli_cmd subcommands[] = {
	{ "check", cmd_check, "the risks of information loss (exit 1 when one is high)" },
	{ "retention", cmd_retention, "what falls due for disposition" },
	{ NULL, NULL, NULL },
};

int cmd_governance(int argc, char **argv)
{
	return cli_dispatch("governance", subcommands, usage, argc, argv);
}
