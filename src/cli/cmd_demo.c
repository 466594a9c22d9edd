/* cmd_demo.c — `dti demo`: a database holding the demo organisation, loaded from the
 * CSV files of data/demo/ that are compiled into the binary, and one account of each
 * role with a random password that is printed once. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "../core/password.h"
#include "../store/accounts.h"
#include "../util/embedded.h"
#include "../util/secret.h"
#include "../util/banned.h"

static const char usage[] =
	"usage: dti demo [--db PATH]\n\n"
	"Create a database with the demo organisation: units, people, goals, processes\n"
	"(in English and Chinese), their dependencies and goal links, the prioritisation\n"
	"criteria with two assessors' scores, KPIs with a year of measurements, and the\n"
	"register of information assets with their copies and the processes that create,\n"
	"use, update or publish them. The database must not exist yet, or be empty.\n\n"
	"Four accounts are created, one per role (admin, analyst, owner, viewer), each with a\n"
	"random password that is printed once, at the end.\n";

static const struct {
	const char *file, *kind;
} demo_files[] = {
	{ "data/demo/units.csv", "units" },
	{ "data/demo/people.csv", "people" },
	{ "data/demo/goals.csv", "goals" },
	{ "data/demo/processes.csv", "processes" },
	{ "data/demo/dependencies.csv", "dependencies" },
	{ "data/demo/goal_links.csv", "goal-links" },
	{ "data/demo/criteria.csv", "criteria" },
	{ "data/demo/assessments.csv", "assessments" },
	{ "data/demo/kpis.csv", "kpis" },
	{ "data/demo/kpi_measurements.csv", "kpi-measurements" },
	{ "data/demo/assets.csv", "assets" },
	{ "data/demo/asset_copies.csv", "asset-copies" },
	{ "data/demo/asset_links.csv", "asset-links" },
};

#define DEMO_PASSWORD_LEN 16

/* The demo's accounts. The owner is a person of the demo organisation (his name comes
 * from people.csv) who owns processes of his unit. */
static const struct demo_account {
	const char *email, *role, *name, *unit;
} demo_accounts[] = {
	{ "admin@example.int", "admin", "Demo Administrator", NULL },
	{ "analyst@example.int", "analyst", "Demo Analyst", NULL },
	{ "bernhard.muller@example.int", "owner", NULL, "HRMD" },
	{ "viewer@example.int", "viewer", "Demo Viewer", NULL },
};
#define N_DEMO_ACCOUNTS (sizeof(demo_accounts) / sizeof(demo_accounts[0]))

/* A random password that passes the policy (a random one fails it only by a very
 * unlikely accident, such as containing the e-mail's name). */
static enum dti_err demo_password(const char *email, char out[DEMO_PASSWORD_LEN + 1])
{
	for (;;) {
		struct field_errors errs = FIELD_ERRORS_INIT;
		secret_password(out, DEMO_PASSWORD_LEN + 1);
		enum dti_err err = password_check(out, email, &errs);
		field_errors_release(&errs);
		if (err != DTI_EINVAL)
			return err;
	}
}

/* Create the demo accounts inside the caller's transaction; their passwords go to
 * passwords[k]. Problems are printed. */
static enum dti_err create_accounts(struct store *s, struct arena *a,
				    char passwords[][DEMO_PASSWORD_LEN + 1])
{
	const struct entity_desc *ud = entity_get(ENTITY_USER), *pd = entity_get(ENTITY_PERSON);
	struct field_errors errs = FIELD_ERRORS_INIT;
	enum dti_err err = DTI_OK;
	for (size_t k = 0; k < N_DEMO_ACCOUNTS && !err; k++) {
		const struct demo_account *da = &demo_accounts[k];
		const char *name = da->name;
		int64_t unit_id = 0, person_id;
		void *person;
		if (!name) {
			err = store_find(s, pd, da->email, &person_id);
			if (!err)
				err = store_get(s, pd, person_id, false, a, &person);
			if (!err)
				name = ((struct person *)person)->name;
		}
		if (!err && da->unit)
			err = store_find(s, entity_get(ENTITY_UNIT), da->unit, &unit_id);
		struct user *u = err ? NULL : entity_new(ud, a);
		if (!err && !u)
			err = DTI_ENOMEM;
		if (!err)
			err = field_set_text(ud, u, entity_field_index(ud, "email"), da->email,
					     strlen(da->email), a, &errs);
		if (!err)
			err = field_set_text(ud, u, entity_field_index(ud, "name"), name, strlen(name),
					     a, &errs);
		if (!err)
			err = field_set_text(ud, u, entity_field_index(ud, "role"), da->role,
					     strlen(da->role), a, &errs);
		if (!err && unit_id)
			err = field_set_int(ud, u, entity_field_index(ud, "unit_id"), unit_id, &errs);
		if (!err)
			err = store_create(s, ud, u, a, &errs);
		char hash[SECRET_PWHASH_LEN];
		if (!err)
			err = demo_password(da->email, passwords[k]);
		if (!err)
			err = secret_pwhash(passwords[k], hash);
		if (!err)
			err = store_user_set_password(s, u->row.id, hash);
		secret_wipe(hash, sizeof(hash));
		if (err) {
			fprintf(stderr, "dti demo: cannot create the account '%s': %s\n", da->email,
				dti_strerror(err));
			cli_print_errors("demo", &errs);
		}
	}
	field_errors_release(&errs);
	return err;
}

static void print_accounts(char passwords[][DEMO_PASSWORD_LEN + 1])
{
	const char *cells[(N_DEMO_ACCOUNTS + 1) * 3] = { "e-mail", "role", "password" };
	for (size_t k = 0; k < N_DEMO_ACCOUNTS; k++) {
		cells[(k + 1) * 3] = demo_accounts[k].email;
		cells[(k + 1) * 3 + 1] = demo_accounts[k].role;
		cells[(k + 1) * 3 + 2] = passwords[k];
	}
	printf("\naccounts to log in with (the passwords are shown only now: note them, or set\n"
	       "new ones later with 'dti user passwd EMAIL'):\n\n");
	cli_print_table(cells, N_DEMO_ACCOUNTS + 1, 3);
}

int cmd_demo(int argc, char **argv)
{
	if (cli_wants_help(argc, argv, usage))
		return EXIT_DONE;
	const char *db;
	if (cli_db_only(argc, argv, "demo", usage, &db))
		return EXIT_USAGE;
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
	char passwords[N_DEMO_ACCOUNTS][DEMO_PASSWORD_LEN + 1];
	memset(passwords, 0, sizeof(passwords));
	struct arena *a = arena_new();
	if (!status && !a)
		status = EXIT_FAILED;
	if (!status && create_accounts(s, a, passwords))
		status = EXIT_FAILED;
	if (status) {
		store_rollback(s);
	} else if (store_commit(s)) {
		status = EXIT_FAILED;
	}
	if (!status) {
		struct stats st;
		int64_t n_crit = 0, n_assess = 0, n_kpis = 0, n_meas = 0, n_assets = 0,
			n_copies = 0, n_links = 0;
		if (!store_stats(s, a, &st) &&
		    !store_count(s, entity_get(ENTITY_CRITERION), &n_crit) &&
		    !store_count(s, entity_get(ENTITY_ASSESSMENT), &n_assess) &&
		    !store_count(s, entity_get(ENTITY_KPI), &n_kpis) &&
		    !store_count(s, entity_get(ENTITY_MEASUREMENT), &n_meas) &&
		    !store_count(s, entity_get(ENTITY_ASSET), &n_assets) &&
		    !store_count(s, entity_get(ENTITY_ASSET_COPY), &n_copies) &&
		    !store_count(s, entity_get(ENTITY_ASSET_LINK), &n_links))
			printf("created demo database '%s': %lld units, %lld people, %lld goals, "
			       "%lld processes, %lld dependencies; %lld criteria, %lld assessments, "
			       "%lld KPIs, %lld measurements; %lld information assets, %lld copies, "
			       "%lld asset links\n", path, (long long)st.units,
			       (long long)st.people, (long long)st.goals, (long long)st.processes,
			       (long long)st.dependencies, (long long)n_crit, (long long)n_assess,
			       (long long)n_kpis, (long long)n_meas, (long long)n_assets,
			       (long long)n_copies, (long long)n_links);
		print_accounts(passwords);
	}
	secret_wipe(passwords, sizeof(passwords));
	arena_free(a);
	store_close(s);
	return status;
}
