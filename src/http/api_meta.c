/* api_meta.c — health, statistics, and the index page that lists the API. */
#include "api.h"
#include "../util/banned.h"

void api_health(struct http_ctx *c)
{
	int64_t n;
	enum dti_err err = store_count(c->store, entity_get(ENTITY_UNIT), &n);
	if (err) {
		http_reply_problem(c, 503, NULL, "the database cannot be read");
		return;
	}
	http_reply_json(c, 200, json_pack("{s:s,s:s}", "status", "ok", "version", DTI_VERSION));
}

static json_t *counts(const struct stat_count *items, size_t n, bool units)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++) {
		json_t *o = units ?
			json_pack("{s:o?,s:s?,s:s?,s:I}", "unit_id",
				  items[i].id ? json_integer(items[i].id) : NULL, "code",
				  items[i].key, "name", items[i].label, "count",
				  (json_int_t)items[i].count) :
			json_pack("{s:s?,s:I}", "value", items[i].key, "count",
				  (json_int_t)items[i].count);
		json_array_append_new(a, o);
	}
	return a;
}

/* by_unit_nature: [{"unit_id","nature","count","volume"}], unit_id and nature null
 * for processes without them. */
static json_t *unit_nature(const struct stat_unit_nature *items, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++) {
		const struct stat_unit_nature *g = &items[i];
		json_t *unit = g->unit_id ? json_integer(g->unit_id) : NULL;
		json_array_append_new(a, json_pack("{s:o?,s:s?,s:I,s:I}", "unit_id", unit,
						   "nature", g->nature, "count",
						   (json_int_t)g->count, "volume",
						   (json_int_t)g->volume));
	}
	return a;
}

void api_stats(struct http_ctx *c)
{
	struct stats st;
	enum dti_err err = store_stats(c->store, c->arena, &st);
	if (err) {
		http_reply_error(c, err, NULL, NULL);
		return;
	}
	json_t *o = json_pack("{s:{s:I,s:I,s:I,s:I,s:I},s:o,s:o,s:o,s:o}", "totals", "processes",
			      (json_int_t)st.processes, "dependencies", (json_int_t)st.dependencies,
			      "units", (json_int_t)st.units, "people", (json_int_t)st.people,
			      "goals", (json_int_t)st.goals, "by_nature",
			      counts(st.by_nature, st.n_by_nature, false), "by_status",
			      counts(st.by_status, st.n_by_status, false), "by_unit",
			      counts(st.by_unit, st.n_by_unit, true), "by_unit_nature",
			      unit_nature(st.by_unit_nature, st.n_by_unit_nature));
	http_reply_json(c, 200, o);
}

static const char index_html[] =
	"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	"<title>dti</title></head><body>\n"
	"<h1>dti — digital transformation workbench</h1>\n"
	"<p>The web app is not built yet. The JSON API is served under <code>/api/v1</code>:</p>\n"
	"<ul>\n"
	"<li><a href=\"/api/v1/health\">GET /api/v1/health</a></li>\n"
	"<li><a href=\"/api/v1/stats\">GET /api/v1/stats</a> — counts by nature, status and unit, and digitisation by unit</li>\n"
	"<li><a href=\"/api/v1/units\">/api/v1/units</a></li>\n"
	"<li><a href=\"/api/v1/people\">/api/v1/people</a></li>\n"
	"<li><a href=\"/api/v1/goals\">/api/v1/goals</a></li>\n"
	"<li><a href=\"/api/v1/processes\">/api/v1/processes</a> "
	"(<code>?q=</code>, <code>?nature=</code>, <code>?status=</code>, <code>?kind=</code>, "
	"<code>?unit_id=</code> with sub-units, <code>?sort=-volume_per_year</code>, "
	"<code>?limit=&amp;offset=</code>)</li>\n"
	"<li>/api/v1/processes/{id}/goals</li>\n"
	"<li><a href=\"/api/v1/dependencies\">/api/v1/dependencies</a></li>\n"
	"</ul>\n<p>Each collection: GET (list), POST (create); each item /{id}: GET, PATCH "
	"(with <code>version</code>), DELETE (soft; <code>?cascade=true</code> for processes). "
	"See docs/api.md.</p>\n</body></html>\n";

void api_index(struct http_ctx *c)
{
	http_reply_text(c, 200, "text/html; charset=utf-8", index_html);
}
