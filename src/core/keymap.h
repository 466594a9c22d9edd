/* keymap.h — ids to human keys (codes, e-mails), for rendering references the way
 * people write them (CSV and JSON exports). */
#ifndef DTI_CORE_KEYMAP_H
#define DTI_CORE_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

struct key_map {
	int64_t *ids;		/* ascending */
	const char **keys;
	size_t n_items;
};

/* The key of id in map, or NULL. */
const char *key_map_find(const struct key_map *map, int64_t id);

#endif
