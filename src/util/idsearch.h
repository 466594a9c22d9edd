/* idsearch.h — binary search of an id in an array sorted by id. */
#ifndef DTI_UTIL_IDSEARCH_H
#define DTI_UTIL_IDSEARCH_H

#include <stddef.h>
#include <stdint.h>

/* The index of the item whose id is id among n items sorted by id, or SIZE_MAX. first
 * points to the id of item 0 (an int64_t), the next id stride bytes further: a plain
 * array of ids has stride sizeof(int64_t), an array of structs sizeof the struct. */
size_t id_search(const void *first, size_t n, size_t stride, int64_t id);

#endif
