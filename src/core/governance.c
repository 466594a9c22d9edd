/* governance.c — loss-risk findings over the register of information assets, and
 * what falls due for disposition. */
#include "governance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entity.h"
#include "../util/idsearch.h"
#include "../util/timeutil.h"
#include "../util/banned.h"

const char *const gov_rule_names[] = { "no_owner", "single_copy", "paper_in_digital",
				       "retention_due", "sensitive_published", "not_reviewed",
				       "system_no_owner", NULL };
const char *const gov_severity_names[] = { "low", "medium", "high", NULL };

enum { CLASS_PUBLIC = 0, CLASS_CONFIDENTIAL = 2 };
enum { MEDIUM_PAPER = 0 };
enum { KIND_SYSTEM = 3 };
enum { LIFE_DISPOSE = 5 };
enum { LINK_PUBLISHES = 3 };
enum { NATURE_DIGITAL = 3 };

/* Copy the first 10 characters of a date and check it. */
static bool date_of(const char *s, int *y, int *m, int *d)
{
	if (!s || !date_valid(s))
		return false;
	return sscanf(s, "%4d-%2d-%2d", y, m, d) == 3;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* date + months (the day kept, or the month's last day), into out. */
static bool add_months(const char *date, int months, char out[11])
{
	int y, m, d;
	if (!date_of(date, &y, &m, &d))
		return false;
	int total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int max = m == 2 && leap(y) ? 29 : mdays[m - 1];
	if (d > max)
		d = max;
	if (y > 9999 || y < 0)
		return false;
	char buf[32];
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
	memcpy(out, buf, 11);
	return true;
}

bool governance_due_date(const struct gov_asset *x, char out[11])
{
	if (x->retention_years < 0 || !x->retention_from || x->retention_years > 1000)
		return false;
	return add_months(x->retention_from, (int)x->retention_years * 12, out);
}

struct finder {
	const struct gov_data *d;
	struct arena *a;
	struct gov_finding *items;
	size_t n, alloc;
};

static enum dti_err add(struct finder *f, enum gov_rule rule, enum gov_severity sev,
			size_t asset, int64_t process, const char *text, const char *hint,
			const char *due)
{
	if (!text || !hint)
		return DTI_ENOMEM;
	if (f->n == f->alloc) {
		size_t bigger = f->alloc ? f->alloc * 2 : 64;
		struct gov_finding *items = arena_alloc(f->a, bigger * sizeof(*items));
		if (!items)
			return DTI_ENOMEM;
		if (f->n)
			memcpy(items, f->items, f->n * sizeof(*items));
		f->items = items;
		f->alloc = bigger;
	}
	f->items[f->n++] = (struct gov_finding){ rule, sev, asset, process, text, hint, due };
	return DTI_OK;
}

/* Index of asset id (assets sorted by id), or SIZE_MAX. */
static size_t asset_index(const struct gov_data *d, int64_t id)
{
	return d->n_assets ? id_search(&d->assets[0].id, d->n_assets, sizeof(d->assets[0]), id) :
	       SIZE_MAX;
}

/* A classification in words: "strictly confidential", not "strictly_confidential". */
static const char *class_words(struct arena *a, int classification)
{
	char *w = arena_strdup(a, asset_classifications[classification]);
	for (char *p = w; p && *p; p++)
		if (*p == '_')
			*p = ' ';
	return w ? w : "";
}

static bool sensitive(const struct gov_asset *x)
{
	return x->classification >= CLASS_CONFIDENTIAL || x->personal_data;
}

static enum dti_err asset_rules(struct finder *f, size_t i, const struct gov_opts *o,
				const size_t *n_backups, const size_t *n_copies,
				const size_t *n_critical_held, const char *review_before)
{
	const struct gov_asset *x = &f->d->assets[i];
	struct arena *a = f->a;
	enum dti_err err = DTI_OK;
	if (!x->owner_id)
		err = add(f, GOV_NO_OWNER, x->critical || x->classification >= CLASS_CONFIDENTIAL ?
			  GOV_HIGH : GOV_MEDIUM, i, 0,
			  arena_printf(a, "%s has no owner: nobody answers for keeping it",
				       x->code),
			  arena_strdup(a, "name its owner, the person accountable for the asset "
				       "across its lifecycle"), NULL);
	if (!err && x->classification != CLASS_PUBLIC && n_backups[i] == 0)
		err = add(f, GOV_SINGLE_COPY, x->critical || x->classification >= CLASS_CONFIDENTIAL ?
			  GOV_HIGH : GOV_MEDIUM, i, 0,
			  n_copies[i] ? arena_printf(a, "%s (%s) is kept in %zu place%s and none "
						     "of them is a backup: one loss and it is gone",
						     x->code, class_words(a, x->classification),
						     n_copies[i], n_copies[i] == 1 ? "" : "s") :
			  arena_printf(a, "%s (%s) has no registered copy, let alone a backup",
				       x->code, class_words(a, x->classification)),
			  arena_strdup(a, "keep a backup copy in a second place (a backed-up system, "
				       "the archive, a second site) and register it"), NULL);
	char due[11];
	if (!err && governance_due_date(x, due) && strcmp(due, o->today) <= 0)
		err = add(f, GOV_RETENTION_DUE, GOV_MEDIUM, i, 0,
			  arena_printf(a, "%s's retention of %lld years ended on %s: it is due for "
				       "disposition (%s)", x->code, (long long)x->retention_years, due,
				       x->disposition >= 0 ? asset_dispositions[x->disposition] :
				       "no disposition set"),
			  arena_strdup(a, "carry out the disposition (destroy, transfer to the "
				       "archives or review) and record it, or extend the retention "
				       "with its reason"), arena_strdup(a, due));
	if (!err && (!x->last_reviewed || strcmp(x->last_reviewed, review_before) < 0))
		err = add(f, GOV_NOT_REVIEWED, GOV_LOW, i, 0,
			  x->last_reviewed ? arena_printf(a, "%s was last reviewed on %s, more "
							  "than %d months ago", x->code,
							  x->last_reviewed, o->review_months) :
			  arena_printf(a, "%s has never been reviewed", x->code),
			  arena_strdup(a, "review its owner, classification, copies and retention, "
				       "then set last_reviewed"), NULL);
	if (!err && x->kind == KIND_SYSTEM && !x->owner_id && n_critical_held[i])
		err = add(f, GOV_SYSTEM_NO_OWNER, GOV_HIGH, i, 0,
			  arena_printf(a, "system %s holds %zu critical asset%s and has no owner",
				       x->code, n_critical_held[i],
				       n_critical_held[i] == 1 ? "" : "s"),
			  arena_strdup(a, "name the system's owner: who keeps it running, backed up "
				       "and migrated"), NULL);
	return err;
}

/* A critical asset held by a system (indexes into the assets). */
struct held {
	size_t sys, asset;
};

static int cmp_held(const void *x, const void *y)
{
	const struct held *a = x, *b = y;
	if (a->sys != b->sys)
		return a->sys < b->sys ? -1 : 1;
	return a->asset < b->asset ? -1 : a->asset > b->asset;
}

enum dti_err governance_check(const struct gov_data *d, const struct gov_opts *o,
			      struct arena *a, struct gov_finding **out, size_t *out_n)
{
	*out = NULL;
	*out_n = 0;
	char review_before[11];
	if (!o->today || !date_valid(o->today) || o->review_months < 1 ||
	    o->review_months > 600 || !add_months(o->today, -o->review_months, review_before))
		return DTI_EINVAL;
	size_t n = d->n_assets ? d->n_assets : 1;
	size_t *n_copies = arena_calloc(a, n, sizeof(size_t));
	size_t *n_backups = arena_calloc(a, n, sizeof(size_t));
	size_t *n_critical_held = arena_calloc(a, n, sizeof(size_t));
	if (!n_copies || !n_backups || !n_critical_held)
		return DTI_ENOMEM;
	/* (system, critical asset) pairs, counted once each however many copies */
	struct held *held = arena_alloc(a, (d->n_copies + 1) * sizeof(*held));
	if (!held)
		return DTI_ENOMEM;
	size_t n_held = 0;
	for (size_t k = 0; k < d->n_copies; k++) {
		const struct gov_copy *c = &d->copies[k];
		size_t i = asset_index(d, c->asset_id);
		if (i == SIZE_MAX)
			continue;
		n_copies[i]++;
		n_backups[i] += c->is_backup;
		size_t sys = c->system_id ? asset_index(d, c->system_id) : SIZE_MAX;
		if (sys != SIZE_MAX && d->assets[i].critical)
			held[n_held++] = (struct held){ sys, i };
	}
	qsort(held, n_held, sizeof(*held), cmp_held);
	for (size_t k = 0; k < n_held; k++)
		if (k == 0 || held[k].sys != held[k - 1].sys || held[k].asset != held[k - 1].asset)
			n_critical_held[held[k].sys]++;
	/* each asset's links, in their order: links_of[first[i] .. first[i + 1]) */
	size_t *first = arena_calloc(a, n + 1, sizeof(size_t));
	size_t *at = arena_calloc(a, n + 1, sizeof(size_t));
	size_t *links_of = arena_alloc(a, (d->n_links + 1) * sizeof(size_t));
	if (!first || !at || !links_of)
		return DTI_ENOMEM;
	for (size_t k = 0; k < d->n_links; k++) {
		size_t i = asset_index(d, d->links[k].asset_id);
		if (i != SIZE_MAX)
			first[i + 1]++;
	}
	for (size_t i = 0; i < n; i++) {
		first[i + 1] += first[i];
		at[i] = first[i];
	}
	for (size_t k = 0; k < d->n_links; k++) {
		size_t i = asset_index(d, d->links[k].asset_id);
		if (i != SIZE_MAX)
			links_of[at[i]++] = k;
	}
	struct finder f = { d, a, NULL, 0, 0 };
	enum dti_err err = DTI_OK;
	for (size_t i = 0; i < d->n_assets && !err; i++) {
		const struct gov_asset *x = &d->assets[i];
		if (x->lifecycle == LIFE_DISPOSE)
			continue;
		err = asset_rules(&f, i, o, n_backups, n_copies, n_critical_held, review_before);
		/* the rules on the asset's links to processes */
		for (size_t j = first[i]; j < first[i + 1] && !err; j++) {
			const struct gov_link *l = &d->links[links_of[j]];
			if (x->medium == MEDIUM_PAPER && l->process_nature == NATURE_DIGITAL &&
			    l->kind != LINK_PUBLISHES)
				err = add(&f, GOV_PAPER_IN_DIGITAL, GOV_MEDIUM, i, l->process_id,
					  arena_printf(a, "%s exists on paper only, but the digital "
						       "process %s %s it", x->code, l->process_code,
						       asset_link_kinds[l->kind]),
					  arena_strdup(a, "digitise the asset (or register its digital "
						       "copy), so that the process does not re-key or "
						       "lose it"), NULL);
			if (!err && l->kind == LINK_PUBLISHES && sensitive(x))
				err = add(&f, GOV_SENSITIVE_PUBLISHED, GOV_HIGH, i, l->process_id,
					  arena_printf(a, "%s is %s%s, yet process %s publishes it",
						       x->code, class_words(a, x->classification),
						       x->personal_data ? " and holds personal data" :
						       "", l->process_code),
					  arena_strdup(a, "stop publishing it, publish an anonymised or "
						       "public extract instead, or correct its "
						       "classification"), NULL);
		}
	}
	if (err)
		return err;
	*out = f.items;
	*out_n = f.n;
	return DTI_OK;
}

static int by_due(const void *x, const void *y, void *ctx)
{
	const struct gov_due *a = x, *b = y;
	const struct gov_data *d = ctx;
	int c = strcmp(a->due, b->due);
	return c ? c : strcmp(d->assets[a->asset].code, d->assets[b->asset].code);
}

enum dti_err governance_schedule(const struct gov_data *d, const char *today, int months,
				 struct arena *a, struct gov_due **out, size_t *out_n)
{
	*out = NULL;
	*out_n = 0;
	char until[11];
	if (!today || !date_valid(today) || months < 1 || months > 120 ||
	    !add_months(today, months, until))
		return DTI_EINVAL;
	struct gov_due *items = arena_alloc(a, (d->n_assets + 1) * sizeof(*items));
	if (!items)
		return DTI_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < d->n_assets; i++) {
		char due[11];
		if (d->assets[i].lifecycle == LIFE_DISPOSE || !governance_due_date(&d->assets[i], due) ||
		    strcmp(due, until) > 0)
			continue;
		items[n].asset = i;
		items[n].due = arena_strdup(a, due);
		items[n].overdue = strcmp(due, today) < 0;
		if (!items[n].due)
			return DTI_ENOMEM;
		n++;
	}
	qsort_r(items, n, sizeof(*items), by_due, (void *)d);
	*out = items;
	*out_n = n;
	return DTI_OK;
}
