/* score.c — AHP weights by power iteration, weighted-sum and TOPSIS rankings, the
 * weight change that swaps two alternatives, and the status of a KPI from a
 * least-squares line through its measurements. */
#include "score.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/banned.h"

const char *const kpi_status_names[] = { "no_data", "on_track", "at_risk", "off_track",
					 "achieved", NULL };

/* Saaty's random indexes, RI[n] for n = 0..AHP_MAX_CRITERIA. */
static const double random_index[AHP_MAX_CRITERIA + 1] = {
	0, 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
};

/* A judgement may stray this far (relative) outside 1/9..9: 1/9 typed as 0.111111111
 * must not be refused. */
#define AHP_SCALE_TOL 1e-9
#define AHP_DIAG_TOL 1e-9
#define AHP_RECIPROCAL_TOL 0.01
#define AHP_POWER_TOL 1e-12
#define AHP_POWER_MAX_ITER 100000

/* A missing score counts as the midpoint of the 1..5 scale. */
#define SCORE_MIDPOINT 3.0

double ahp_random_index(size_t n)
{
	return n >= 1 && n <= AHP_MAX_CRITERIA ? random_index[n] : 0;
}

/* Collect one matrix error; errs may be NULL when the caller wants only the verdict. */
static enum dti_err matrix_error(struct field_errors *errs, size_t i, size_t j, const char *msg)
{
	if (!errs)
		return DTI_OK;
	char field[64];
	snprintf(field, sizeof(field), "matrix[%zu][%zu]", i, j);
	return field_errors_add(errs, 0, field, "%s", msg);
}

/* True when the single judgement x may stand in a comparison matrix at all. */
static bool judgement_ok(double x)
{
	return isfinite(x) && x > 0 && x >= (1.0 / 9) * (1 - AHP_SCALE_TOL) &&
	       x <= 9 * (1 + AHP_SCALE_TOL);
}

/* Every problem of m, one error each; *out_bad set when there is any. */
static enum dti_err ahp_check(const double *m, size_t n, struct field_errors *errs, bool *out_bad)
{
	enum dti_err err;
	*out_bad = false;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			double x = m[i * n + j];
			const char *msg = NULL;
			if (!isfinite(x))
				msg = "must be a finite number";
			else if (x <= 0)
				msg = "must be positive";
			else if (!judgement_ok(x))
				msg = "must be between 1/9 and 9";
			else if (i == j && fabs(x - 1) > AHP_DIAG_TOL)
				msg = "must be 1: a criterion is as important as itself";
			if (!msg)
				continue;
			*out_bad = true;
			err = matrix_error(errs, i, j, msg);
			if (err)
				return err;
		}
	/* each pair once, on the lower triangle, and only when both cells are usable */
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			double x = m[i * n + j], y = m[j * n + i];
			if (!judgement_ok(x) || !judgement_ok(y) ||
			    fabs(x * y - 1) <= AHP_RECIPROCAL_TOL)
				continue;
			*out_bad = true;
			if (!errs)
				continue;
			char field[64], want[32];
			snprintf(field, sizeof(field), "matrix[%zu][%zu]", j, i);
			if (x >= 1)
				snprintf(want, sizeof(want), "1/%.4g", x);
			else
				snprintf(want, sizeof(want), "%.4g", 1 / x);
			err = field_errors_add(errs, 0, field,
					       "%.4g and %.4g are not reciprocal: matrix[%zu][%zu] "
					       "must be %s",
					       x, y, j, i, want);
			if (err)
				return err;
		}
	return DTI_OK;
}

enum dti_err ahp_weights(const double *m, size_t n, double *out_weights,
			 struct ahp_result *out, struct field_errors *errs)
{
	if (n < 2 || n > AHP_MAX_CRITERIA) {
		if (errs && field_errors_add(errs, 0, "matrix",
					     "must compare 2 to %d criteria, not %zu",
					     AHP_MAX_CRITERIA, n))
			return DTI_ENOMEM;
		return DTI_EINVAL;
	}
	bool bad;
	enum dti_err err = ahp_check(m, n, errs, &bad);
	if (err)
		return err;
	if (bad)
		return DTI_EINVAL;

	/* Power iteration: a positive matrix has a simple dominant eigenvalue (Perron),
	 * so A^k w0 turns towards its eigenvector; for a consistent matrix one step is
	 * exact. */
	double w[AHP_MAX_CRITERIA], next[AHP_MAX_CRITERIA];
	for (size_t i = 0; i < n; i++)
		w[i] = 1.0 / (double)n;
	for (int iter = 0; iter < AHP_POWER_MAX_ITER; iter++) {
		double sum = 0;
		for (size_t i = 0; i < n; i++) {
			double s = 0;
			for (size_t j = 0; j < n; j++)
				s += m[i * n + j] * w[j];
			next[i] = s;
			sum += s;
		}
		double change = 0;
		for (size_t i = 0; i < n; i++) {
			next[i] /= sum;
			change = fmax(change, fabs(next[i] - w[i]));
			w[i] = next[i];
		}
		if (change < AHP_POWER_TOL)
			break;
	}
	double lambda = 0;
	for (size_t i = 0; i < n; i++) {
		double s = 0;
		for (size_t j = 0; j < n; j++)
			s += m[i * n + j] * w[j];
		lambda += s / w[i];
	}
	lambda /= (double)n;
	memcpy(out_weights, w, n * sizeof(*w));
	out->lambda_max = lambda;
	out->ci = (lambda - (double)n) / (double)(n - 1);
	out->cr = n <= 2 ? 0 : out->ci / ahp_random_index(n);
	return DTI_OK;
}

enum dti_err score_matrix_check(const struct score_matrix *m, struct field_errors *errs)
{
	bool bad = false, any_weight = false;
	for (size_t c = 0; c < m->n_crit; c++) {
		double w = m->weights[c];
		const char *msg = NULL;
		if (!isfinite(w))
			msg = "must be a finite number";
		else if (w < 0)
			msg = "must not be negative";
		if (msg) {
			bad = true;
			if (errs && field_errors_add(errs, 0, "weights", "weight %zu %s", c, msg))
				return DTI_ENOMEM;
		} else if (w > 0) {
			any_weight = true;
		}
	}
	if (!any_weight && !bad) {
		bad = true;
		if (errs && field_errors_add(errs, 0, "weights",
					     "at least one criterion must weigh more than 0"))
			return DTI_ENOMEM;
	}
	for (size_t a = 0; a < m->n_alts; a++)
		for (size_t c = 0; c < m->n_crit; c++) {
			double s = m->scores[a * m->n_crit + c];
			if (isnan(s) || (s >= 1 && s <= 5))
				continue;
			bad = true;
			if (errs && field_errors_add(errs, 0, "scores",
						     "alternative %zu, criterion %zu: %g is "
						     "outside 1..5",
						     a, c, s))
				return DTI_ENOMEM;
		}
	return bad ? DTI_EINVAL : DTI_OK;
}

static double score_at(const struct score_matrix *m, size_t a, size_t c)
{
	double s = m->scores[a * m->n_crit + c];
	return isnan(s) ? SCORE_MIDPOINT : s;
}

/* Utility on 0..1, 1 best, whatever the direction. */
static double utility(const struct score_matrix *m, size_t a, size_t c)
{
	double s = score_at(m, a, c);
	return m->directions[c] == CRIT_COST ? (5 - s) / 4 : (s - 1) / 4;
}

static double weight_sum(const struct score_matrix *m)
{
	double sum = 0;
	for (size_t c = 0; c < m->n_crit; c++)
		sum += m->weights[c];
	return sum;
}

void rank_wsm(const struct score_matrix *m, double *out_score, double *out_contrib)
{
	double total = weight_sum(m);
	for (size_t a = 0; a < m->n_alts; a++) {
		double score = 0;
		for (size_t c = 0; c < m->n_crit; c++) {
			double part = m->weights[c] / total * utility(m, a, c);
			score += part;
			if (out_contrib)
				out_contrib[a * m->n_crit + c] = part;
		}
		out_score[a] = score;
	}
}

enum dti_err rank_topsis(const struct score_matrix *m, double *out_score, double *out_v,
			 double *out_best, double *out_worst)
{
	size_t na = m->n_alts, nc = m->n_crit;
	/* far below any size that could overflow the byte count of the scratch */
	if (nc > SIZE_MAX / 64 || (nc && na > SIZE_MAX / 64 / nc))
		return DTI_ENOMEM;
	/* scratch: v when the caller does not want it, then best, worst, the norms */
	size_t n_scratch = (out_v ? 0 : na * nc) + 3 * nc;
	double *scratch = dti_malloc(n_scratch * sizeof(double) + 1);
	if (!scratch)
		return DTI_ENOMEM;
	double *v = out_v ? out_v : scratch;
	double *best = (out_v ? scratch : scratch + na * nc);
	double *worst = best + nc, *norm = worst + nc;
	double total = weight_sum(m);

	for (size_t c = 0; c < nc; c++) {
		double sq = 0;
		for (size_t a = 0; a < na; a++) {
			double s = score_at(m, a, c);
			sq += s * s;
		}
		norm[c] = sqrt(sq);
	}
	for (size_t c = 0; c < nc; c++) {
		double w = m->weights[c] / total;
		double hi = -HUGE_VAL, lo = HUGE_VAL;
		for (size_t a = 0; a < na; a++) {
			double x = norm[c] > 0 ? w * score_at(m, a, c) / norm[c] : 0;
			v[a * nc + c] = x;
			hi = fmax(hi, x);
			lo = fmin(lo, x);
		}
		if (na == 0)
			hi = lo = 0;
		best[c] = m->directions[c] == CRIT_COST ? lo : hi;
		worst[c] = m->directions[c] == CRIT_COST ? hi : lo;
	}
	for (size_t a = 0; a < na; a++) {
		double d_best = 0, d_worst = 0;
		for (size_t c = 0; c < nc; c++) {
			double x = v[a * nc + c];
			d_best += (x - best[c]) * (x - best[c]);
			d_worst += (x - worst[c]) * (x - worst[c]);
		}
		d_best = sqrt(d_best);
		d_worst = sqrt(d_worst);
		out_score[a] = d_best + d_worst > 0 ? d_worst / (d_best + d_worst) : 0.5;
	}
	if (out_best)
		memcpy(out_best, best, nc * sizeof(*best));
	if (out_worst)
		memcpy(out_worst, worst, nc * sizeof(*worst));
	dti_free(scratch);
	return DTI_OK;
}

struct ranked {
	double score;
	size_t index;
};

/* Best first; a NAN score after every number; ties by index, which makes qsort's
 * unstable order irrelevant. */
static int cmp_ranked(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;
	bool na = isnan(a->score), nb = isnan(b->score);
	if (na != nb)
		return na ? 1 : -1;
	if (!na && a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

enum dti_err rank_order(const double *score, size_t n, size_t *out_order)
{
	if (n > SIZE_MAX / sizeof(struct ranked))
		return DTI_ENOMEM;
	struct ranked *r = dti_malloc(n * sizeof(*r) + 1);
	if (!r)
		return DTI_ENOMEM;
	for (size_t i = 0; i < n; i++)
		r[i] = (struct ranked){ score[i], i };
	if (n > 1)
		qsort(r, n, sizeof(*r), cmp_ranked);
	for (size_t i = 0; i < n; i++)
		out_order[i] = r[i].index;
	dti_free(r);
	return DTI_OK;
}

/* Rounding slack when deciding whether a swap lies inside the weight range. */
#define SWAP_TOL 1e-12

void wsm_swap_point(const struct score_matrix *m, size_t a, size_t b, struct swap_point *out)
{
	memset(out, 0, sizeof(*out));
	double total = weight_sum(m);
	double d0 = 0;
	for (size_t c = 0; c < m->n_crit; c++)
		d0 += m->weights[c] / total * (utility(m, a, c) - utility(m, b, c));
	if (d0 == 0) {
		/* tied already: no change, reported on the first criterion */
		if (m->n_crit > 0) {
			out->found = true;
			out->from_weight = out->to_weight = m->weights[0] / total;
		}
		return;
	}
	/* Adding delta to criterion c's normalised weight w and renormalising by 1 + delta
	 * gives D(delta) = (d0 + delta * diff) / (1 + delta): zero at delta = -d0 / diff.
	 * The raw weight w + delta must stay >= 0 and the sum 1 + delta > 0; the new
	 * normalised weight (w + delta) / (1 + delta) then lies in [0, 1). */
	double best_change = HUGE_VAL;
	for (size_t c = 0; c < m->n_crit; c++) {
		double diff = utility(m, a, c) - utility(m, b, c);
		/* equal on c: moving its weight scales D but never turns it (a tie only
		 * with all the weight on c, which no ranking is about) */
		if (diff == 0)
			continue;
		double w = m->weights[c] / total;
		double delta = -d0 / diff;
		if (!(1 + delta > SWAP_TOL) || w + delta < -SWAP_TOL)
			continue;
		double to = fmin(1, fmax(0, (w + delta) / (1 + delta)));
		if (fabs(to - w) < best_change) {
			best_change = fabs(to - w);
			out->found = true;
			out->criterion = c;
			out->from_weight = w;
			out->to_weight = to;
		}
	}
}

void topsis_basis(const struct score_matrix *m, double *norm, double *best_r, double *worst_r)
{
	for (size_t c = 0; c < m->n_crit; c++) {
		double sq = 0, hi = -HUGE_VAL, lo = HUGE_VAL;
		for (size_t a = 0; a < m->n_alts; a++) {
			double s = score_at(m, a, c);
			sq += s * s;
		}
		norm[c] = sqrt(sq);
		for (size_t a = 0; a < m->n_alts; a++) {
			double r = norm[c] > 0 ? score_at(m, a, c) / norm[c] : 0;
			hi = fmax(hi, r);
			lo = fmin(lo, r);
		}
		if (m->n_alts == 0)
			hi = lo = 0;
		best_r[c] = m->directions[c] == CRIT_COST ? lo : hi;
		worst_r[c] = m->directions[c] == CRIT_COST ? hi : lo;
	}
}

struct topsis_trial {
	const struct score_matrix *m;
	const double *norm, *best_r, *worst_r;
	size_t a, b, c;
	double w_c, total;	/* criterion c's normalised weight now, the raw sum */
};

/* Closeness of alt when criterion c's normalised weight is t and the others keep
 * their proportions. */
static double closeness_at(const struct topsis_trial *tr, size_t alt, double t)
{
	const struct score_matrix *m = tr->m;
	double d_best = 0, d_worst = 0;
	for (size_t k = 0; k < m->n_crit; k++) {
		double w = k == tr->c ? t : m->weights[k] / tr->total * (1 - t) / (1 - tr->w_c);
		double r = tr->norm[k] > 0 ? score_at(m, alt, k) / tr->norm[k] : 0;
		double x = w * (r - tr->best_r[k]), y = w * (r - tr->worst_r[k]);
		d_best += x * x;
		d_worst += y * y;
	}
	d_best = sqrt(d_best);
	d_worst = sqrt(d_worst);
	return d_best + d_worst > 0 ? d_worst / (d_best + d_worst) : 0.5;
}

static double gap_at(const struct topsis_trial *tr, double t)
{
	return closeness_at(tr, tr->a, t) - closeness_at(tr, tr->b, t);
}

/* The nearest t from w_c towards end (0 or 1) where the gap turns <= 0, or NAN. */
static double topsis_cross(const struct topsis_trial *tr, double end)
{
	double step = (end - tr->w_c) / ceil(fabs(end - tr->w_c) * 200 + 1e-9);
	if (step == 0)
		return NAN;
	double prev = tr->w_c;
	for (double t = tr->w_c + step;; t += step) {
		bool last = step > 0 ? t >= end - 1e-12 : t <= end + 1e-12;
		if (last)
			t = end;
		if (gap_at(tr, t) <= 0) {
			double lo = prev, hi = t;	/* gap(lo) > 0 >= gap(hi) */
			while (fabs(hi - lo) > 1e-12) {
				double mid = (lo + hi) / 2;
				if (gap_at(tr, mid) > 0)
					lo = mid;
				else
					hi = mid;
			}
			return hi;
		}
		if (last)
			return NAN;
		prev = t;
	}
}

void topsis_swap_point(const struct score_matrix *m, const double *norm, const double *best_r,
		       const double *worst_r, size_t a, size_t b, struct swap_point *out)
{
	memset(out, 0, sizeof(*out));
	double total = weight_sum(m);
	struct topsis_trial tr = { m, norm, best_r, worst_r, a, b, 0, 0, total };
	double best_change = HUGE_VAL;
	for (size_t c = 0; c < m->n_crit; c++) {
		tr.c = c;
		tr.w_c = m->weights[c] / total;
		/* all the weight on c: nothing to take from the others */
		if (1 - tr.w_c < SWAP_TOL)
			continue;
		if (gap_at(&tr, tr.w_c) <= 0) {
			out->found = true;
			out->criterion = c;
			out->from_weight = out->to_weight = tr.w_c;
			return;
		}
		for (int side = 0; side < 2; side++) {
			double t = topsis_cross(&tr, side ? 1 - SWAP_TOL : 0);
			if (!isnan(t) && fabs(t - tr.w_c) < best_change) {
				best_change = fabs(t - tr.w_c);
				out->found = true;
				out->criterion = c;
				out->from_weight = tr.w_c;
				out->to_weight = t;
			}
		}
	}
}

void wsm_value_effort(const struct score_matrix *m, size_t alt, double *out_value,
		      double *out_effort)
{
	double value = 0, value_w = 0, effort = 0, effort_w = 0;
	for (size_t c = 0; c < m->n_crit; c++) {
		double w = m->weights[c];
		if (m->directions[c] == CRIT_COST) {
			effort += w * (score_at(m, alt, c) - 1) / 4;
			effort_w += w;
		} else {
			value += w * utility(m, alt, c);
			value_w += w;
		}
	}
	*out_value = value_w > 0 ? value / value_w : NAN;
	*out_effort = effort_w > 0 ? effort / effort_w : NAN;
}

void score_aggregate(const double *scores, size_t n, double *out_mean, double *out_spread)
{
	if (n == 0) {
		*out_mean = *out_spread = NAN;
		return;
	}
	double sum = 0, lo = HUGE_VAL, hi = -HUGE_VAL;
	for (size_t i = 0; i < n; i++) {
		double s = isnan(scores[i]) ? SCORE_MIDPOINT : scores[i];
		sum += s;
		lo = fmin(lo, s);
		hi = fmax(hi, s);
	}
	*out_mean = sum / (double)n;
	*out_spread = hi - lo;
}

/* Least squares y = intercept + slope * x over the points and, when baseline_day is
 * not NAN, the baseline. False when there is no line: fewer than two points or all
 * on one day. */
static bool kpi_line(const struct kpi_point *pts, size_t n, double baseline, double baseline_day,
		     double *out_slope, double *out_intercept)
{
	bool with_base = !isnan(baseline_day);
	size_t k = n + with_base;
	if (k < 2)
		return false;
	/* centred sums: days since 1970 are ~20000, and their squares lose digits */
	double mx = 0, my = 0;
	for (size_t i = 0; i < n; i++) {
		mx += pts[i].day;
		my += pts[i].value;
	}
	if (with_base) {
		mx += baseline_day;
		my += baseline;
	}
	mx /= (double)k;
	my /= (double)k;
	double sxx = 0, sxy = 0;
	for (size_t i = 0; i < n; i++) {
		sxx += (pts[i].day - mx) * (pts[i].day - mx);
		sxy += (pts[i].day - mx) * (pts[i].value - my);
	}
	if (with_base) {
		sxx += (baseline_day - mx) * (baseline_day - mx);
		sxy += (baseline_day - mx) * (baseline - my);
	}
	if (!(sxx > 0))
		return false;
	*out_slope = sxy / sxx;
	*out_intercept = my - *out_slope * mx;
	return true;
}

void kpi_evaluate(enum kpi_direction dir, double baseline, double baseline_day, double target,
		  double due_day, double today, const struct kpi_point *pts, size_t n,
		  struct kpi_eval *out)
{
	out->status = KPI_NO_DATA;
	out->latest = NAN;
	out->has_projection = false;
	out->projected = NAN;
	out->slope_per_day = NAN;
	if (n == 0)
		return;
	/* newest point; of several on the newest day the last given */
	size_t newest = 0;
	for (size_t i = 1; i < n; i++)
		if (pts[i].day >= pts[newest].day)
			newest = i;
	out->latest = pts[newest].value;

	double slope, intercept;
	if (kpi_line(pts, n, baseline, baseline_day, &slope, &intercept)) {
		out->has_projection = true;
		out->slope_per_day = slope;
		out->projected = intercept + slope * due_day;
	}

	bool up = dir == KPI_INCREASE;
	if (up ? out->latest >= target : out->latest <= target) {
		out->status = KPI_ACHIEVED;
		return;
	}
	if (today > due_day) {
		out->status = KPI_OFF_TRACK;
		return;
	}
	if (!out->has_projection) {
		/* one point (or one day) and no baseline day: no trend to project */
		bool closer = fabs(out->latest - target) <= fabs(baseline - target);
		out->status = closer ? KPI_ON_TRACK : KPI_AT_RISK;
		return;
	}
	double shortfall = up ? target - out->projected : out->projected - target;
	if (shortfall <= 0)
		out->status = KPI_ON_TRACK;
	else if (shortfall <= KPI_AT_RISK_BAND * fabs(target - baseline))
		out->status = KPI_AT_RISK;
	else
		out->status = KPI_OFF_TRACK;
}
