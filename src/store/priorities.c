/* priorities.c — weight sets (every committed change of the criteria's weights, kept
 * as a numbered version) and the aggregated assessments a ranking is computed from. */
#include "priorities.h"

#include <math.h>
#include <string.h>

#include "internal.h"
#include "../core/entity.h"
#include "../util/idsearch.h"
#include "../util/timeutil.h"
#include "../util/banned.h"

static int name_index(const char *const *names, const char *s)
{
	for (int k = 0; s && names[k]; k++)
		if (strcmp(s, names[k]) == 0)
			return k;
	return -1;
}

static const char *text_dup(struct arena *a, struct db_stmt *st, int col)
{
	if (db_column_null(st, col))
		return NULL;
	const char *t = db_column_text(st, col);
	return arena_strdup(a, t ? t : "");
}

/* ---- weight sets ---- */

struct live_weights {
	struct weight_item *items;
	size_t n;
};

static enum dti_err read_live_weights(struct store *s, struct arena *a, struct live_weights *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st;
	bool row;
	size_t alloc = 16;
	out->items = arena_alloc(a, alloc * sizeof(*out->items));
	if (!out->items)
		return DTI_ENOMEM;
	enum dti_err err = db_prepare(s->db, "SELECT id, code, direction, weight FROM criteria "
				      "WHERE deleted_at IS NULL ORDER BY id", &st);
	if (err)
		return err;
	while (!(err = db_step(st, &row)) && row) {
		if (out->n == alloc) {
			struct weight_item *bigger = arena_alloc(a, 2 * alloc * sizeof(*bigger));
			if (!bigger) {
				err = DTI_ENOMEM;
				break;
			}
			memcpy(bigger, out->items, alloc * sizeof(*bigger));
			out->items = bigger;
			alloc *= 2;
		}
		struct weight_item *it = &out->items[out->n++];
		it->criterion_id = db_column_int(st, 0);
		it->code = text_dup(a, st, 1);
		it->direction = name_index(criterion_directions, db_column_text(st, 2));
		it->weight = db_column_real(st, 3);
		if (!it->code)
			err = DTI_ENOMEM;
	}
	db_reset(st);
	return err;
}

static enum dti_err read_items(struct store *s, struct arena *a, struct weight_set *set)
{
	struct db_stmt *st;
	bool row;
	int64_t n = 0;
	enum dti_err err = db_query_int(s->db, "SELECT count(*) FROM weight_set_items WHERE "
					"set_id=?", &set->id, &n);
	if (err)
		return err;
	set->items = arena_alloc(a, ((size_t)n + 1) * sizeof(*set->items));
	if (!set->items)
		return DTI_ENOMEM;
	set->n_items = 0;
	err = db_prepare(s->db, "SELECT criterion_id, code, direction, weight FROM "
			 "weight_set_items WHERE set_id=? ORDER BY criterion_id", &st);
	if (err)
		return err;
	db_bind_int(st, 1, set->id);
	while (!(err = db_step(st, &row)) && row && set->n_items < (size_t)n) {
		struct weight_item *it = &set->items[set->n_items++];
		it->criterion_id = db_column_int(st, 0);
		it->code = text_dup(a, st, 1);
		it->direction = name_index(criterion_directions, db_column_text(st, 2));
		it->weight = db_column_real(st, 3);
		if (!it->code) {
			err = DTI_ENOMEM;
			break;
		}
	}
	db_reset(st);
	return err;
}

static const char set_columns[] =
	"SELECT id, created_at, actor, method, consistency_ratio, matrix, note FROM weight_sets";

static enum dti_err read_set_row(struct db_stmt *st, struct arena *a, struct weight_set *set)
{
	memset(set, 0, sizeof(*set));
	set->id = db_column_int(st, 0);
	set->created_at = text_dup(a, st, 1);
	set->actor = text_dup(a, st, 2);
	set->method = text_dup(a, st, 3);
	set->consistency_ratio = db_column_null(st, 4) ? NAN : db_column_real(st, 4);
	set->matrix = text_dup(a, st, 5);
	set->note = text_dup(a, st, 6);
	return set->created_at && set->actor && set->method ? DTI_OK : DTI_ENOMEM;
}

static enum dti_err get_set(struct store *s, int64_t id, struct arena *a, struct weight_set *out)
{
	const char *sql = id ? arena_printf(a, "%s WHERE id=?", set_columns) :
			  arena_printf(a, "%s ORDER BY id DESC LIMIT 1", set_columns);
	struct db_stmt *st;
	bool row = false;
	enum dti_err err = sql ? db_prepare(s->db, sql, &st) : DTI_ENOMEM;
	if (err)
		return err;
	if (id)
		db_bind_int(st, 1, id);
	err = db_step(st, &row);
	if (!err && row)
		err = read_set_row(st, a, out);
	db_reset(st);
	if (!err && !row)
		err = DTI_ENOTFOUND;
	if (!err)
		err = read_items(s, a, out);
	return err;
}

enum dti_err store_weight_set(struct store *s, int64_t id, struct arena *a,
			      struct weight_set *out)
{
	bool own = s->depth == 0;
	enum dti_err err = own ? db_begin_read(s->db) : DTI_OK;
	if (err)
		return err;
	err = get_set(s, id, a, out);
	if (own)
		db_end_read(s->db);
	return err;
}

enum dti_err store_weight_sets(struct store *s, struct arena *a, struct weight_set **out,
			       size_t *out_n)
{
	*out = NULL;
	*out_n = 0;
	bool own = s->depth == 0;
	enum dti_err err = own ? db_begin_read(s->db) : DTI_OK;
	if (err)
		return err;
	struct db_stmt *st;
	bool row;
	int64_t n = 0;
	err = db_query_int(s->db, "SELECT count(*) FROM weight_sets", NULL, &n);
	struct weight_set *sets = err ? NULL : arena_calloc(a, (size_t)n + 1, sizeof(*sets));
	if (!err && !sets)
		err = DTI_ENOMEM;
	size_t k = 0;
	const char *sql = arena_printf(a, "%s ORDER BY id DESC", set_columns);
	if (!err)
		err = sql ? db_prepare(s->db, sql, &st) : DTI_ENOMEM;
	if (!err) {
		while (!(err = db_step(st, &row)) && row && k < (size_t)n) {
			err = read_set_row(st, a, &sets[k++]);
			if (err)
				break;
		}
		db_reset(st);
	}
	for (size_t i = 0; i < k && !err; i++)
		err = read_items(s, a, &sets[i]);
	if (own)
		db_end_read(s->db);
	if (!err) {
		*out = sets;
		*out_n = k;
	}
	return err;
}

static bool same_weights(const struct live_weights *live, const struct weight_set *set)
{
	if (live->n != set->n_items)
		return false;
	for (size_t i = 0; i < live->n; i++) {
		const struct weight_item *x = &live->items[i], *y = &set->items[i];
		if (x->criterion_id != y->criterion_id || x->direction != y->direction ||
		    x->weight != y->weight)
			return false;
	}
	return true;
}

/* Insert the live weights as a new set with origin o; its id into out_id. */
static enum dti_err insert_set(struct store *s, const struct live_weights *live,
			       const struct weights_origin *o, int64_t *out_id)
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	struct db_stmt *st;
	enum dti_err err = db_prepare(s->db, "INSERT INTO weight_sets(created_at, actor, method, "
				      "consistency_ratio, matrix, note) VALUES (?,?,?,?,?,?)", &st);
	if (err)
		return err;
	const char *actor = s->actor ? s->actor : "system";
	db_bind_text(st, 1, now, strlen(now));
	db_bind_text(st, 2, actor, strlen(actor));
	db_bind_text(st, 3, o->method, strlen(o->method));
	if (isnan(o->consistency_ratio))
		db_bind_null(st, 4);
	else
		db_bind_real(st, 4, o->consistency_ratio);
	if (o->matrix)
		db_bind_text(st, 5, o->matrix, strlen(o->matrix));
	else
		db_bind_null(st, 5);
	if (o->note)
		db_bind_text(st, 6, o->note, strlen(o->note));
	else
		db_bind_null(st, 6);
	err = db_run(st);
	if (err)
		return err;
	int64_t id = db_last_insert_id(s->db);
	err = db_prepare(s->db, "INSERT INTO weight_set_items(set_id, criterion_id, code, "
			 "direction, weight) VALUES (?,?,?,?,?)", &st);
	for (size_t i = 0; !err && i < live->n; i++) {
		const struct weight_item *it = &live->items[i];
		const char *dir = it->direction >= 0 ? criterion_directions[it->direction] : "benefit";
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, it->criterion_id);
		db_bind_text(st, 3, it->code, strlen(it->code));
		db_bind_text(st, 4, dir, strlen(dir));
		db_bind_real(st, 5, it->weight);
		err = db_run(st);
	}
	if (!err)
		*out_id = id;
	return err;
}

enum dti_err weights_snapshot(struct store *s)
{
	struct arena *a = arena_new();
	if (!a)
		return DTI_ENOMEM;
	struct live_weights live;
	struct weight_set newest;
	enum dti_err err = read_live_weights(s, a, &live);
	bool changed = true;
	if (!err) {
		err = get_set(s, 0, a, &newest);
		if (err == DTI_ENOTFOUND) {
			err = DTI_OK;
			changed = live.n > 0;
		} else if (!err) {
			changed = !same_weights(&live, &newest);
		}
	}
	int64_t id;
	static const struct weights_origin direct = { "direct", NAN, NULL, NULL };
	if (!err && changed)
		err = insert_set(s, &live, &direct, &id);
	arena_free(a);
	return err;
}

enum dti_err store_set_weights(struct store *s, const int64_t *ids, const double *weights,
			       size_t n, const struct weights_origin *origin, struct arena *a,
			       struct field_errors *errs, int64_t *out_set_id)
{
	const struct entity_desc *d = entity_get(ENTITY_CRITERION);
	enum dti_err err = write_begin(s);
	if (err)
		return err;
	struct live_weights live;
	err = read_live_weights(s, a, &live);
	bool bad = false, any = false;
	bool *named = err ? NULL : arena_calloc(a, live.n + 1, sizeof(bool));
	if (!err && !named)
		err = DTI_ENOMEM;
	for (size_t i = 0; !err && i < n; i++) {
		size_t k = 0;
		while (k < live.n && live.items[k].criterion_id != ids[i])
			k++;
		const char *msg = NULL;
		if (k == live.n)
			msg = arena_printf(a, "there is no live criterion with id %lld",
					   (long long)ids[i]);
		else if (named[k])
			msg = arena_printf(a, "criterion %s is given twice", live.items[k].code);
		else if (!isfinite(weights[i]) || weights[i] < 0 || weights[i] > 1e6)
			msg = arena_printf(a, "the weight of %s must be a number from 0 to 1000000",
					   live.items[k].code);
		if (msg) {
			bad = true;
			if (field_errors_add(errs, 0, "weights", "%s", msg))
				err = DTI_ENOMEM;
			continue;
		}
		named[k] = true;
		any = any || weights[i] > 0;
	}
	for (size_t k = 0; !err && k < live.n; k++)
		if (!named[k] && !bad) {
			bad = true;
			if (field_errors_add(errs, 0, "weights", "criterion %s has no weight: give "
					     "every criterion a weight (0 leaves it out)",
					     live.items[k].code))
				err = DTI_ENOMEM;
		}
	if (!err && !bad && !any) {
		bad = true;
		if (field_errors_add(errs, 0, "weights", "the weights are all 0: at least one "
				     "criterion must count"))
			err = DTI_ENOMEM;
	}
	if (!err && bad)
		err = DTI_EINVAL;
	for (size_t i = 0; !err && i < n; i++) {
		void *row;
		err = store_get(s, d, ids[i], false, a, &row);
		if (err)
			break;
		struct criterion *c = row;
		if (c->weight == weights[i])
			continue;
		c->weight = weights[i];
		err = store_update(s, d, c, c->row.version, a, errs);
	}
	if (!err)
		err = read_live_weights(s, a, &live);
	if (!err)
		err = insert_set(s, &live, origin, out_set_id);
	/* this set is the transaction's record of the weights */
	s->criteria_dirty = false;
	return write_end(s, err);
}

/* ---- the raw material of a ranking ---- */

static enum dti_err read_criteria(struct store *s, struct arena *a, struct priority_data *out)
{
	struct db_stmt *st;
	bool row;
	int64_t n = 0;
	enum dti_err err = db_query_int(s->db, "SELECT count(*) FROM criteria WHERE deleted_at "
					"IS NULL", NULL, &n);
	if (err)
		return err;
	out->crit = arena_calloc(a, (size_t)n + 1, sizeof(*out->crit));
	if (!out->crit)
		return DTI_ENOMEM;
	err = db_prepare(s->db, "SELECT id, code, name, name_zh, direction, weight, suggest FROM "
			 "criteria WHERE deleted_at IS NULL ORDER BY position, id", &st);
	if (err)
		return err;
	while (!(err = db_step(st, &row)) && row && out->n_crit < (size_t)n) {
		struct priority_criterion *c = &out->crit[out->n_crit++];
		c->id = db_column_int(st, 0);
		c->code = text_dup(a, st, 1);
		c->name = text_dup(a, st, 2);
		c->name_zh = text_dup(a, st, 3);
		c->direction = name_index(criterion_directions, db_column_text(st, 4));
		c->weight = db_column_real(st, 5);
		c->suggest = name_index(criterion_suggestions, db_column_text(st, 6));
		if (c->direction < 0)
			c->direction = 0;
		if (c->suggest < 0)
			c->suggest = 0;
		if (!c->code || !c->name) {
			err = DTI_ENOMEM;
			break;
		}
	}
	db_reset(st);
	return err;
}

static size_t crit_index(const struct priority_data *p, int64_t id)
{
	for (size_t k = 0; k < p->n_crit; k++)
		if (p->crit[k].id == id)
			return k;
	return p->n_crit;
}

static enum dti_err grow_processes(struct arena *a, struct priority_data *p, size_t *alloc)
{
	size_t n = *alloc ? *alloc * 2 : 256, m = p->n_crit ? p->n_crit : 1;
	struct priority_process *proc = arena_alloc(a, n * sizeof(*proc));
	double *mean = arena_alloc(a, n * m * sizeof(double));
	double *spread = arena_alloc(a, n * m * sizeof(double));
	uint32_t *cnt = arena_alloc(a, n * m * sizeof(uint32_t));
	if (!proc || !mean || !spread || !cnt)
		return DTI_ENOMEM;
	if (p->n_proc) {
		memcpy(proc, p->proc, p->n_proc * sizeof(*proc));
		memcpy(mean, p->mean, p->n_proc * m * sizeof(double));
		memcpy(spread, p->spread, p->n_proc * m * sizeof(double));
		memcpy(cnt, p->n_scores, p->n_proc * m * sizeof(uint32_t));
	}
	p->proc = proc;
	p->mean = mean;
	p->spread = spread;
	p->n_scores = cnt;
	*alloc = n;
	return DTI_OK;
}

/* The facts of the process at the current row of st (the columns of read_scores'
 * process query). */
static bool process_facts(struct db_stmt *st, struct arena *a, struct priority_process *p)
{
	p->id = db_column_int(st, 0);
	p->code = text_dup(a, st, 1);
	p->name = text_dup(a, st, 2);
	p->name_zh = text_dup(a, st, 3);
	p->unit_id = db_column_int(st, 4);
	p->owner_id = db_column_int(st, 5);
	p->status = name_index(process_statuses, db_column_text(st, 6));
	p->nature = db_column_null(st, 7) ? -1 : name_index(process_natures, db_column_text(st, 7));
	p->volume = db_column_null(st, 8) ? -1 : db_column_int(st, 8);
	p->change_cost = db_column_null(st, 9) ? NAN : db_column_real(st, 9);
	p->change_hours = db_column_null(st, 10) ? NAN : db_column_real(st, 10);
	p->change_from = text_dup(a, st, 11);
	p->change_to = text_dup(a, st, 12);
	if (p->status < 0)
		p->status = 0;
	return p->code && p->name;
}

static enum dti_err read_scores(struct store *s, struct arena *a, struct priority_data *out)
{
	/* Two streams in process id order, merged here: the live processes (by rowid)
	 * and the scores grouped per process and criterion (along the index on
	 * process, criterion, assessor). Joining them in SQL made SQLite sort every
	 * joined row: twice the time at 100,000 processes. */
	static const char processes_sql[] =
		"SELECT id, code, name, name_zh, coalesce(unit_id, 0), coalesce(owner_id, 0), "
		"status, nature, volume_per_year, change_cost, change_hours, change_from, "
		"change_to FROM processes WHERE deleted_at IS NULL ORDER BY id";
	static const char scores_sql[] =
		"SELECT process_id, criterion_id, avg(score), max(score) - min(score), count(*) "
		"FROM assessments WHERE deleted_at IS NULL GROUP BY process_id, criterion_id "
		"ORDER BY process_id, criterion_id";
	struct db_stmt *ps, *ss;
	bool p_row = false, s_row = false;
	size_t alloc = 0, m = out->n_crit;
	enum dti_err err = db_prepare(s->db, processes_sql, &ps);
	if (err)
		return err;
	err = db_prepare(s->db, scores_sql, &ss);
	if (err) {
		db_reset(ps);
		return err;
	}
	err = db_step(ps, &p_row);
	while (!err && !(err = db_step(ss, &s_row)) && s_row) {
		int64_t id = db_column_int(ss, 0);
		size_t k = crit_index(out, db_column_int(ss, 1));
		if (k == m)
			continue;	/* a deleted criterion */
		while (!err && p_row && db_column_int(ps, 0) < id)
			err = db_step(ps, &p_row);
		if (err || !p_row || db_column_int(ps, 0) != id)
			continue;	/* a deleted process */
		if (!out->n_proc || out->proc[out->n_proc - 1].id != id) {
			if (out->n_proc == alloc && (err = grow_processes(a, out, &alloc)))
				break;
			if (!process_facts(ps, a, &out->proc[out->n_proc])) {
				err = DTI_ENOMEM;
				break;
			}
			for (size_t c = 0; c < m; c++) {
				out->mean[out->n_proc * m + c] = NAN;
				out->spread[out->n_proc * m + c] = NAN;
				out->n_scores[out->n_proc * m + c] = 0;
			}
			out->n_proc++;
		}
		size_t at = (out->n_proc - 1) * m + k;
		out->mean[at] = db_column_real(ss, 2);
		out->spread[at] = db_column_real(ss, 3);
		out->n_scores[at] = (uint32_t)db_column_int(ss, 4);
	}
	db_reset(ss);
	db_reset(ps);
	return err;
}

enum dti_err store_priority_data(struct store *s, struct arena *a, struct priority_data *out)
{
	memset(out, 0, sizeof(*out));
	bool own = s->depth == 0;
	enum dti_err err = own ? db_begin_read(s->db) : DTI_OK;
	if (err)
		return err;
	err = read_criteria(s, a, out);
	if (!err)
		err = db_query_int(s->db, "SELECT coalesce(max(id), 0) FROM weight_sets", NULL,
				   &out->weight_set_id);
	if (!err && out->n_crit)
		err = read_scores(s, a, out);
	if (own)
		db_end_read(s->db);
	return err;
}

/* ---- KPIs and their measurements ---- */

enum dti_err store_kpi_series(struct store *s, int64_t process_id, int64_t kpi_id,
			      struct arena *a, struct kpi_series **out, size_t *out_n)
{
	*out = NULL;
	*out_n = 0;
	bool own = s->depth == 0;
	enum dti_err err = own ? db_begin_read(s->db) : DTI_OK;
	if (err)
		return err;
	struct db_stmt *st;
	bool row;
	size_t n = 0, alloc = 0;
	struct kpi_series *list = NULL;
	err = db_prepare(s->db, "SELECT id FROM kpis WHERE deleted_at IS NULL AND (?1 = 0 OR "
			 "process_id = ?1) AND (?2 = 0 OR id = ?2) ORDER BY code", &st);
	if (!err) {
		db_bind_int(st, 1, process_id);
		db_bind_int(st, 2, kpi_id);
		while (!(err = db_step(st, &row)) && row) {
			if (n == alloc) {
				size_t bigger = alloc ? alloc * 2 : 16;
				struct kpi_series *l = arena_calloc(a, bigger, sizeof(*l));
				if (!l) {
					err = DTI_ENOMEM;
					break;
				}
				if (n)
					memcpy(l, list, n * sizeof(*l));
				list = l;
				alloc = bigger;
			}
			list[n++].kpi = (void *)(intptr_t)db_column_int(st, 0);
		}
		db_reset(st);
	}
	const struct entity_desc *d = entity_get(ENTITY_KPI);
	for (size_t i = 0; !err && i < n; i++) {
		void *r;
		err = store_get(s, d, (int64_t)(intptr_t)list[i].kpi, false, a, &r);
		list[i].kpi = r;
	}
	/* the measurements of those KPIs, by KPI and date */
	if (!err)
		err = db_prepare(s->db, "SELECT m.kpi_id, m.measured_on, m.value FROM "
				 "kpi_measurements m JOIN kpis k ON k.id = m.kpi_id AND "
				 "k.deleted_at IS NULL WHERE m.deleted_at IS NULL AND (?1 = 0 OR "
				 "k.process_id = ?1) AND (?2 = 0 OR k.id = ?2) ORDER BY m.kpi_id, "
				 "m.measured_on", &st);
	if (!err) {
		db_bind_int(st, 1, process_id);
		db_bind_int(st, 2, kpi_id);
		size_t cur = SIZE_MAX, room = 0;
		while (!(err = db_step(st, &row)) && row) {
			int64_t k = db_column_int(st, 0);
			if (cur == SIZE_MAX || list[cur].kpi->row.id != k) {
				cur = SIZE_MAX;
				for (size_t i = 0; i < n; i++)
					if (list[i].kpi->row.id == k)
						cur = i;
				room = 0;
				if (cur == SIZE_MAX)
					continue;
			}
			struct kpi_series *ks = &list[cur];
			if (ks->n_points == room) {
				size_t bigger = room ? room * 2 : 16;
				struct kpi_point *p = arena_alloc(a, bigger * sizeof(*p));
				const char **dates = arena_alloc(a, bigger * sizeof(*dates));
				if (!p || !dates) {
					err = DTI_ENOMEM;
					break;
				}
				if (ks->n_points) {
					memcpy(p, ks->points, ks->n_points * sizeof(*p));
					memcpy(dates, ks->dates, ks->n_points * sizeof(*dates));
				}
				ks->points = p;
				ks->dates = dates;
				room = bigger;
			}
			long day = 0;
			const char *on = db_column_text(st, 1);
			(void)date_days(on, &day);
			ks->dates[ks->n_points] = arena_strdup(a, on ? on : "");
			ks->points[ks->n_points].day = (double)day;
			ks->points[ks->n_points].value = db_column_real(st, 2);
			if (!ks->dates[ks->n_points]) {
				err = DTI_ENOMEM;
				break;
			}
			ks->n_points++;
		}
		db_reset(st);
	}
	if (own)
		db_end_read(s->db);
	if (!err) {
		*out = list;
		*out_n = n;
	}
	return err;
}

/* ---- keeping the raw material up to date ---- */

enum dti_err store_priority_changes(struct store *s, const struct store_stamp *since,
				    const struct store_stamp *now, size_t max, struct arena *a,
				    struct priority_changes *out)
{
	memset(out, 0, sizeof(*out));
	if (now->change <= since->change || now->change - since->change > (int64_t)max) {
		out->full = true;
		return DTI_OK;
	}
	bool own = s->depth == 0;
	enum dti_err err = own ? db_begin_read(s->db) : DTI_OK;
	if (err)
		return err;
	struct db_stmt *st;
	bool row = false;
	/* the entry the data was read at must still be there, unchanged (a restore
	 * may have put other content under the same numbers) */
	err = db_prepare(s->db, "SELECT substr(hash, 1, 16) FROM audit_log WHERE seq=?", &st);
	if (!err) {
		db_bind_int(st, 1, since->change);
		err = db_step(st, &row);
		if (!err && (since->change ? !row || strcmp(db_column_text(st, 0), since->hash) :
			     false))
			out->full = true;
		if (!err)
			db_reset(st);
	}
	out->assessment_ids = err ? NULL : arena_alloc(a, (max + 1) * sizeof(int64_t));
	if (!err && !out->assessment_ids)
		err = DTI_ENOMEM;
	if (!err && !out->full)
		err = db_prepare(s->db, "SELECT entity, coalesce(entity_id, 0) FROM audit_log WHERE "
				 "seq > ? AND seq <= ? ORDER BY seq", &st);
	if (!err && !out->full) {
		db_bind_int(st, 1, since->change);
		db_bind_int(st, 2, now->change);
		while (!(err = db_step(st, &row)) && row) {
			const char *entity = db_column_text(st, 0);
			int64_t id = db_column_int(st, 1);
			if (strcmp(entity, "assessments") == 0 && id && out->n < max) {
				out->assessment_ids[out->n++] = id;
			} else if (strcmp(entity, "assessments") == 0 ||
				   strcmp(entity, "processes") == 0 ||
				   strcmp(entity, "criteria") == 0 || strcmp(entity, "database") == 0) {
				/* an import, a process's facts, the criteria or weights, a
				 * restore: read everything again */
				out->full = true;
				break;
			}
		}
		db_reset(st);
	}
	if (own)
		db_end_read(s->db);
	return err;
}

static size_t process_index(const struct priority_data *d, int64_t id)
{
	return d->n_proc ? id_search(&d->proc[0].id, d->n_proc, sizeof(d->proc[0]), id) :
	       SIZE_MAX;
}

/* Aggregate process p's live scores again into row i of d; *out_gone when none is
 * left on a live criterion. */
static enum dti_err refresh_process(struct store *s, struct priority_data *d, size_t i,
				    bool *out_gone)
{
	size_t m = d->n_crit;
	for (size_t k = 0; k < m; k++) {
		d->mean[i * m + k] = NAN;
		d->spread[i * m + k] = NAN;
		d->n_scores[i * m + k] = 0;
	}
	struct db_stmt *st;
	bool row;
	size_t kept = 0;
	enum dti_err err = db_prepare(s->db, "SELECT criterion_id, avg(score), max(score) - "
				      "min(score), count(*) FROM assessments WHERE process_id=? AND "
				      "deleted_at IS NULL GROUP BY criterion_id", &st);
	if (err)
		return err;
	db_bind_int(st, 1, d->proc[i].id);
	while (!(err = db_step(st, &row)) && row) {
		size_t k = crit_index(d, db_column_int(st, 0));
		if (k == m)
			continue;
		d->mean[i * m + k] = db_column_real(st, 1);
		d->spread[i * m + k] = db_column_real(st, 2);
		d->n_scores[i * m + k] = (uint32_t)db_column_int(st, 3);
		kept++;
	}
	db_reset(st);
	*out_gone = kept == 0;
	return err;
}

enum dti_err store_priority_refresh(struct store *s, struct priority_data *d,
				    const int64_t *assessment_ids, size_t n, bool *out_full)
{
	*out_full = false;
	bool own = s->depth == 0;
	enum dti_err err = own ? db_begin_read(s->db) : DTI_OK;
	if (err)
		return err;
	struct db_stmt *st;
	for (size_t j = 0; !err && !*out_full && j < n; j++) {
		bool row = false;
		int64_t process = 0;
		err = db_prepare(s->db, "SELECT process_id FROM assessments WHERE id=?", &st);
		if (err)
			break;
		db_bind_int(st, 1, assessment_ids[j]);
		err = db_step(st, &row);
		if (!err && row)
			process = db_column_int(st, 0);
		db_reset(st);
		size_t i = err || !row ? SIZE_MAX : process_index(d, process);
		/* a process newly assessed must be placed in the data: read it all */
		if (!err && i == SIZE_MAX) {
			*out_full = true;
			break;
		}
		bool gone = false;
		if (!err)
			err = refresh_process(s, d, i, &gone);
		if (!err && gone)
			*out_full = true;
	}
	if (own)
		db_end_read(s->db);
	return err;
}
