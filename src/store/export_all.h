/* export_all.h — everything dti holds, as one versioned JSON document, and back:
 * `dti export all` / `dti import all`. */
#ifndef DTI_STORE_EXPORT_ALL_H
#define DTI_STORE_EXPORT_ALL_H

#include <jansson.h>

#include "store.h"

/* Format name and version of the document. */
#define EXPORT_ALL_FORMAT "dti-export"
#define EXPORT_ALL_VERSION 1

/* A new JSON document {"format","version","schema","tables":{name:[row, ...]}} with
 * every row (deleted ones too) of every table that holds the organisation's data, its
 * accounts (with their password and API token hashes, never secrets) and its audit
 * trail, each table by primary key, columns in table order, from one read snapshot.
 * Sessions and log-in throttling are left out. */
enum dti_err store_export_all(struct store *s, json_t **out) DTI_MUST_CHECK;

/* Load such a document into s, which must hold no data yet: every table in one
 * transaction (references checked at its end), the search index rebuilt, and the
 * audit trail verified; anything wrong and nothing is kept. Problems in errs (field:
 * the table, or "format"/"version"/"schema"). DTI_EINVAL (a bad document),
 * DTI_ECONFLICT (the database is not empty), DTI_ENOMEM, DTI_EDB. */
enum dti_err store_import_all(struct store *s, json_t *doc,
			      struct field_errors *errs) DTI_MUST_CHECK;

#endif
