/* idsearch.c — binary search of an id in an array sorted by id. */
#include "idsearch.h"

#include <string.h>

#include "banned.h"

static int64_t id_at(const void *first, size_t stride, size_t i)
{
	int64_t v;
	memcpy(&v, (const char *)first + i * stride, sizeof(v));
	return v;
}

size_t id_search(const void *first, size_t n, size_t stride, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (id_at(first, stride, mid) < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && id_at(first, stride, lo) == id ? lo : SIZE_MAX;
}
