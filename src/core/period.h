/* period.h — a planning period as people write it: a year ("2027"), a half
 * ("2027-H1"), a quarter ("2027-Q3") or two dates ("2027-02-01/2027-09-30"). */
#ifndef DTI_CORE_PERIOD_H
#define DTI_CORE_PERIOD_H

#include <stdbool.h>

#include "../util/arena.h"

/* Parse text into its first and last day (YYYY-MM-DD, in a). False when text is none
 * of the forms above, names a date that does not exist, or ends before it starts. */
bool period_parse(const char *text, struct arena *a, char **out_from, char **out_to);

#endif
