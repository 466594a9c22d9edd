/* accounts.h — storage of what guards the inventory: user passwords, sessions, API
 * tokens, log-in throttling, and the tamper-evident audit trail.
 *
 * Users themselves are an entity (ENTITY_USER) stored with store_create & co.; this
 * adds what is not a plain field. Secrets never reach the database: passwords as
 * Argon2id hashes, tokens as BLAKE2b hashes (computed by the caller). */
#ifndef DTI_STORE_ACCOUNTS_H
#define DTI_STORE_ACCOUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

/* Who acts through this store from now on: written into every audit entry.
 * user_id 0 with a label such as "cli:root" or "system" for the command line. The
 * label is copied. */
enum dti_err store_set_actor(struct store *s, int64_t user_id, const char *label) DTI_MUST_CHECK;
/* A note added to the audit entry of the next import (e.g. the file name); copied,
 * cleared after that import. */
enum dti_err store_set_import_note(struct store *s, const char *note) DTI_MUST_CHECK;

/* ---- users ---- */

/* The live user with that e-mail (any case): id, password hash (NULL if none was set;
 * in a) and whether the account is active. DTI_ENOTFOUND. */
enum dti_err store_user_credentials(struct store *s, const char *email, struct arena *a,
				    int64_t *out_id, char **out_hash,
				    bool *out_active) DTI_MUST_CHECK;
/* Set user id's password hash; audited as "password" on the user (without the hash).
 * Also ends the user's sessions. DTI_ENOTFOUND. */
enum dti_err store_user_set_password(struct store *s, int64_t user_id,
				     const char *hash) DTI_MUST_CHECK;

/* ---- sessions (times in Unix seconds) ---- */

struct session {
	int64_t id, user_id;
	char *csrf_token;
	int64_t created_at, last_seen_at, expires_at;
};

enum dti_err store_session_create(struct store *s, int64_t user_id, const char *token_hash,
				  const char *csrf_token, int64_t now, int64_t expires_at,
				  const char *client) DTI_MUST_CHECK;
/* The session with that token hash. DTI_ENOTFOUND. */
enum dti_err store_session_find(struct store *s, const char *token_hash, struct arena *a,
				struct session *out) DTI_MUST_CHECK;
enum dti_err store_session_touch(struct store *s, int64_t id, int64_t now) DTI_MUST_CHECK;
/* End the session with that token hash (log-out); audited. */
enum dti_err store_session_delete(struct store *s, const char *token_hash) DTI_MUST_CHECK;
/* Delete sessions idle since before idle_before or past their expiry at now. */
enum dti_err store_sessions_purge(struct store *s, int64_t now,
				  int64_t idle_before) DTI_MUST_CHECK;

/* ---- API tokens ---- */

struct api_token {
	int64_t id, user_id;
	char *name, *created_at, *last_used_at, *revoked_at;
};

struct token_list {
	struct api_token *items;
	size_t n_items;
};

/* Store a new token (its hash) for user_id; audited (name only). */
enum dti_err store_token_create(struct store *s, int64_t user_id, const char *name,
				const char *token_hash, int64_t *out_id) DTI_MUST_CHECK;
/* The unrevoked token with that hash: its id and user. DTI_ENOTFOUND. */
enum dti_err store_token_find(struct store *s, const char *token_hash, int64_t *out_id,
			      int64_t *out_user_id) DTI_MUST_CHECK;
/* Tokens of user_id (0: of everyone), newest first. */
enum dti_err store_token_list(struct store *s, int64_t user_id, struct arena *a,
			      struct token_list *out) DTI_MUST_CHECK;
/* Revoke token id; audited. DTI_ENOTFOUND (also when already revoked). */
enum dti_err store_token_revoke(struct store *s, int64_t id) DTI_MUST_CHECK;
enum dti_err store_token_get(struct store *s, int64_t id, struct arena *a,
			     struct api_token *out) DTI_MUST_CHECK;

/* ---- log-in throttling: failures per key ("email:…", "addr:…") ----
 * A failure more than LOGIN_FAILURE_WINDOW seconds after the last one starts the
 * count again. */
#define LOGIN_FAILURE_WINDOW 3600

enum dti_err store_login_failures(struct store *s, const char *key, int64_t *out_count,
				  int64_t *out_last_at) DTI_MUST_CHECK;
enum dti_err store_login_failed(struct store *s, const char *key, int64_t now) DTI_MUST_CHECK;
enum dti_err store_login_reset(struct store *s, const char *key) DTI_MUST_CHECK;

/* ---- audit trail ---- */

/* Append an entry (in the current write transaction, or its own): action such as
 * "login", "logout", "login_failed"; before/after are JSON texts or NULL. */
enum dti_err store_audit_append(struct store *s, const char *action, const char *entity,
				int64_t entity_id, const char *before,
				const char *after) DTI_MUST_CHECK;

struct audit_entry {
	int64_t seq;
	char *at;
	int64_t actor_id;	/* 0: not a user (command line, system) */
	char *actor, *action, *entity;
	int64_t entity_id;
	char *before, *after;	/* JSON texts or NULL */
	char *hash;
};

struct audit_filter {
	const char *entity;	/* plural, or NULL */
	int64_t entity_id;	/* or 0 */
	int64_t actor_id;	/* or 0 */
	const char *since;	/* ISO time or date, or NULL */
	int64_t limit, offset;
	bool ascending;		/* oldest first (history); default newest first */
};

struct audit_list {
	struct audit_entry *items;
	size_t n_items;
	int64_t total;
};

enum dti_err store_audit_list(struct store *s, const struct audit_filter *f, struct arena *a,
			      struct audit_list *out) DTI_MUST_CHECK;
/* Recompute the whole chain. *out_checked: entries checked; *out_bad_seq: the first
 * entry whose hash does not match (0 when the chain is intact). */
enum dti_err store_audit_verify(struct store *s, int64_t *out_checked,
				int64_t *out_bad_seq) DTI_MUST_CHECK;

#endif
