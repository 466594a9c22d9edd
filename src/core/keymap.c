/* keymap.c — binary search of an id-sorted key map. */
#include "keymap.h"

#include "../util/banned.h"

const char *key_map_find(const struct key_map *map, int64_t id)
{
	size_t lo = 0, hi = map->n_items;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (map->ids[mid] == id)
			return map->keys[mid];
		if (map->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
