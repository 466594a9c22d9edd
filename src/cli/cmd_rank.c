/* cmd_rank.c — `dti rank`, `dti quickwins`, `dti portfolio` and `dti kpi`: what to
 * transform first and why, from the command line, as tables or as the API's JSON. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../core/period.h"
#include "../core/priority.h"
#include "../io/priority_json.h"
#include "../store/graph_load.h"
#include "../store/priorities.h"
#include "../util/timeutil.h"
#include "../util/banned.h"

static const char rank_usage[] =
	"usage: dti rank [--method wsm|topsis] [--limit N] [--json] [--db PATH]\n\n"
	"The assessed processes, best first, by the weighted sum of their mean scores (wsm,\n"
	"the default) or by TOPSIS, with the weights of the newest weight set. For each:\n"
	"its score (0-1), its value and effort halves, and the criterion that adds most.\n"
	"--json gives the API's form (GET /api/v1/analysis/ranking), with every\n"
	"criterion's part and, for wsm, how far one weight must move before the next\n"
	"process overtakes it. --limit: how many (default 20, 0 for all).\n";

static const char quickwins_usage[] =
	"usage: dti quickwins [--min-value X] [--max-effort Y] [--kinds K,...]\n"
	"                     [--min-strength 1-3] [--all] [--json] [--db PATH]\n\n"
	"Quick wins: assessed processes of high value (at least X, default 0.6) and low\n"
	"effort (at most Y, default 0.4), with a known owner, not already under way, and\n"
	"no upstream dependency on a process not yet transformed (--kinds, --min-strength:\n"
	"which dependencies count; by default feeds and triggers of strength 2 or 3).\n"
	"--all lists every assessed process with what keeps it\n"
	"from being one.\n";

static const char portfolio_usage[] =
	"usage: dti portfolio --budget B --hours H [--period P] [--kinds K,...]\n"
	"                     [--min-strength 1-3] [--method wsm|topsis] [--json] [--db PATH]\n\n"
	"The set of processes to transform in a period that gives the most value (ranking\n"
	"score x 100) within a budget B and a capacity of H staff hours, from each process's\n"
	"change_cost and change_hours estimates. Clusters that must be transformed together\n"
	"stay whole and prerequisites (upstream dependencies of kinds K, default feeds and\n"
	"triggers, at least --min-strength strong, default 2) come first or are already\n"
	"under way. Solved exactly (GLPK). P: a year (2027), a half (2027-H1), a quarter\n"
	"(2027-Q3) or FROM/TO dates; only processes whose change window meets it count.\n"
	"Also shows what each constraint costs: the value a solve without it would add.\n";

static const char kpi_usage[] =
	"usage: dti kpi [list] [--process CODE] [--json] [--db PATH]\n"
	"       dti kpi measure KPI-CODE VALUE [--date YYYY-MM-DD] [--source TEXT] [--db PATH]\n\n"
	"list: the performance targets with their status (on_track, at_risk, off_track,\n"
	"achieved or no_data), projected to the due date from the trend of their\n"
	"measurements. measure: record a measurement (today unless --date).\n";

struct prio_cli {
	const char *db;
	bool json;
	struct store *s;
	struct arena *a;
	struct priority_data d;
	struct ranking r;
	struct graph g;
	uint8_t *statuses;
};

static void prio_close(struct prio_cli *pc)
{
	graph_release(&pc->g);
	arena_free(pc->a);
	if (pc->s)
		store_close(pc->s);
}

/* Open the store, read the assessments, rank them by method, and (with_graph) read
 * the dependency graph with every process's status. Prints problems. */
static int prio_open(struct prio_cli *pc, enum rank_method method, bool with_graph)
{
	pc->s = cli_open_store(cli_db_path(pc->db), false);
	if (!pc->s)
		return EXIT_FAILED;
	pc->a = arena_new();
	enum dti_err err = pc->a ? store_priority_data(pc->s, pc->a, &pc->d) : DTI_ENOMEM;
	struct field_errors errs = FIELD_ERRORS_INIT;
	if (!err)
		err = priority_rank(&pc->d, method, pc->a, &pc->r, &errs);
	if (err == DTI_EINVAL) {
		cli_print_errors("rank", &errs);
		field_errors_release(&errs);
		return EXIT_REFUSED;
	}
	struct graph_input in;
	if (!err && with_graph)
		err = store_graph_input(pc->s, pc->a, &in);
	if (!err && with_graph) {
		err = graph_build(in.ids, in.n_ids, in.edges, in.n_edges, &pc->g);
		pc->statuses = in.statuses;
	}
	if (err) {
		fprintf(stderr, "dti: cannot read the assessments: %s\n", dti_strerror(err));
		return EXIT_FAILED;
	}
	return EXIT_DONE;
}

static int print_json(json_t *j)
{
	char *text = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
	json_decref(j);
	if (!text) {
		fprintf(stderr, "dti: out of memory\n");
		return EXIT_FAILED;
	}
	puts(text);
	free(text);
	return EXIT_DONE;
}

static const char *fmt(struct arena *a, double x, const char *f)
{
	return isfinite(x) ? arena_printf(a, f, x) : "";
}

static bool parse_real(const char *text, double lo, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (errno || end == text || *end || !isfinite(v) || v < lo)
		return false;
	*out = v;
	return true;
}

/* The options every command here shares: --db, --json, --method. 1 when argv[*i]
 * was one, 0 when not, -1 on a usage error. */
static int common_option(int argc, char **argv, int *i, struct prio_cli *pc,
			 enum rank_method *method)
{
	if (!strcmp(argv[*i], "--json")) {
		pc->json = true;
		(*i)++;
		return 1;
	}
	const char *m = NULL;
	int r = cli_option(argc, argv, i, "--db", &pc->db);
	if (r)
		return r;
	r = cli_option(argc, argv, i, "--method", &m);
	if (r <= 0)
		return r;
	if (!strcmp(m, "wsm") || !strcmp(m, "topsis")) {
		*method = strcmp(m, "wsm") ? RANK_TOPSIS : RANK_WSM;
		return 1;
	}
	fprintf(stderr, "dti: --method must be wsm or topsis, not '%s'\n", m);
	return -1;
}

static int deps_option(int argc, char **argv, int *i, struct impact_opts *o)
{
	const char *v = NULL;
	int r = cli_option(argc, argv, i, "--min-strength", &v);
	if (r > 0) {
		if (strlen(v) != 1 || v[0] < '1' || v[0] > '3') {
			fprintf(stderr, "dti: --min-strength must be 1, 2 or 3\n");
			return -1;
		}
		o->min_strength = (uint8_t)(v[0] - '0');
		return 1;
	}
	if (r < 0)
		return r;
	r = cli_option(argc, argv, i, "--kinds", &v);
	if (r <= 0)
		return r;
	o->kinds = 0;
	for (const char *p = v; *p;) {
		size_t len = strcspn(p, ",");
		int k = 0;
		while (dependency_kinds[k] && (strlen(dependency_kinds[k]) != len ||
					       strncmp(dependency_kinds[k], p, len)))
			k++;
		if (!dependency_kinds[k]) {
			fprintf(stderr, "dti: --kinds: '%.*s' is not a dependency kind (feeds, "
				"triggers, shares_data, shares_system, regulated_by)\n", (int)len, p);
			return -1;
		}
		o->kinds |= 1u << k;
		p += len + (p[len] == ',');
	}
	return 1;
}

static int unexpected(const char *cmd, const char *arg, const char *usage)
{
	fprintf(stderr, "dti %s: unexpected argument '%s'\n%s", cmd, arg, usage);
	return EXIT_USAGE;
}

/* The criterion adding most to process p's score. */
static const char *top_criterion(const struct prio_cli *pc, size_t p)
{
	size_t m = pc->d.n_crit, best = 0;
	for (size_t k = 1; k < m; k++)
		if (pc->r.part[p * m + k] > pc->r.part[p * m + best])
			best = k;
	return m ? pc->d.crit[best].code : "";
}

int cmd_rank(int argc, char **argv)
{
	if (cli_wants_help(argc, argv, rank_usage))
		return EXIT_DONE;
	struct prio_cli pc = { 0 };
	enum rank_method method = RANK_WSM;
	long limit = 20;
	for (int i = 1; i < argc;) {
		int r = common_option(argc, argv, &i, &pc, &method);
		const char *v = NULL;
		if (!r && (r = cli_option(argc, argv, &i, "--limit", &v)) > 0) {
			char *end;
			limit = strtol(v, &end, 10);
			if (*end || end == v || limit < 0) {
				fprintf(stderr, "dti rank: --limit must be a whole number >= 0\n");
				return EXIT_USAGE;
			}
		}
		if (r < 0)
			return EXIT_USAGE;
		if (!r)
			return unexpected("rank", argv[i], rank_usage);
	}
	int status = prio_open(&pc, method, false);
	size_t n = pc.d.n_proc, shown = limit ? (size_t)limit : n;
	if (shown > n)
		shown = n;
	if (!status && pc.json) {
		status = print_json(pj_ranking(&pc.d, &pc.r, 0, shown));
	} else if (!status) {
		const char **cells = arena_calloc(pc.a, (shown + 1) * 7, sizeof(char *));
		static const char *const head[] = { "rank", "code", "name", "score", "value",
						    "effort", "adds most" };
		for (size_t c = 0; cells && c < 7; c++)
			cells[c] = head[c];
		for (size_t i = 0; cells && i < shown; i++) {
			size_t p = pc.r.order[i];
			const char **row = &cells[(i + 1) * 7];
			row[0] = arena_printf(pc.a, "%zu", i + 1);
			row[1] = pc.d.proc[p].code;
			row[2] = pc.d.proc[p].name;
			row[3] = fmt(pc.a, pc.r.score[p], "%.3f");
			row[4] = fmt(pc.a, pc.r.value[p], "%.2f");
			row[5] = fmt(pc.a, pc.r.effort[p], "%.2f");
			row[6] = top_criterion(&pc, p);
		}
		if (cells)
			cli_print_table(cells, shown + 1, 7);
		printf("%zu of %zu assessed processes, %s, weight set %lld\n", shown, n,
		       method == RANK_WSM ? "weighted sum" : "TOPSIS",
		       (long long)pc.d.weight_set_id);
	}
	prio_close(&pc);
	return status;
}

int cmd_quickwins(int argc, char **argv)
{
	if (cli_wants_help(argc, argv, quickwins_usage))
		return EXIT_DONE;
	struct prio_cli pc = { 0 };
	enum rank_method method = RANK_WSM;
	struct quickwin_opts o;
	quickwin_defaults(&o);
	bool all = false;
	for (int i = 1; i < argc;) {
		int r = common_option(argc, argv, &i, &pc, &method);
		if (!r)
			r = deps_option(argc, argv, &i, &o.deps);
		const char *v = NULL;
		double *target = NULL;
		if (!r && (r = cli_option(argc, argv, &i, "--min-value", &v)) > 0)
			target = &o.min_value;
		else if (!r && (r = cli_option(argc, argv, &i, "--max-effort", &v)) > 0)
			target = &o.max_effort;
		if (target && (!parse_real(v, 0, target) || *target > 1)) {
			fprintf(stderr, "dti quickwins: --min-value and --max-effort are numbers "
				"from 0 to 1\n");
			return EXIT_USAGE;
		}
		if (!r && !strcmp(argv[i], "--all")) {
			all = true;
			i++;
			r = 1;
		}
		if (r < 0)
			return EXIT_USAGE;
		if (!r)
			return unexpected("quickwins", argv[i], quickwins_usage);
	}
	int status = prio_open(&pc, method, true);
	struct quickwin *q = NULL;
	if (!status && priority_quickwins(&pc.d, &pc.r, &pc.g, pc.statuses, &o, pc.a, &q)) {
		fprintf(stderr, "dti quickwins: out of memory\n");
		status = EXIT_FAILED;
	}
	if (!status && pc.json) {
		status = print_json(pj_quickwins(&pc.d, &pc.r, q, &o, all));
	} else if (!status) {
		size_t n = pc.d.n_proc, rows = 1, wins = 0;
		const char **cells = arena_calloc(pc.a, (n + 1) * 6, sizeof(char *));
		static const char *const head[] = { "rank", "code", "name", "value", "effort",
						    "why not" };
		for (size_t c = 0; cells && c < 6; c++)
			cells[c] = head[c];
		for (size_t i = 0; cells && i < n; i++) {
			wins += q[i].reasons == 0;
			if (q[i].reasons && !all)
				continue;
			size_t p = q[i].proc;
			const char **row = &cells[rows++ * 6];
			row[0] = arena_printf(pc.a, "%zu", pc.r.rank[p]);
			row[1] = pc.d.proc[p].code;
			row[2] = pc.d.proc[p].name;
			row[3] = fmt(pc.a, pc.r.value[p], "%.2f");
			row[4] = fmt(pc.a, pc.r.effort[p], "%.2f");
			const char *why = "quick win";
			for (int b = 0; quickwin_reason_names[b]; b++)
				if (q[i].reasons & (1u << b))
					why = strcmp(why, "quick win") ?
					      arena_printf(pc.a, "%s, %s", why, quickwin_reason_names[b]) :
					      quickwin_reason_names[b];
			row[5] = why ? why : "";
		}
		if (cells)
			cli_print_table(cells, rows, 6);
		printf("%zu quick wins among %zu assessed processes (value >= %.2f, effort <= "
		       "%.2f)\n", wins, n, o.min_value, o.max_effort);
	}
	prio_close(&pc);
	return status;
}

int cmd_portfolio(int argc, char **argv)
{
	if (cli_wants_help(argc, argv, portfolio_usage))
		return EXIT_DONE;
	struct prio_cli pc = { 0 };
	enum rank_method method = RANK_WSM;
	struct portfolio_request req = { NAN, NAN, NULL, NULL, { GRAPH_UP, 0, 3, 2 }, 60 };
	struct arena *pa = arena_new();
	if (!pa)
		return EXIT_FAILED;
	const char *period = NULL;
	int status = EXIT_DONE;
	for (int i = 1; i < argc && !status;) {
		int r = common_option(argc, argv, &i, &pc, &method);
		if (!r)
			r = deps_option(argc, argv, &i, &req.prereq);
		const char *v = NULL;
		double *target = NULL;
		if (!r && (r = cli_option(argc, argv, &i, "--budget", &v)) > 0)
			target = &req.budget;
		else if (!r && (r = cli_option(argc, argv, &i, "--hours", &v)) > 0)
			target = &req.hours;
		else if (!r)
			r = cli_option(argc, argv, &i, "--period", &period);
		if (target && !parse_real(v, 0, target)) {
			fprintf(stderr, "dti portfolio: --budget and --hours are numbers >= 0\n");
			status = EXIT_USAGE;
		} else if (r < 0) {
			status = EXIT_USAGE;
		} else if (!r) {
			status = unexpected("portfolio", argv[i], portfolio_usage);
		}
	}
	if (!status && (isnan(req.budget) || isnan(req.hours))) {
		fprintf(stderr, "dti portfolio: give both --budget and --hours\n%s",
			portfolio_usage);
		status = EXIT_USAGE;
	}
	char *from = NULL, *to = NULL;
	if (!status && period && !period_parse(period, pa, &from, &to)) {
		fprintf(stderr, "dti portfolio: --period must be a year (2027), a half (2027-H1), "
			"a quarter (2027-Q3) or YYYY-MM-DD/YYYY-MM-DD, not '%s'\n", period);
		status = EXIT_USAGE;
	}
	req.period_from = from;
	req.period_to = to;
	if (!status)
		status = prio_open(&pc, method, true);
	struct portfolio_plan pl;
	struct portfolio_outcome out;
	memset(&out, 0, sizeof(out));
	struct field_errors errs = FIELD_ERRORS_INIT;
	enum dti_err err = status ? DTI_OK :
			   priority_portfolio_plan(&pc.d, &pc.r, &pc.g, pc.statuses, &req, pc.a, &pl,
						   &errs);
	if (!status && !err)
		err = priority_portfolio_solve(&pl, &pc.r, pc.a, &out);
	if (err) {
		cli_print_errors("portfolio", &errs);
		if (!errs.n_items)
			fprintf(stderr, "dti portfolio: %s\n", dti_strerror(err));
		status = err == DTI_EINVAL ? EXIT_REFUSED : EXIT_FAILED;
		field_errors_release(&errs);
	}
	if (!status && pc.json) {
		status = print_json(pj_portfolio(&pc.d, &pc.r, &pl, &req, &out, SIZE_MAX));
	} else if (!status) {
		const char **cells = arena_calloc(pc.a, (out.n_order + 1) * 7, sizeof(char *));
		static const char *const head[] = { "wave", "rank", "code", "name", "value", "cost",
						    "hours" };
		for (size_t c = 0; cells && c < 7; c++)
			cells[c] = head[c];
		for (size_t i = 0; cells && i < out.n_order; i++) {
			size_t p = out.order[i];
			const char **row = &cells[(i + 1) * 7];
			row[0] = arena_printf(pc.a, "%u", (unsigned)pl.wave[p] + 1);
			row[1] = arena_printf(pc.a, "%zu", pc.r.rank[p]);
			row[2] = pc.d.proc[p].code;
			row[3] = pc.d.proc[p].name;
			row[4] = fmt(pc.a, pc.r.score[p] * 100, "%.1f");
			row[5] = fmt(pc.a, pc.d.proc[p].change_cost, "%.0f");
			row[6] = fmt(pc.a, pc.d.proc[p].change_hours, "%.0f");
		}
		if (cells)
			cli_print_table(cells, out.n_order + 1, 7);
		const struct portfolio_solution *b = &out.runs[0];
		printf("%zu of %zu candidates: value %.1f, cost %.0f of %.0f, %.0f of %.0f staff "
		       "hours (%s)\n", out.n_order, pl.problem.n_items, b->value, b->cost,
		       req.budget, b->hours, req.hours,
		       b->status == PORTFOLIO_OPTIMAL ? "optimal" : "time limit reached");
		for (size_t i = 1; i < PORTFOLIO_RUNS; i++)
			printf("without the %s constraint: value %.1f (%+.1f)\n",
			       portfolio_run_names[i], out.runs[i].value,
			       out.runs[i].value - b->value);
	}
	portfolio_outcome_release(&out);
	arena_free(pa);
	prio_close(&pc);
	return status;
}

/* argv[first..] are the options */
static int kpi_list(int argc, char **argv, int first)
{
	struct prio_cli pc = { 0 };
	enum rank_method unused;
	const char *process = NULL;
	for (int i = first; i < argc;) {
		int r = common_option(argc, argv, &i, &pc, &unused);
		if (!r)
			r = cli_option(argc, argv, &i, "--process", &process);
		if (r < 0)
			return EXIT_USAGE;
		if (!r)
			return unexpected("kpi list", argv[i], kpi_usage);
	}
	pc.s = cli_open_store(cli_db_path(pc.db), false);
	if (!pc.s)
		return EXIT_FAILED;
	pc.a = arena_new();
	int64_t process_id = 0;
	enum dti_err err = pc.a ? DTI_OK : DTI_ENOMEM;
	if (!err && process) {
		err = store_find(pc.s, entity_get(ENTITY_PROCESS), process, &process_id);
		if (err == DTI_ENOTFOUND) {
			fprintf(stderr, "dti kpi: there is no process '%s'\n", process);
			prio_close(&pc);
			return EXIT_REFUSED;
		}
	}
	struct kpi_series *ks = NULL;
	size_t n = 0;
	if (!err)
		err = store_kpi_series(pc.s, process_id, 0, pc.a, &ks, &n);
	if (err) {
		fprintf(stderr, "dti kpi: cannot read the KPIs: %s\n", dti_strerror(err));
		prio_close(&pc);
		return EXIT_FAILED;
	}
	char today[DATE_LEN];
	date_today(today);
	priority_kpis_evaluate(ks, n, today);
	int status = EXIT_DONE;
	if (pc.json) {
		status = print_json(pj_kpis(ks, n, today, -1, 0, SIZE_MAX));
	} else {
		const char **cells = arena_calloc(pc.a, (n + 1) * 8, sizeof(char *));
		static const char *const head[] = { "code", "name", "baseline", "latest", "target",
						    "due", "projected", "status" };
		for (size_t c = 0; cells && c < 8; c++)
			cells[c] = head[c];
		for (size_t i = 0; cells && i < n; i++) {
			const struct kpi *k = ks[i].kpi;
			const struct kpi_eval *ev = &ks[i].eval;
			const char **row = &cells[(i + 1) * 8];
			row[0] = k->code;
			row[1] = arena_printf(pc.a, "%s (%s)", k->name, k->unit_of_measure);
			row[2] = fmt(pc.a, k->baseline, "%g");
			row[3] = fmt(pc.a, ev->latest, "%g");
			row[4] = fmt(pc.a, k->target, "%g");
			row[5] = k->due_date;
			row[6] = ev->has_projection ? fmt(pc.a, ev->projected, "%.4g") : "";
			row[7] = kpi_status_names[ev->status];
		}
		if (cells)
			cli_print_table(cells, n + 1, 8);
	}
	prio_close(&pc);
	return status;
}

static int kpi_measure(int argc, char **argv)
{
	const char *db = NULL, *date = NULL, *source = NULL, *pos[2] = { NULL, NULL };
	int n_pos = 0;
	for (int i = 2; i < argc;) {
		int r = cli_option(argc, argv, &i, "--db", &db);
		if (!r)
			r = cli_option(argc, argv, &i, "--date", &date);
		if (!r)
			r = cli_option(argc, argv, &i, "--source", &source);
		if (r < 0)
			return EXIT_USAGE;
		if (!r && n_pos < 2 && argv[i][0] != '-') {
			pos[n_pos++] = argv[i++];
			continue;
		}
		if (!r)
			return unexpected("kpi measure", argv[i], kpi_usage);
	}
	if (n_pos != 2) {
		fprintf(stderr, "dti kpi measure: give the KPI's code and the value\n%s", kpi_usage);
		return EXIT_USAGE;
	}
	struct store *s = cli_open_store(cli_db_path(db), false);
	struct arena *a = arena_new();
	if (!s || !a) {
		arena_free(a);
		if (s)
			store_close(s);
		return EXIT_FAILED;
	}
	const struct entity_desc *d = entity_get(ENTITY_MEASUREMENT);
	char today[DATE_LEN];
	date_today(today);
	struct field_errors errs = FIELD_ERRORS_INIT;
	void *row = entity_new(d, a);
	int64_t kpi_id = 0;
	enum dti_err err = row ? store_find(s, entity_get(ENTITY_KPI), pos[0], &kpi_id) : DTI_ENOMEM;
	int status = EXIT_DONE;
	if (err == DTI_ENOTFOUND) {
		fprintf(stderr, "dti kpi measure: there is no KPI '%s'\n", pos[0]);
		status = EXIT_REFUSED;
	} else if (!err) {
		/* fields: kpi, measured_on, value, source */
		err = field_set_int(d, row, 0, kpi_id, &errs);
		if (!err || err == DTI_EINVAL)
			err = field_parse(d, row, 1, date ? date : today, 0, a, &errs);
		if (!err || err == DTI_EINVAL)
			err = field_parse(d, row, 2, pos[1], 0, a, &errs) ? DTI_EINVAL : err;
		if (source && (!err || err == DTI_EINVAL))
			err = field_parse(d, row, 3, source, 0, a, &errs) ? DTI_EINVAL : err;
		if (!err && !errs.n_items)
			err = store_create(s, d, row, a, &errs);
		else if (!err)
			err = DTI_EINVAL;
		if (err == DTI_EINVAL || err == DTI_ECONFLICT) {
			cli_print_errors("kpi measure", &errs);
			status = EXIT_REFUSED;
		} else if (err) {
			fprintf(stderr, "dti kpi measure: %s\n", dti_strerror(err));
			status = EXIT_FAILED;
		} else {
			printf("recorded %s = %s on %s\n", pos[0], pos[1], date ? date : today);
		}
	} else {
		fprintf(stderr, "dti kpi measure: %s\n", dti_strerror(err));
		status = EXIT_FAILED;
	}
	field_errors_release(&errs);
	arena_free(a);
	store_close(s);
	return status;
}

int cmd_kpi(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "measure"))
		return cli_wants_help(argc, argv, kpi_usage) ? EXIT_DONE : kpi_measure(argc, argv);
	if (cli_wants_help(argc, argv, kpi_usage))
		return EXIT_DONE;
	/* list is the default */
	return kpi_list(argc, argv, argc >= 2 && !strcmp(argv[1], "list") ? 2 : 1);
}
