/* timeutil.c — UTC timestamps and date validation. */
#include "timeutil.h"

#include <string.h>
#include <time.h>

#include "banned.h"

long long time_now(void)
{
	/* not time(NULL): glibc reads the coarse clock there, which can lag the real
	 * second by a tick — enough for a peer reading the precise clock to disagree
	 * about which second it is */
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts))
		return (long long)time(NULL);
	return (long long)ts.tv_sec;
}

void time_now_iso(char out[TIME_ISO_LEN])
{
	time_iso_at(time_now(), out);
}

void time_iso_at(long long t, char out[TIME_ISO_LEN])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, TIME_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool date_valid(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return false;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return d <= max;
}

double time_monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

bool date_days(const char *s, long *out)
{
	if (!s || !date_valid(s))
		return false;
	/* days from civil (H. Hinnant's algorithm), proleptic Gregorian */
	long y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	y -= m <= 2;
	long era = y / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*out = era * 146097 + doe - 719468;
	return true;
}

void date_today(char out[DATE_LEN])
{
	char now[TIME_ISO_LEN];
	time_now_iso(now);
	memcpy(out, now, 10);
	out[10] = '\0';
}
