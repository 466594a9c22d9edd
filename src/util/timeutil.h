/* timeutil.h — UTC timestamps and calendar dates as text. */
#ifndef DTI_UTIL_TIMEUTIL_H
#define DTI_UTIL_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>

#define TIME_ISO_LEN 21	/* "2026-11-27T12:00:00Z" + NUL */

/* The current Unix time in seconds, from the precise real-time clock. */
long long time_now(void);
/* Write the current UTC time as YYYY-MM-DDTHH:MM:SSZ into out (TIME_ISO_LEN bytes). */
void time_now_iso(char out[TIME_ISO_LEN]);
/* Write Unix time t as YYYY-MM-DDTHH:MM:SSZ. */
void time_iso_at(long long t, char out[TIME_ISO_LEN]);
/* True when s is a real calendar date written YYYY-MM-DD (years 1900–9999). */
bool date_valid(const char *s);
#define DATE_LEN 11	/* "2026-11-27" + NUL */
/* Days from 1970-01-01 to the date s (YYYY-MM-DD) into out; false when s is not a
 * valid date. */
bool date_days(const char *s, long *out);
/* Today's UTC date as YYYY-MM-DD. */
void date_today(char out[DATE_LEN]);
/* Monotonic clock in milliseconds. */
double time_monotonic_ms(void);

#endif
