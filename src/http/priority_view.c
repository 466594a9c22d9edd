/* priority_view.c — the aggregated assessments a worker thread keeps in memory for
 * rankings, quick wins and portfolios, read again when the store's stamp says
 * something changed (like the dependency graph, graph_view.c). */
#include "http.h"

#include "../store/priorities.h"
#include "../util/alloc.h"
#include "../util/log.h"
#include "../util/banned.h"

/* More assessments written than this since the data was read: read it all again. */
#define PRIORITY_PATCH_MAX 2000

void priority_view_free(struct priority_view *v)
{
	if (!v)
		return;
	arena_free(v->arena);
	dti_free(v);
}

static void free_view(void *v)
{
	priority_view_free(v);
}

const struct priority_view *http_priorities(struct http_ctx *c)
{
	struct store_stamp stamp;
	enum dti_err err = store_stamp(c->store, &stamp);
	struct priority_view *kept = c->priority_slot ? *c->priority_slot : NULL;
	if (!err && kept && store_stamp_equal(&kept->stamp, &stamp))
		return kept;
	/* only assessments written since: aggregate their processes again in place
	 * (an assessment workshop would otherwise re-read every score on each view) */
	if (!err && kept) {
		struct priority_changes ch;
		bool full = true;
		err = store_priority_changes(c->store, &kept->stamp, &stamp, PRIORITY_PATCH_MAX,
					     c->arena, &ch);
		if (!err && !ch.full)
			err = store_priority_refresh(c->store, &kept->data, ch.assessment_ids, ch.n,
						     &full);
		if (!err && !full) {
			log_msg(LOG_DEBUG, "priorities: %zu assessment change(s) patched in place",
				ch.n);
			kept->stamp = stamp;
			return kept;
		}
	}
	struct priority_view *v = err ? NULL : dti_calloc(1, sizeof(*v));
	if (!err && !v)
		err = DTI_ENOMEM;
	if (!err) {
		v->arena = arena_new();
		err = v->arena ? store_priority_data(c->store, v->arena, &v->data) : DTI_ENOMEM;
		v->stamp = stamp;
	}
	if (err) {
		priority_view_free(v);
		http_reply_error(c, err, NULL, NULL);
		return NULL;
	}
	if (c->priority_slot) {
		priority_view_free(*c->priority_slot);
		*c->priority_slot = v;
	} else if (arena_cleanup(c->arena, free_view, v)) {
		priority_view_free(v);
		http_reply_error(c, DTI_ENOMEM, NULL, NULL);
		return NULL;
	}
	return v;
}
