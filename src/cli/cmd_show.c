/* cmd_show.c — `dti show CODE`: one process with its dependencies and goal links. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../io/json_row.h"
#include "../util/banned.h"

static const char usage[] =
	"usage: dti show CODE [--json] [--db PATH]\n\n"
	"Show the process CODE: every field, the processes it depends on and that depend\n"
	"on it, and the goals it supports.\n";

static const char *label_of(struct store *s, enum entity_kind k, int64_t id, struct arena *a)
{
	void *row;
	const struct entity_desc *d = entity_get(k);
	if (!id || store_get(s, d, id, true, a, &row))
		return NULL;
	if (k == ENTITY_PROCESS)
		return arena_printf(a, "%s %s", ((struct process *)row)->code,
				    ((struct process *)row)->name);
	return field_format(d, row, d->key_field, a);
}

static enum dti_err links(struct store *s, enum entity_kind k, int field, int64_t id,
			  struct arena *a, struct row_list *out)
{
	struct list_query q;
	list_query_init(&q);
	q.limit = QUERY_MAX_LIMIT;
	q.n_filters = 1;
	q.filters[0] = (struct query_filter){ .field = field, .n_values = 1, .ints = { id } };
	return store_list(s, entity_get(k), &q, a, out);
}

int cmd_show(int argc, char **argv)
{
	if (cli_wants_help(argc, argv, usage))
		return EXIT_DONE;
	const char *db = NULL, *code = NULL;
	bool json = false;
	for (int i = 1; i < argc;) {
		int r = cli_option(argc, argv, &i, "--db", &db);
		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
			i++;
		} else if (!code && argv[i][0] != '-') {
			code = argv[i++];
		} else {
			fprintf(stderr, "dti show: unexpected argument '%s'\n%s", argv[i], usage);
			return EXIT_USAGE;
		}
	}
	if (!code) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	struct store *s = cli_open_store(cli_db_path(db), false);
	if (!s)
		return EXIT_FAILED;
	const struct entity_desc *pd = entity_get(ENTITY_PROCESS);
	struct arena *a = arena_new();
	int64_t id = 0;
	void *row = NULL;
	enum dti_err err = a ? store_find(s, pd, code, &id) : DTI_ENOMEM;
	if (!err)
		err = store_get(s, pd, id, false, a, &row);
	struct row_list out_deps, in_deps, goals;
	if (!err)
		err = links(s, ENTITY_DEPENDENCY, 0, id, a, &out_deps);
	if (!err)
		err = links(s, ENTITY_DEPENDENCY, 1, id, a, &in_deps);
	if (!err)
		err = links(s, ENTITY_GOAL_LINK, 0, id, a, &goals);
	int status = EXIT_DONE;
	if (err == DTI_ENOTFOUND) {
		fprintf(stderr, "dti show: no process with code '%s'\n", code);
		status = EXIT_REFUSED;
	} else if (err) {
		fprintf(stderr, "dti show: %s\n", dti_strerror(err));
		status = EXIT_FAILED;
	} else if (json) {
		json_t *o = json_from_row(pd, row, NULL);
		char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
		if (text)
			puts(text);
		free(text);
		json_decref(o);
	} else {
		struct process *p = row;
		printf("%s  %s\n", p->code, p->name);
		if (p->name_zh)
			printf("%s\n", p->name_zh);
		printf("\n");
		for (size_t i = 0; i < pd->n_fields; i++) {
			const struct field_desc *f = &pd->fields[i];
			if (i < 3 || !field_present(row, (int)i))
				continue;
			const char *v = field_format(pd, row, (int)i, a);
			if (f->type == FT_REF) {
				const char *l = label_of(s, f->ref, *(int64_t *)field_ptr(f, row), a);
				v = l ? l : v;
			}
			printf("  %-22s %s\n", f->csv_name, v ? v : "");
		}
		printf("  %-22s %lld (updated %s)\n", "version", (long long)p->row.version,
		       p->row.updated_at);
		printf("\ndepends on / acts on (%zu):\n", out_deps.n_items);
		for (size_t i = 0; i < out_deps.n_items; i++) {
			struct dependency *d = out_deps.items[i];
			printf("  %s %s  (strength %lld)\n", dependency_kinds[d->kind],
			       label_of(s, ENTITY_PROCESS, d->to_id, a), (long long)d->strength);
		}
		printf("\nreferred to by (%zu):\n", in_deps.n_items);
		for (size_t i = 0; i < in_deps.n_items; i++) {
			struct dependency *d = in_deps.items[i];
			printf("  %s %s this  (strength %lld)\n",
			       label_of(s, ENTITY_PROCESS, d->from_id, a), dependency_kinds[d->kind],
			       (long long)d->strength);
		}
		printf("\ngoals (%zu):\n", goals.n_items);
		for (size_t i = 0; i < goals.n_items; i++) {
			struct goal_link *g = goals.items[i];
			printf("  %s  impact %lld\n", label_of(s, ENTITY_GOAL, g->goal_id, a),
			       (long long)g->impact);
		}
	}
	arena_free(a);
	store_close(s);
	return status;
}
