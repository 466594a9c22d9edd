/* keymap.c — binary search of an id-sorted key map. */
#include "keymap.h"

#include "../util/idsearch.h"

#include "../util/banned.h"

const char *key_map_find(const struct key_map *map, int64_t id)
{
	size_t i = map->n_items ? id_search(map->ids, map->n_items, sizeof(int64_t), id) :
		   SIZE_MAX;
	return i == SIZE_MAX ? NULL : map->keys[i];
}
