/* cmd_audit.c — `dti audit`: check the hash chain of the audit trail, list entries. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../store/accounts.h"
#include "../util/banned.h"

#define AUDIT_LIST_MAX 100000

static const char usage[] =
	"usage: dti audit verify\n"
	"       dti audit list [--entity ENTITY] [--id N] [--limit N]\n\n"
	"Every change to the inventory and the accounts, every log-in and log-out, role\n"
	"change and import is an entry of the audit trail. Each entry carries a hash of the\n"
	"one before it and of itself, so that an entry changed, inserted or removed outside\n"
	"dti is found.\n\n"
	"Every command takes --db PATH and --help.\n";

static const char usage_verify[] =
	"usage: dti audit verify [--db PATH]\n\n"
	"Recompute the hash chain of the whole audit trail. Prints 'audit trail intact: N\n"
	"entries' (exit 0), or names the first entry that does not match (exit 1): that\n"
	"entry, or the link to the one before it, was changed outside dti.\n";

static const char usage_list[] =
	"usage: dti audit list [--entity ENTITY] [--id N] [--limit N] [--db PATH]\n\n"
	"List audit entries, newest first: sequence number, time, actor, action, entity\n"
	"and id. ENTITY is units, people, goals, processes, dependencies, goal-links, users\n"
	"or api_tokens; --id N only the entries of row N; --limit N at most N entries\n"
	"(default 50, at most 100000).\n";

static int audit_verify(int argc, char **argv)
{
	static const char cmd[] = "audit verify";
	if (cli_wants_help(argc, argv, usage_verify))
		return EXIT_DONE;
	const char *db;
	if (cli_db_only(argc, argv, cmd, usage_verify, &db))
		return EXIT_USAGE;
	struct store *s = cli_open_store(cli_db_path(db), false);
	if (!s)
		return EXIT_FAILED;
	int64_t checked = 0, bad = 0;
	int status = EXIT_DONE;
	enum dti_err err = store_audit_verify(s, &checked, &bad);
	if (err) {
		fprintf(stderr, "dti %s: %s\n", cmd, dti_strerror(err));
		status = EXIT_FAILED;
	} else if (bad) {
		printf("audit trail broken at entry %lld: it, or its link to the entry before it, "
		       "was changed outside dti (the %lld entries before it are intact)\n",
		       (long long)bad, (long long)(checked - 1));
		status = EXIT_REFUSED;
	} else {
		printf("audit trail intact: %lld entries\n", (long long)checked);
	}
	store_close(s);
	return status;
}

/* The name under which entity kind is recorded in the audit trail (its table), for the
 * names the command line knows; other names are taken as they are. */
static const char *audit_entity(const char *name)
{
	if (strcmp(name, "users") == 0)
		return name;
	const struct entity_desc *d = cli_entity(name);
	return d ? d->plural : name;
}

static int audit_list(int argc, char **argv)
{
	static const char cmd[] = "audit list";
	if (cli_wants_help(argc, argv, usage_list))
		return EXIT_DONE;
	const char *db = NULL, *entity = NULL, *id_text = NULL, *limit_text = NULL;
	for (int i = 1; i < argc;) {
		int r = cli_option(argc, argv, &i, "--db", &db);
		if (!r)
			r = cli_option(argc, argv, &i, "--entity", &entity);
		if (!r)
			r = cli_option(argc, argv, &i, "--id", &id_text);
		if (!r)
			r = cli_option(argc, argv, &i, "--limit", &limit_text);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0) {
			fprintf(stderr, "dti %s: unexpected argument '%s'\n%s", cmd, argv[i],
				usage_list);
			return EXIT_USAGE;
		}
	}
	struct audit_filter f = { 0 };
	f.limit = 50;
	if (entity)
		f.entity = audit_entity(entity);
	if (id_text && !cli_parse_id(id_text, &f.entity_id)) {
		fprintf(stderr, "dti %s: --id: '%s' is not a row id (a positive number)\n", cmd,
			id_text);
		return EXIT_USAGE;
	}
	if (limit_text && (!cli_parse_id(limit_text, &f.limit) || f.limit > AUDIT_LIST_MAX)) {
		fprintf(stderr, "dti %s: --limit: '%s' is not a number from 1 to %d\n", cmd,
			limit_text, AUDIT_LIST_MAX);
		return EXIT_USAGE;
	}
	struct store *s = cli_open_store(cli_db_path(db), false);
	if (!s)
		return EXIT_FAILED;
	struct arena *a = arena_new();
	struct audit_list list = { 0 };
	enum dti_err err = a ? store_audit_list(s, &f, a, &list) : DTI_ENOMEM;
	enum { COLS = 6 };
	const char **cells = NULL;
	if (!err) {
		cells = arena_calloc(a, (list.n_items + 1) * COLS, sizeof(*cells));
		if (!cells)
			err = DTI_ENOMEM;
	}
	int status = EXIT_DONE;
	if (err) {
		fprintf(stderr, "dti %s: %s\n", cmd, dti_strerror(err));
		status = EXIT_FAILED;
	} else if (!list.n_items) {
		printf("no audit entries%s\n", entity || id_text ? " match" : "");
	} else {
		static const char *const header[COLS] = { "seq", "at", "actor", "action", "entity",
							  "id" };
		memcpy(cells, header, sizeof(header));
		for (size_t r = 0; r < list.n_items; r++) {
			const struct audit_entry *e = &list.items[r];
			const char **row = cells + (r + 1) * COLS;
			row[0] = arena_printf(a, "%lld", (long long)e->seq);
			row[1] = e->at;
			row[2] = e->actor;
			row[3] = e->action;
			row[4] = e->entity;
			row[5] = e->entity_id ? arena_printf(a, "%lld", (long long)e->entity_id) : "-";
		}
		cli_print_table(cells, list.n_items + 1, COLS);
		if (list.total > (int64_t)list.n_items)
			printf("(%zu of %lld entries; --limit shows more)\n", list.n_items,
			       (long long)list.total);
	}
	arena_free(a);
	store_close(s);
	return status;
}

static const struct cli_cmd subcommands[] = {
	{ "verify", audit_verify, NULL },
	{ "list", audit_list, NULL },
	{ NULL, NULL, NULL },
};

int cmd_audit(int argc, char **argv)
{
	return cli_dispatch("audit", subcommands, usage, argc, argv);
}
