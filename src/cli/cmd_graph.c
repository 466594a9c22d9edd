/* cmd_graph.c — `dti impact`, `dti clusters`, `dti waves`: the dependency analyses of
 * core/graph.h on the live inventory, as tables or JSON. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../core/graph.h"
#include "../store/graph_load.h"
#include "../util/alloc.h"
#include "../util/strbuf.h"
#include "../util/banned.h"

static const char impact_usage[] =
	"usage: dti impact CODE [CODE...] [--down|--up|--both] [--depth N]\n"
	"                  [--kinds KIND,...] [--min-strength 1-3] [--json] [--db PATH]\n\n"
	"What a change to the processes CODE... affects: downstream (the default: the\n"
	"processes that depend on them), upstream (what they rely on) or both. For each\n"
	"process reached: its distance, its unit and owner (to consult), and one shortest\n"
	"path that explains why. --depth limits the distance (default: no limit), --kinds\n"
	"follows only those dependency kinds (feeds, triggers, shares_data, shares_system,\n"
	"regulated_by), --min-strength only dependencies at least that strong.\n";

static const char clusters_usage[] =
	"usage: dti clusters [--json] [--db PATH]\n\n"
	"The groups of processes that depend on each other in a circle (strongly connected,\n"
	"more than one process): each must be transformed together. Largest first.\n";

static const char waves_usage[] =
	"usage: dti waves [--json] [--db PATH]\n\n"
	"The order of transformation: wave 1 holds the processes that depend on no other;\n"
	"each later wave only processes whose upstream is all in earlier waves (a cluster\n"
	"stays together in one wave).\n";

static const char hubs_usage[] =
	"usage: dti hubs [--limit N] [--json] [--db PATH]\n\n"
	"The processes most others pass through (betweenness: on how many shortest chains\n"
	"of dependencies between two other processes they lie; estimated from 256 sampled\n"
	"processes above 2,000) and their number of links. The first N (default 20).\n";

struct graph_cli {
	struct store *s;
	struct arena *a;
	struct graph g;
	struct key_map units, people;
};

static int open_graph(const char *db, struct graph_cli *gc)
{
	memset(gc, 0, sizeof(*gc));
	gc->s = cli_open_store(cli_db_path(db), false);
	if (!gc->s)
		return EXIT_FAILED;
	gc->a = arena_new();
	enum dti_err err = gc->a ? store_load_graph(gc->s, &gc->g) : DTI_ENOMEM;
	if (!err)
		err = store_keys(gc->s, entity_get(ENTITY_UNIT), gc->a, &gc->units);
	if (!err)
		err = store_keys(gc->s, entity_get(ENTITY_PERSON), gc->a, &gc->people);
	if (err) {
		fprintf(stderr, "dti: cannot read the dependency graph: %s\n", dti_strerror(err));
		return EXIT_FAILED;
	}
	return EXIT_DONE;
}

static void close_graph(struct graph_cli *gc)
{
	graph_release(&gc->g);
	arena_free(gc->a);
	store_close(gc->s);
}

static const struct process *process_of(struct graph_cli *gc, uint32_t node)
{
	void *row;
	if (store_get(gc->s, entity_get(ENTITY_PROCESS), gc->g.ids[node], false, gc->a, &row))
		return NULL;
	return row;
}

static const char *key_or_empty(const struct key_map *m, int64_t id)
{
	const char *k = id ? key_map_find(m, id) : NULL;
	return k ? k : "";
}

/* Parse the common flags (--json, --db) and, for impact, the others. Returns -1 on
 * a usage error (message printed), else the number of positional arguments kept. */
struct graph_args {
	const char *db;
	bool json;
	struct impact_opts o;
	const char *codes[256];
	int n_codes;
};

static int parse_uint(const char *text, unsigned lo, unsigned hi, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || v < lo || v > hi)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int parse_kinds(const char *text, uint32_t *mask)
{
	char buf[256];
	if (strlen(text) >= sizeof(buf))
		return -1;
	memcpy(buf, text, strlen(text) + 1);
	*mask = 0;
	for (char *save = NULL, *k = strtok_r(buf, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
		int i = 0;
		while (dependency_kinds[i] && strcmp(dependency_kinds[i], k))
			i++;
		if (!dependency_kinds[i])
			return -1;
		*mask |= 1u << i;
	}
	return *mask ? 0 : -1;
}

static int parse_args(const char *cmd, const char *usage, bool impact, int argc, char **argv,
		      struct graph_args *ga)
{
	memset(ga, 0, sizeof(*ga));
	ga->o = (struct impact_opts){ GRAPH_DOWN, 0, 0, 1 };
	for (int i = 1; i < argc;) {
		const char *v = NULL;
		int r = cli_option(argc, argv, &i, "--db", &ga->db);
		if (r < 0)
			return -1;
		if (r)
			continue;
		const char *arg = argv[i];
		unsigned u;
		if (strcmp(arg, "--json") == 0) {
			ga->json = true;
			i++;
		} else if (impact && (!strcmp(arg, "--down") || !strcmp(arg, "--up") ||
				      !strcmp(arg, "--both"))) {
			ga->o.direction = arg[2] == 'd' ? GRAPH_DOWN : arg[2] == 'u' ? GRAPH_UP :
				GRAPH_BOTH;
			i++;
		} else if (impact && (r = cli_option(argc, argv, &i, "--depth", &v)) != 0) {
			if (r < 0 || parse_uint(v, 1, 1000000, &u)) {
				fprintf(stderr, "dti %s: --depth must be a whole number from 1\n", cmd);
				return -1;
			}
			ga->o.depth = u;
		} else if (impact && (r = cli_option(argc, argv, &i, "--min-strength", &v)) != 0) {
			if (r < 0 || parse_uint(v, 1, 3, &u)) {
				fprintf(stderr, "dti %s: --min-strength must be 1, 2 or 3\n", cmd);
				return -1;
			}
			ga->o.min_strength = (uint8_t)u;
		} else if (impact && (r = cli_option(argc, argv, &i, "--kinds", &v)) != 0) {
			if (r < 0 || parse_kinds(v, &ga->o.kinds)) {
				fprintf(stderr, "dti %s: --kinds takes kinds separated by commas: "
					"feeds, triggers, shares_data, shares_system, regulated_by\n", cmd);
				return -1;
			}
		} else if (impact && arg[0] != '-' && ga->n_codes < 256) {
			ga->codes[ga->n_codes++] = arg;
			i++;
		} else {
			fprintf(stderr, "dti %s: unexpected argument '%s'\n%s", cmd, arg, usage);
			return -1;
		}
	}
	if (impact && ga->n_codes == 0) {
		fprintf(stderr, "dti %s: name at least one process by its code\n%s", cmd, usage);
		return -1;
	}
	return 0;
}

static void print_json(json_t *o)
{
	char *text = o ? json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
	if (text)
		puts(text);
	free(text);
	json_decref(o);
}

int cmd_impact(int argc, char **argv)
{
	if (cli_wants_help(argc, argv, impact_usage))
		return EXIT_DONE;
	struct graph_args ga;
	if (parse_args("impact", impact_usage, true, argc, argv, &ga))
		return EXIT_USAGE;
	struct graph_cli gc;
	int status = open_graph(ga.db, &gc);
	uint32_t src[256];
	for (int i = 0; status == EXIT_DONE && i < ga.n_codes; i++) {
		int64_t id;
		src[i] = store_find(gc.s, entity_get(ENTITY_PROCESS), ga.codes[i], &id) ?
			 GRAPH_NONE : graph_node(&gc.g, id);
		if (src[i] == GRAPH_NONE) {
			fprintf(stderr, "dti impact: no process with code '%s'\n", ga.codes[i]);
			status = EXIT_REFUSED;
		}
	}
	struct impact r = { 0 };
	if (status == EXIT_DONE && graph_impact(&gc.g, src, (size_t)ga.n_codes, &ga.o, &r)) {
		fprintf(stderr, "dti impact: out of memory\n");
		status = EXIT_FAILED;
	}
	uint32_t *path = status == EXIT_DONE ?
			 dti_malloc(((size_t)r.max_dist + 2) * sizeof(uint32_t)) : NULL;
	if (status == EXIT_DONE && !path)
		status = EXIT_FAILED;
	json_t *items = ga.json && status == EXIT_DONE ? json_array() : NULL;
	const char **cells = status == EXIT_DONE ?
		arena_calloc(gc.a, ((size_t)r.n_order + 1) * 6, sizeof(char *)) : NULL;
	if (cells) {
		const char *head[] = { "distance", "code", "name", "unit", "owner", "why" };
		memcpy(cells, head, sizeof(head));
	}
	for (uint32_t i = 0; cells && i < r.n_order; i++) {
		uint32_t v = r.order[i];
		const struct process *p = process_of(&gc, v);
		uint32_t len = impact_path(&r, v, path);
		struct strbuf why = STRBUF_INIT;
		json_t *ids = items ? json_array() : NULL;
		for (uint32_t k = 0; k < len; k++) {
			const struct process *q = process_of(&gc, path[k]);
			if (strbuf_addf(&why, "%s%s", k ? (r.up[v] ? " <- " : " -> ") : "",
					q ? q->code : "?"))
				status = EXIT_FAILED;	/* out of memory: the row shows less */
			if (ids)
				json_array_append_new(ids, json_integer(gc.g.ids[path[k]]));
		}
		const char **row = cells + (size_t)(i + 1) * 6;
		row[0] = arena_printf(gc.a, "%s%u", r.up[v] ? "-" : "", r.dist[v]);
		row[1] = p ? p->code : "?";
		row[2] = p ? p->name : "";
		row[3] = p ? key_or_empty(&gc.units, p->unit_id) : "";
		row[4] = p ? key_or_empty(&gc.people, p->owner_id) : "";
		row[5] = arena_strdup(gc.a, why.buf ? why.buf : "");
		strbuf_release(&why);
		if (items)
			json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:I,s:s,s:o}", "id",
				(json_int_t)gc.g.ids[v], "code", row[1], "name", row[2], "distance",
				(json_int_t)r.dist[v], "direction", r.up[v] ? "up" : "down", "path",
				ids));
	}
	if (items)
		print_json(json_pack("{s:I,s:o}", "total", (json_int_t)r.n_order, "items", items));
	else if (cells && r.n_order)
		cli_print_table(cells, (size_t)r.n_order + 1, 6);
	else if (cells)
		printf("nothing is affected (%s)\n", ga.o.direction == GRAPH_UP ?
		       "no recorded process upstream" : "no recorded process downstream");
	dti_free(path);
	impact_release(&r);
	close_graph(&gc);
	return status;
}

/* Components (as nodes grouped per component) for clusters and waves. */
static int analyse(const char *cmd, const char *usage, int argc, char **argv,
		   struct graph_args *ga, struct graph_cli *gc, struct components *c,
		   struct waves *w)
{
	if (parse_args(cmd, usage, false, argc, argv, ga))
		return EXIT_USAGE;
	int status = open_graph(ga->db, gc);
	if (status == EXIT_DONE && (graph_components(&gc->g, c) ||
				    graph_waves(&gc->g, c, w))) {
		fprintf(stderr, "dti %s: out of memory\n", cmd);
		status = EXIT_FAILED;
	}
	return status;
}

static const uint32_t *size_of_comp;
static int by_size_desc(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	if (size_of_comp[x] != size_of_comp[y])
		return size_of_comp[x] > size_of_comp[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

int cmd_clusters(int argc, char **argv)
{
	if (cli_wants_help(argc, argv, clusters_usage))
		return EXIT_DONE;
	struct graph_args ga;
	struct graph_cli gc;
	struct components c = { 0 };
	struct waves w = { 0 };
	int status = analyse("clusters", clusters_usage, argc, argv, &ga, &gc, &c, &w);
	if (status == EXIT_USAGE)
		return status;
	uint32_t *order = status == EXIT_DONE ? dti_malloc(((size_t)c.n_comp + 1) * 4) : NULL;
	uint32_t n = 0;
	for (uint32_t k = 0; order && k < c.n_comp; k++)
		if (c.size[k] > 1)
			order[n++] = k;
	size_of_comp = c.size;	/* a command runs one sort at a time */
	if (order)
		qsort(order, n, sizeof(*order), by_size_desc);
	json_t *list = ga.json && order ? json_array() : NULL;
	for (uint32_t i = 0; order && i < n; i++) {
		json_t *members = list ? json_array() : NULL;
		uint32_t wave = 0;
		for (uint32_t v = 0; v < gc.g.n; v++)
			if (c.comp[v] == order[i])
				wave = w.wave[v];	/* the same for all of them */
		if (!list)
			printf("cluster %u: %u processes, wave %u\n ", i + 1, c.size[order[i]],
			       wave + 1);
		for (uint32_t v = 0; v < gc.g.n; v++) {
			if (c.comp[v] != order[i])
				continue;
			const struct process *p = process_of(&gc, v);
			if (members)
				json_array_append_new(members, json_pack("{s:I,s:s}", "id",
					(json_int_t)gc.g.ids[v], "code", p ? p->code : "?"));
			else
				printf(" %s", p ? p->code : "?");
		}
		if (list)
			json_array_append_new(list, json_pack("{s:I,s:I,s:o}", "size",
				(json_int_t)c.size[order[i]], "wave", (json_int_t)wave + 1,
				"processes", members));
		else
			putchar('\n');
	}
	if (list)
		print_json(json_pack("{s:I,s:o}", "total", (json_int_t)n, "items", list));
	else if (order && n == 0)
		puts("no clusters: no processes depend on each other in a circle");
	dti_free(order);
	waves_release(&w);
	components_release(&c);
	close_graph(&gc);
	return status;
}

int cmd_waves(int argc, char **argv)
{
	if (cli_wants_help(argc, argv, waves_usage))
		return EXIT_DONE;
	struct graph_args ga;
	struct graph_cli gc;
	struct components c = { 0 };
	struct waves w = { 0 };
	int status = analyse("waves", waves_usage, argc, argv, &ga, &gc, &c, &w);
	if (status == EXIT_USAGE)
		return status;
	json_t *list = ga.json && status == EXIT_DONE ? json_array() : NULL;
	for (uint32_t k = 0; status == EXIT_DONE && k < w.n_waves; k++) {
		json_t *members = list ? json_array() : NULL;
		uint32_t count = 0;
		for (uint32_t v = 0; v < gc.g.n; v++)
			count += w.wave[v] == k;
		if (!list)
			printf("wave %u: %u process%s\n ", k + 1, count, count == 1 ? "" : "es");
		for (uint32_t v = 0; v < gc.g.n; v++) {
			if (w.wave[v] != k)
				continue;
			const struct process *p = process_of(&gc, v);
			if (members)
				json_array_append_new(members, json_pack("{s:I,s:s,s:I}", "id",
					(json_int_t)gc.g.ids[v], "code", p ? p->code : "?",
					"cluster_size", (json_int_t)c.size[c.comp[v]]));
			else
				printf(" %s%s", p ? p->code : "?", c.size[c.comp[v]] > 1 ? "*" : "");
		}
		if (list)
			json_array_append_new(list, json_pack("{s:I,s:I,s:o}", "wave",
				(json_int_t)k + 1, "count", (json_int_t)count, "processes", members));
		else
			putchar('\n');
	}
	if (list)
		print_json(json_pack("{s:I,s:o}", "total", (json_int_t)w.n_waves, "items", list));
	else if (status == EXIT_DONE && w.n_waves)
		puts("(* in a cluster: transformed together with the others of its cluster)");
	else if (status == EXIT_DONE)
		puts("no processes");
	waves_release(&w);
	components_release(&c);
	close_graph(&gc);
	return status;
}

struct hub_row {
	double bc;
	uint32_t node;
};

static int by_bc(const void *a, const void *b)
{
	const struct hub_row *x = a, *y = b;
	if (x->bc != y->bc)
		return x->bc > y->bc ? -1 : 1;
	return x->node < y->node ? -1 : x->node > y->node;
}

int cmd_hubs(int argc, char **argv)
{
	if (cli_wants_help(argc, argv, hubs_usage))
		return EXIT_DONE;
	const char *db = NULL, *lim = NULL;
	bool json = false;
	unsigned limit = 20;
	for (int i = 1; i < argc;) {
		int r = cli_option(argc, argv, &i, "--db", &db);
		if (!r)
			r = cli_option(argc, argv, &i, "--limit", &lim);
		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
			i++;
			continue;
		}
		fprintf(stderr, "dti hubs: unexpected argument '%s'\n%s", argv[i], hubs_usage);
		return EXIT_USAGE;
	}
	if (lim && parse_uint(lim, 1, 100000, &limit)) {
		fprintf(stderr, "dti hubs: --limit must be a whole number from 1\n");
		return EXIT_USAGE;
	}
	struct graph_cli gc;
	int status = open_graph(db, &gc);
	const struct graph *g = &gc.g;
	double *bc = status == EXIT_DONE ? dti_malloc(((size_t)g->n + 1) * sizeof(double)) : NULL;
	struct hub_row *rows = bc ? dti_malloc(((size_t)g->n + 1) * sizeof(*rows)) : NULL;
	if (status == EXIT_DONE && (!rows || graph_betweenness(g, g->n <= 2000 ? 0 : 256,
								 20240601, bc))) {
		fprintf(stderr, "dti hubs: out of memory\n");
		status = EXIT_FAILED;
	}
	if (status == EXIT_DONE) {
		for (uint32_t x = 0; x < g->n; x++)
			rows[x] = (struct hub_row){ bc[x], x };
		qsort(rows, g->n, sizeof(*rows), by_bc);
	}
	uint32_t n = status == EXIT_DONE ? (g->n < limit ? g->n : limit) : 0;
	json_t *list = json && status == EXIT_DONE ? json_array() : NULL;
	const char **cells = status == EXIT_DONE ?
		arena_calloc(gc.a, ((size_t)n + 1) * 5, sizeof(char *)) : NULL;
	if (cells) {
		const char *head[] = { "code", "name", "in", "out", "betweenness" };
		memcpy(cells, head, sizeof(head));
	}
	for (uint32_t i = 0; cells && i < n; i++) {
		uint32_t x = rows[i].node;
		const struct process *p = process_of(&gc, x);
		uint32_t in = g->in_start[x + 1] - g->in_start[x];
		uint32_t out = g->out_start[x + 1] - g->out_start[x];
		const char **row = cells + (size_t)(i + 1) * 5;
		row[0] = p ? p->code : "?";
		row[1] = p ? p->name : "";
		row[2] = arena_printf(gc.a, "%u", in);
		row[3] = arena_printf(gc.a, "%u", out);
		row[4] = arena_printf(gc.a, "%.1f", rows[i].bc);
		if (list)
			json_array_append_new(list, json_pack("{s:I,s:s,s:I,s:I,s:f}", "id",
				(json_int_t)g->ids[x], "code", row[0], "in", (json_int_t)in, "out",
				(json_int_t)out, "betweenness", rows[i].bc));
	}
	if (list)
		print_json(json_pack("{s:I,s:b,s:o}", "total", (json_int_t)g->n, "exact",
				     g->n <= 2000, "items", list));
	else if (cells && n)
		cli_print_table(cells, (size_t)n + 1, 5);
	dti_free(bc);
	dti_free(rows);
	close_graph(&gc);
	return status;
}
