/* cmd_token.c — `dti token`: API tokens for scripts (create, list, revoke).
 *
 * A token is 256 random bits, shown once when it is made; the database keeps only its
 * BLAKE2b hash, so a token that is lost cannot be shown again, only revoked and
 * replaced. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../store/accounts.h"
#include "../util/secret.h"
#include "../util/utf8.h"
#include "../util/banned.h"

#define TOKEN_NAME_MAX 100	/* code points */

static const char usage[] =
	"usage: dti token create --user EMAIL --name NAME\n"
	"       dti token list [--user EMAIL]\n"
	"       dti token revoke ID\n\n"
	"API tokens let scripts use the JSON API as a user: send the token as\n"
	"'Authorization: Bearer TOKEN'. A token acts with its user's role and scope, and\n"
	"stops working when it is revoked or its user is disabled.\n\n"
	"Every command takes --db PATH and --help.\n";

static const char usage_create[] =
	"usage: dti token create --user EMAIL --name NAME [--db PATH]\n\n"
	"Create an API token for the user EMAIL; NAME says what it is for (e.g. the\n"
	"script). The token is printed once, alone on the first line of standard output\n"
	"(so that 'dti token create ... | head -1' captures it); only its hash is kept, so\n"
	"it cannot be shown again.\n";

static const char usage_list[] =
	"usage: dti token list [--user EMAIL] [--db PATH]\n\n"
	"List API tokens (of the user EMAIL, or everyone's), newest first: id, user, name,\n"
	"when it was created and last used, and whether it is revoked. Tokens themselves\n"
	"are never shown.\n";

static const char usage_revoke[] =
	"usage: dti token revoke ID [--db PATH]\n\n"
	"Revoke the API token ID (see 'dti token list'): it stops working at once.\n";

/* The id of the user with that e-mail; prints a message and returns an exit status when
 * there is none. */
static int find_user_id(struct store *s, const char *cmd, const char *email, int64_t *out)
{
	enum dti_err err = store_find(s, entity_get(ENTITY_USER), email, out);
	if (err == DTI_ENOTFOUND) {
		fprintf(stderr, "dti %s: no user with e-mail '%s' (see 'dti user list')\n", cmd,
			email);
		return EXIT_REFUSED;
	}
	if (err) {
		fprintf(stderr, "dti %s: %s\n", cmd, dti_strerror(err));
		return EXIT_FAILED;
	}
	return EXIT_DONE;
}

/* Options --db, --user, --name (those named in allowed) and at most max_pos positional
 * arguments. Returns an exit status. */
static int parse_args(int argc, char **argv, const char *cmd, const char *use,
		      const char *allowed, int max_pos, const char **pos, int *n_pos,
		      const char **db, const char **user, const char **name)
{
	*n_pos = 0;
	for (int i = 1; i < argc;) {
		int r = cli_option(argc, argv, &i, "--db", db);
		if (!r && strstr(allowed, "--user"))
			r = cli_option(argc, argv, &i, "--user", user);
		if (!r && strstr(allowed, "--name"))
			r = cli_option(argc, argv, &i, "--name", name);
		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if (argv[i][0] == '-' || *n_pos == max_pos) {
			fprintf(stderr, "dti %s: unexpected argument '%s'\n%s", cmd, argv[i], use);
			return EXIT_USAGE;
		}
		pos[(*n_pos)++] = argv[i++];
	}
	return EXIT_DONE;
}

static int token_create(int argc, char **argv)
{
	static const char cmd[] = "token create";
	if (cli_wants_help(argc, argv, usage_create))
		return EXIT_DONE;
	const char *db = NULL, *email = NULL, *name = NULL;
	int n_pos;
	int status = parse_args(argc, argv, cmd, usage_create, "--user --name", 0, NULL, &n_pos,
				&db, &email, &name);
	if (status)
		return status;
	if (!email || !name) {
		fprintf(stderr, "dti %s: --user and --name are required\n%s", cmd, usage_create);
		return EXIT_USAGE;
	}
	size_t len = strlen(name);
	if (!utf8_valid(name, len) || utf8_has_control(name, len, false) ||
	    utf8_length(name, len) > TOKEN_NAME_MAX || !len) {
		fprintf(stderr, "dti %s: name: must be 1 to %d characters of text on one line\n",
			cmd, TOKEN_NAME_MAX);
		return EXIT_REFUSED;
	}
	struct store *s = cli_open_store(cli_db_path(db), false);
	if (!s)
		return EXIT_FAILED;
	struct arena *a = arena_new();
	int64_t user_id = 0, token_id = 0;
	void *row = NULL;
	status = a ? find_user_id(s, cmd, email, &user_id) : EXIT_FAILED;
	if (!status && store_get(s, entity_get(ENTITY_USER), user_id, false, a, &row)) {
		fprintf(stderr, "dti %s: cannot read user '%s'\n", cmd, email);
		status = EXIT_FAILED;
	}
	if (!status && !((struct user *)row)->active) {
		fprintf(stderr, "dti %s: user '%s' is disabled: enable it first ('dti user "
				"enable')\n", cmd, email);
		status = EXIT_REFUSED;
	}
	if (!status) {
		char token[SECRET_TOKEN_LEN], hash[SECRET_HASH_HEX_LEN];
		secret_token(token);
		secret_hash_hex(token, strlen(token), hash);
		enum dti_err err = store_token_create(s, user_id, name, hash, &token_id);
		if (err) {
			fprintf(stderr, "dti %s: %s\n", cmd, dti_strerror(err));
			status = EXIT_FAILED;
		} else {
			/* the token alone on stdout; what it is on stderr, so that both
			 * $(dti token create ...) and ... | head -1 give just the token */
			printf("%s\n", token);
			fflush(stdout);
			fprintf(stderr, "dti: API token %lld '%s' created for '%s'. Keep it now: it "
					"will not be shown again.\n", (long long)token_id, name, email);
		}
		secret_wipe(token, sizeof(token));
	}
	arena_free(a);
	store_close(s);
	return status;
}

static int token_list(int argc, char **argv)
{
	static const char cmd[] = "token list";
	if (cli_wants_help(argc, argv, usage_list))
		return EXIT_DONE;
	const char *db = NULL, *email = NULL, *unused = NULL;
	int n_pos;
	int status = parse_args(argc, argv, cmd, usage_list, "--user", 0, NULL, &n_pos, &db,
				&email, &unused);
	if (status)
		return status;
	struct store *s = cli_open_store(cli_db_path(db), false);
	if (!s)
		return EXIT_FAILED;
	struct arena *a = arena_new();
	int64_t user_id = 0;
	struct key_map users = { 0 };
	struct token_list tokens = { 0 };
	status = a ? EXIT_DONE : EXIT_FAILED;
	if (!status && email)
		status = find_user_id(s, cmd, email, &user_id);
	enum dti_err err = DTI_OK;
	if (!status) {
		err = store_keys(s, entity_get(ENTITY_USER), a, &users);
		if (!err)
			err = store_token_list(s, user_id, a, &tokens);
	}
	enum { COLS = 6 };
	const char **cells = NULL;
	if (!status && !err) {
		cells = arena_calloc(a, (tokens.n_items + 1) * COLS, sizeof(*cells));
		if (!cells)
			err = DTI_ENOMEM;
	}
	if (err) {
		fprintf(stderr, "dti %s: %s\n", cmd, dti_strerror(err));
		status = EXIT_FAILED;
	}
	if (!status && !tokens.n_items) {
		printf("no API tokens%s%s\n", email ? " for " : "", email ? email : "");
	} else if (!status) {
		static const char *const header[COLS] = { "id", "user", "name", "created",
							  "last used", "revoked" };
		memcpy(cells, header, sizeof(header));
		for (size_t r = 0; r < tokens.n_items; r++) {
			const struct api_token *t = &tokens.items[r];
			const char **row = cells + (r + 1) * COLS;
			const char *who = key_map_find(&users, t->user_id);
			row[0] = arena_printf(a, "%lld", (long long)t->id);
			row[1] = who ? who : arena_printf(a, "user %lld", (long long)t->user_id);
			row[2] = t->name;
			row[3] = t->created_at;
			row[4] = t->last_used_at ? t->last_used_at : "never";
			row[5] = t->revoked_at ? t->revoked_at : "-";
		}
		cli_print_table(cells, tokens.n_items + 1, COLS);
	}
	arena_free(a);
	store_close(s);
	return status;
}

static int token_revoke(int argc, char **argv)
{
	static const char cmd[] = "token revoke";
	if (cli_wants_help(argc, argv, usage_revoke))
		return EXIT_DONE;
	const char *db = NULL, *pos[1] = { NULL }, *unused = NULL;
	int n_pos;
	int status = parse_args(argc, argv, cmd, usage_revoke, "", 1, pos, &n_pos, &db, &unused,
				&unused);
	if (status)
		return status;
	int64_t id;
	if (n_pos != 1) {
		fputs(usage_revoke, stderr);
		return EXIT_USAGE;
	}
	if (!cli_parse_id(pos[0], &id)) {
		fprintf(stderr, "dti %s: '%s' is not a token id (a positive number, see 'dti "
				"token list')\n", cmd, pos[0]);
		return EXIT_USAGE;
	}
	struct store *s = cli_open_store(cli_db_path(db), false);
	if (!s)
		return EXIT_FAILED;
	enum dti_err err = store_token_revoke(s, id);
	if (err == DTI_ENOTFOUND) {
		fprintf(stderr, "dti %s: no unrevoked API token with id %lld\n", cmd, (long long)id);
		status = EXIT_REFUSED;
	} else if (err) {
		fprintf(stderr, "dti %s: %s\n", cmd, dti_strerror(err));
		status = EXIT_FAILED;
	} else {
		printf("API token %lld revoked\n", (long long)id);
	}
	store_close(s);
	return status;
}

static const struct cli_cmd subcommands[] = {
	{ "create", token_create, NULL },
	{ "list", token_list, NULL },
	{ "revoke", token_revoke, NULL },
	{ NULL, NULL, NULL },
};

int cmd_token(int argc, char **argv)
{
	return cli_dispatch("token", subcommands, usage, argc, argv);
}
