/* score.h — the arithmetic of prioritisation: criterion weights from a pairwise
 * comparison matrix (AHP), rankings by weighted sum (WSM) and by TOPSIS with each
 * criterion's part in the result, the sensitivity of a weighted-sum ranking, and the
 * status of a performance target (KPI) from its measurements.
 *
 * Pure functions over caller-owned arrays: no I/O, no allocation unless said. Scores
 * are on the 1–5 scale of the criteria; a missing score (NAN) counts as the midpoint,
 * 3, and callers say so to the user. */
#ifndef DTI_CORE_SCORE_H
#define DTI_CORE_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/err.h"

/* A criterion's direction: for a benefit a higher score is better (strategic value),
 * for a cost a higher score is worse (effort). */
enum criterion_direction { CRIT_BENEFIT, CRIT_COST };

#define AHP_MAX_CRITERIA 15
/* Saaty's consistency ratio above which a comparison matrix is warned about. */
#define AHP_CR_WARN 0.1

struct ahp_result {
	double lambda_max;	/* principal eigenvalue */
	double ci;		/* consistency index (lambda_max - n) / (n - 1) */
	double cr;		/* consistency ratio CI / RI(n); 0 for n <= 2 */
};

/* Weights from the n x n pairwise comparison matrix m (row-major; m[i*n+j] says how
 * much more important criterion i is than j, on Saaty's 1/9..9 scale): the principal
 * eigenvector, normalised to sum 1, into out_weights[n]; eigenvalue and consistency
 * into out. The matrix must be 2 <= n <= AHP_MAX_CRITERIA, finite, positive, within
 * [1/9, 9], 1 on the diagonal and reciprocal (m[i][j] * m[j][i] = 1 within 1 %);
 * otherwise DTI_EINVAL with one error per problem in errs, fields named
 * "matrix[i][j]" (0-based), and nothing written to out. DTI_ENOMEM. */
enum dti_err ahp_weights(const double *m, size_t n, double *out_weights,
			 struct ahp_result *out, struct field_errors *errs) DTI_MUST_CHECK;

/* Saaty's random index RI(n) for 1 <= n <= AHP_MAX_CRITERIA, 0 otherwise. */
double ahp_random_index(size_t n);

/* The decision matrix of a ranking: n_alts alternatives (processes) by n_crit
 * criteria. */
struct score_matrix {
	size_t n_alts, n_crit;
	const double *scores;		/* n_alts * n_crit, row-major, 1..5 or NAN */
	const double *weights;		/* n_crit, >= 0, not all 0; normalised inside */
	const enum criterion_direction *directions;	/* n_crit */
};

/* Check a matrix before ranking: DTI_EINVAL (errors in errs, field "weights" or
 * "scores") when a weight is negative or not finite, the weights are all 0, or a
 * score is outside 1..5; DTI_OK otherwise. The rank functions assume a checked
 * matrix. */
enum dti_err score_matrix_check(const struct score_matrix *m,
				struct field_errors *errs) DTI_MUST_CHECK;

/* Weighted sum: each score becomes u = (s - 1) / 4 for a benefit and (5 - s) / 4
 * for a cost, so 1 is always best; an alternative's score is sum_c w_c * u_c with
 * the weights normalised to sum 1, so it lies in [0, 1]. out_score[n_alts];
 * out_contrib, if not NULL, gets w_c * u_c per alternative and criterion
 * (n_alts * n_crit; each row sums to the score). */
void rank_wsm(const struct score_matrix *m, double *out_score, double *out_contrib);

/* TOPSIS: vector-normalised, weighted scores v; the ideal best per criterion is the
 * largest v for a benefit and the smallest for a cost, the ideal worst the opposite;
 * an alternative's score is its closeness d- / (d+ + d-) (0.5 when both distances
 * are 0). out_score[n_alts]; out_v, if not NULL, gets v (n_alts * n_crit);
 * out_best and out_worst, if not NULL, get the ideals (n_crit). A criterion whose
 * column is all zero keeps v = 0. DTI_ENOMEM only. */
enum dti_err rank_topsis(const struct score_matrix *m, double *out_score, double *out_v,
			 double *out_best, double *out_worst) DTI_MUST_CHECK;

/* Order of the alternatives by score, best first, ties by index: out_order[n] gets
 * the indexes. DTI_ENOMEM only. */
enum dti_err rank_order(const double *score, size_t n, size_t *out_order) DTI_MUST_CHECK;

/* Where a weighted-sum ranking turns: the smallest change of one criterion's weight
 * (the others keeping their proportions, everything renormalised) that makes
 * alternative b score as much as alternative a. */
struct swap_point {
	bool found;		/* false: no single weight change swaps them */
	size_t criterion;
	double from_weight;	/* the criterion's normalised weight now */
	double to_weight;	/* its normalised weight at the swap, in [0, 1] */
};
void wsm_swap_point(const struct score_matrix *m, size_t a, size_t b, struct swap_point *out);

/* The same for TOPSIS. Closeness does not change when every weight is scaled alike,
 * and the ideals of the normalised scores r = s / norm do not depend on the weights,
 * so only two alternatives need computing per trial: the search walks each
 * criterion's normalised weight outward from where it is in steps of 1/200 until the
 * two closenesses cross, then bisects to 1e-12. norm[c] is the Euclidean norm of
 * criterion c's column (scores, NAN counted as 3) and best_r / worst_r the ideal and
 * anti-ideal of s / norm per criterion (topsis_basis computes all three). */
void topsis_basis(const struct score_matrix *m, double *norm, double *best_r,
		  double *worst_r);
void topsis_swap_point(const struct score_matrix *m, const double *norm, const double *best_r,
		       const double *worst_r, size_t a, size_t b, struct swap_point *out);

/* The two halves of a weighted sum, for a value/effort matrix: value is the
 * weighted mean of u over benefit criteria, effort the weighted mean of (s - 1) / 4
 * over cost criteria (so 1 is the most effort), both in [0, 1]; NAN when the
 * criteria of that side all weigh 0. */
void wsm_value_effort(const struct score_matrix *m, size_t alt, double *out_value,
		      double *out_effort);

/* Aggregate of several assessors' scores: mean and spread (largest minus smallest);
 * n == 0 gives NAN for both. */
void score_aggregate(const double *scores, size_t n, double *out_mean, double *out_spread);

/* Performance targets. Days are counted from 1970-01-01 (timeutil). */
enum kpi_direction { KPI_INCREASE, KPI_DECREASE };
enum kpi_status { KPI_NO_DATA, KPI_ON_TRACK, KPI_AT_RISK, KPI_OFF_TRACK, KPI_ACHIEVED };
/* "no_data", "on_track", "at_risk", "off_track", "achieved" */
extern const char *const kpi_status_names[];

/* Share of the gap a projection may miss and still be "at risk" rather than "off
 * track". */
#define KPI_AT_RISK_BAND 0.1

struct kpi_point {
	double day;
	double value;
};

struct kpi_eval {
	enum kpi_status status;
	double latest;		/* value of the newest point (NAN when none) */
	bool has_projection;
	double projected;	/* least-squares line over the points (and the baseline),
				   at the due day */
	double slope_per_day;
};

/* Status of a target from its points (any order): achieved when the newest value
 * meets the target (>= for an increase, <= for a decrease); otherwise off track when
 * today is past due; otherwise the least-squares line through the points — with
 * (baseline_day, baseline) as one more point when baseline_day is not NAN — is
 * projected to due_day: meeting the target is on track, falling short by at most
 * KPI_AT_RISK_BAND of the gap between baseline and target is at risk, more is off
 * track. With one point and no baseline day there is no line: on track if that value
 * is at least as close to the target as the baseline, else at risk. No points: no
 * data. */
void kpi_evaluate(enum kpi_direction dir, double baseline, double baseline_day, double target,
		  double due_day, double today, const struct kpi_point *pts, size_t n,
		  struct kpi_eval *out);

#endif
