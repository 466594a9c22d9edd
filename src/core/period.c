/* period.c — planning periods from text. */
#include "period.h"

#include <string.h>

#include "../util/timeutil.h"
#include "../util/banned.h"

static bool year_of(const char *s, int *out)
{
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		y = y * 10 + (s[i] - '0');
	}
	*out = y;
	return y >= 1900;
}

bool period_parse(const char *text, struct arena *a, char **out_from, char **out_to)
{
	static const char *const starts[] = { "01-01", "04-01", "07-01", "10-01" };
	static const char *const ends[] = { "03-31", "06-30", "09-30", "12-31" };
	size_t len = text ? strlen(text) : 0;
	int y;
	const char *from = NULL, *to = NULL;
	if (len == 4 && year_of(text, &y)) {
		from = starts[0];
		to = ends[3];
	} else if (len == 7 && year_of(text, &y) && text[4] == '-' &&
		   (text[5] == 'H' || text[5] == 'h') && (text[6] == '1' || text[6] == '2')) {
		int h = text[6] - '1';
		from = starts[2 * h];
		to = ends[2 * h + 1];
	} else if (len == 7 && year_of(text, &y) && text[4] == '-' &&
		   (text[5] == 'Q' || text[5] == 'q') && text[6] >= '1' && text[6] <= '4') {
		int q = text[6] - '1';
		from = starts[q];
		to = ends[q];
	} else if (len == 21 && text[10] == '/') {
		char *f = arena_printf(a, "%.10s", text), *t = arena_strdup(a, text + 11);
		if (!f || !t || !date_valid(f) || !date_valid(t) || strcmp(f, t) > 0)
			return false;
		*out_from = f;
		*out_to = t;
		return true;
	} else {
		return false;
	}
	*out_from = arena_printf(a, "%04d-%s", y, from);
	*out_to = arena_printf(a, "%04d-%s", y, to);
	return *out_from && *out_to;
}
