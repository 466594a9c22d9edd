/* cmd_user.c — `dti user`: the accounts that may log in (add, list, passwd, disable,
 * enable, role).
 *
 * Users are rows of ENTITY_USER, so every change goes through store_create and
 * store_update: validated, and audited with the command line's actor. Passwords are
 * read from standard input (--password-stdin) or from the terminal without echo,
 * checked against the policy (core/password.h), hashed with Argon2id, and never
 * printed, logged or kept longer than needed. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "../core/password.h"
#include "../store/accounts.h"
#include "../util/secret.h"
#include "../util/banned.h"

static const char usage[] =
	"usage: dti user add EMAIL --role ROLE [--name NAME] [--unit CODE] [--password-stdin]\n"
	"       dti user list\n"
	"       dti user passwd EMAIL [--password-stdin]\n"
	"       dti user disable EMAIL\n"
	"       dti user enable EMAIL\n"
	"       dti user role EMAIL ROLE [--unit CODE]\n\n"
	"Manage the accounts that may log in to dti. ROLE is one of:\n"
	"  admin    everything, users included\n"
	"  analyst  read and write the whole inventory and its analyses\n"
	"  owner    read everything; write the processes (and their links) of their unit\n"
	"           and its sub-units (--unit), and the processes they own\n"
	"  viewer   read only\n\n"
	"Every command takes --db PATH and --help. Changes are recorded in the audit trail.\n";

static const char usage_add[] =
	"usage: dti user add EMAIL --role ROLE [--name NAME] [--unit CODE] [--password-stdin]\n"
	"                    [--db PATH]\n\n"
	"Create an account. ROLE is admin, analyst, owner or viewer; --unit CODE gives its\n"
	"unit scope (an owner may write the processes of that unit and its sub-units).\n"
	"NAME defaults to the name of the person with the same e-mail in the inventory,\n"
	"else to the part of the e-mail before '@'.\n\n"
	"The password is read from the first line of standard input with --password-stdin;\n"
	"otherwise it is asked for twice on the terminal, without echo. It must have at\n"
	"least 12 characters, must not be a common password, and must not contain the\n"
	"part of the e-mail before '@'. Nothing is created when it is refused (exit 1).\n";

static const char usage_list[] =
	"usage: dti user list [--db PATH]\n\n"
	"List every account: id, e-mail, name, role, unit and whether it is active.\n";

static const char usage_passwd[] =
	"usage: dti user passwd EMAIL [--password-stdin] [--db PATH]\n\n"
	"Set a new password for the account EMAIL (read as for 'dti user add'). The\n"
	"account's open sessions end.\n";

static const char usage_disable[] =
	"usage: dti user disable EMAIL [--db PATH]\n\n"
	"Disable the account EMAIL: it can no longer log in nor use its API tokens. Its\n"
	"history stays; 'dti user enable' undoes this.\n";

static const char usage_enable[] =
	"usage: dti user enable EMAIL [--db PATH]\n\n"
	"Enable the account EMAIL again after 'dti user disable'.\n";

static const char usage_role[] =
	"usage: dti user role EMAIL ROLE [--unit CODE] [--db PATH]\n\n"
	"Give the account EMAIL the role ROLE (admin, analyst, owner or viewer) and, with\n"
	"--unit, the unit scope CODE. The change is recorded in the audit trail.\n";

/* ---- reading a password ---- */

/* Room for the longest password the policy allows, one byte more to tell a longer
 * one, and the NUL. */
#define PW_BUF (PASSWORD_MAX_BYTES + 2)

/* The terminal's settings while echo is off, restored by the signal handler when the
 * user interrupts the prompt (otherwise the shell would be left without echo). */
static struct termios saved_termios;
static volatile sig_atomic_t echo_is_off;

static void restore_echo_and_die(int sig)
{
	if (echo_is_off)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Read one line of f into buf (PW_BUF bytes): without its final "\n" (or "\r\n").
 * Returns 0, or -1 at end of input with nothing read, or 1 when the line is longer than
 * PASSWORD_MAX_BYTES (the rest of the line is consumed and buf wiped). */
static int read_line(FILE *f, char buf[PW_BUF])
{
	size_t n = 0;
	bool any = false, long_line = false;
	for (;;) {
		int c = getc(f);
		if (c == EOF)
			break;
		any = true;
		if (c == '\n')
			break;
		if (n + 1 < PW_BUF)
			buf[n++] = (char)c;
		else
			long_line = true;
	}
	buf[n] = '\0';
	if (!any)
		return -1;
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	if (long_line || n > PASSWORD_MAX_BYTES) {
		secret_wipe(buf, PW_BUF);
		return 1;
	}
	return 0;
}

/* Prompt on stderr and read a line from the terminal on stdin without echo. */
static int read_hidden(const char *prompt, char buf[PW_BUF])
{
	struct termios quiet;
	struct sigaction sa, old[4];
	static const int sigs[4] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	if (tcgetattr(STDIN_FILENO, &saved_termios) != 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = restore_echo_and_die;
	sigemptyset(&sa.sa_mask);
	for (int k = 0; k < 4; k++)
		sigaction(sigs[k], &sa, &old[k]);
	quiet = saved_termios;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	/* echo off before the prompt: what is typed once it shows is never echoed (and
	 * TCSAFLUSH, which drops typeahead, cannot drop the answer) */
	echo_is_off = 1;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	fputs(prompt, stderr);
	fflush(stderr);
	int r = read_line(stdin, buf);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
	echo_is_off = 0;
	for (int k = 0; k < 4; k++)
		sigaction(sigs[k], &old[k], NULL);
	return r;
}

/* Get the new password of the account email into buf: from the first line of stdin
 * (from_stdin) or asked twice on the terminal. Checks it against the policy. Returns
 * an exit status; messages are printed as "dti CMD: ...". */
static int get_password(const char *cmd, const char *email, bool from_stdin,
			char buf[PW_BUF])
{
	int r;
	if (from_stdin) {
		r = read_line(stdin, buf);
	} else if (isatty(STDIN_FILENO)) {
		char prompt[300];
		snprintf(prompt, sizeof(prompt), "new password for %s: ", email);
		r = read_hidden(prompt, buf);
	} else {
		fprintf(stderr, "dti %s: no password given: use --password-stdin to read it from "
				"standard input, or run on a terminal to be asked for it\n", cmd);
		return EXIT_USAGE;
	}
	if (r < 0) {
		fprintf(stderr, "dti %s: no password was entered\n", cmd);
		return EXIT_REFUSED;
	}
	if (r > 0) {
		fprintf(stderr, "dti %s: password: must be at most %d bytes long\n", cmd,
			PASSWORD_MAX_BYTES);
		return EXIT_REFUSED;
	}
	struct field_errors errs = FIELD_ERRORS_INIT;
	enum dti_err err = password_check(buf, email, &errs);
	cli_print_errors(cmd, &errs);
	field_errors_release(&errs);
	if (err == DTI_ENOMEM) {
		fprintf(stderr, "dti %s: %s\n", cmd, dti_strerror(err));
		return EXIT_FAILED;
	}
	if (err)
		return EXIT_REFUSED;
	if (!from_stdin) {
		char again[PW_BUF];
		r = read_hidden("the same password again: ", again);
		bool same = r == 0 && strcmp(again, buf) == 0;
		secret_wipe(again, sizeof(again));
		if (!same) {
			fprintf(stderr, "dti %s: the two passwords differ; nothing changed\n", cmd);
			return EXIT_REFUSED;
		}
	}
	return EXIT_DONE;
}

/* Read, check and hash the new password of email. Returns an exit status. */
static int new_password_hash(const char *cmd, const char *email, bool from_stdin,
			     char hash[SECRET_PWHASH_LEN])
{
	char pw[PW_BUF];
	int status = get_password(cmd, email, from_stdin, pw);
	if (!status && secret_pwhash(pw, hash)) {
		fprintf(stderr, "dti %s: cannot hash the password: out of memory\n", cmd);
		status = EXIT_FAILED;
	}
	secret_wipe(pw, sizeof(pw));
	return status;
}

/* ---- helpers ---- */

static int role_index(const char *name)
{
	for (int k = 0; role_names[k]; k++)
		if (strcmp(role_names[k], name) == 0)
			return k;
	return -1;
}

static int bad_role(const char *cmd, const char *name)
{
	fprintf(stderr, "dti %s: unknown role '%s' (want admin, analyst, owner or viewer)\n",
		cmd, name);
	return EXIT_USAGE;
}

/* The id of the live unit with that code; prints a message and returns an exit
 * status when there is none. */
static int find_unit(struct store *s, const char *cmd, const char *code, int64_t *out)
{
	enum dti_err err = store_find(s, entity_get(ENTITY_UNIT), code, out);
	if (err == DTI_ENOTFOUND) {
		fprintf(stderr, "dti %s: no unit with code '%s'\n", cmd, code);
		return EXIT_REFUSED;
	}
	if (err) {
		fprintf(stderr, "dti %s: %s\n", cmd, dti_strerror(err));
		return EXIT_FAILED;
	}
	return EXIT_DONE;
}

/* The user with that e-mail, read into a. Prints a message and returns an exit status
 * when there is none. */
static int find_user(struct store *s, const char *cmd, const char *email, struct arena *a,
		     struct user **out)
{
	const struct entity_desc *ud = entity_get(ENTITY_USER);
	int64_t id;
	void *row;
	enum dti_err err = store_find(s, ud, email, &id);
	if (!err)
		err = store_get(s, ud, id, false, a, &row);
	if (err == DTI_ENOTFOUND) {
		fprintf(stderr, "dti %s: no user with e-mail '%s' (see 'dti user list')\n", cmd,
			email);
		return EXIT_REFUSED;
	}
	if (err) {
		fprintf(stderr, "dti %s: %s\n", cmd, dti_strerror(err));
		return EXIT_FAILED;
	}
	*out = row;
	return EXIT_DONE;
}

/* The exit status for a failed store write, after printing why. */
static int write_failed(const char *cmd, enum dti_err err, const struct field_errors *errs)
{
	if ((err == DTI_EINVAL || err == DTI_ECONFLICT) && field_errors_count(errs)) {
		cli_print_errors(cmd, errs);
		return EXIT_REFUSED;
	}
	if (err == DTI_ECONFLICT) {
		fprintf(stderr, "dti %s: someone else changed the account at the same time; "
				"try again\n", cmd);
		return EXIT_REFUSED;
	}
	fprintf(stderr, "dti %s: %s\n", cmd, dti_strerror(err));
	return EXIT_FAILED;
}

/* Parsed command line of a sub-command: positional arguments and known options. */
struct args {
	const char *pos[2];
	int n_pos;
	const char *db, *role, *name, *unit;
	bool password_stdin;
};

/* Parse argv (argv[0] is the sub-command) accepting the options in allowed (a list such
 * as "--role --name"); max_pos positional arguments. Returns an exit status. */
static int parse_args(int argc, char **argv, const char *cmd, const char *use,
		      const char *allowed, int max_pos, struct args *out)
{
	static const char *const valued[] = { "--db", "--role", "--name", "--unit" };
	memset(out, 0, sizeof(*out));
	for (int i = 1; i < argc;) {
		const char **slots[] = { &out->db, &out->role, &out->name, &out->unit };
		int r = 0;
		for (int k = 0; k < 4 && !r; k++) {
			if (k && !strstr(allowed, valued[k]))
				continue;
			r = cli_option(argc, argv, &i, valued[k], slots[k]);
		}
		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if (strcmp(argv[i], "--password-stdin") == 0 && strstr(allowed, "--password-stdin")) {
			out->password_stdin = true;
			i++;
		} else if (argv[i][0] != '-' && out->n_pos < max_pos) {
			out->pos[out->n_pos++] = argv[i++];
		} else {
			fprintf(stderr, "dti %s: unexpected argument '%s'\n%s", cmd, argv[i], use);
			return EXIT_USAGE;
		}
	}
	if (out->n_pos != max_pos) {
		fputs(use, stderr);
		return EXIT_USAGE;
	}
	return EXIT_DONE;
}

static const char *unit_code(struct store *s, int64_t unit_id, struct arena *a)
{
	void *row;
	if (!unit_id || store_get(s, entity_get(ENTITY_UNIT), unit_id, true, a, &row))
		return NULL;
	return ((struct unit *)row)->code;
}

/* ---- sub-commands ---- */

/* A name for a new account: the inventory person with the same e-mail, else the
 * e-mail before '@'. In a. */
static const char *default_name(struct store *s, const char *email, struct arena *a)
{
	const struct entity_desc *pd = entity_get(ENTITY_PERSON);
	int64_t id;
	void *row;
	if (!store_find(s, pd, email, &id) && !store_get(s, pd, id, false, a, &row))
		return ((struct person *)row)->name;
	const char *at = strrchr(email, '@');
	return arena_strndup(a, email, at ? (size_t)(at - email) : strlen(email));
}

static int user_add(int argc, char **argv)
{
	static const char cmd[] = "user add";
	if (cli_wants_help(argc, argv, usage_add))
		return EXIT_DONE;
	struct args o;
	int status = parse_args(argc, argv, cmd, usage_add,
				"--role --name --unit --password-stdin", 1, &o);
	if (status)
		return status;
	const char *email = o.pos[0];
	if (!o.role) {
		fprintf(stderr, "dti %s: --role is required\n%s", cmd, usage_add);
		return EXIT_USAGE;
	}
	int role = role_index(o.role);
	if (role < 0)
		return bad_role(cmd, o.role);
	if (!o.password_stdin && !isatty(STDIN_FILENO)) {
		/* said before anything else is done, so a script learns it at once */
		fprintf(stderr, "dti %s: no password given: use --password-stdin to read it from "
				"standard input, or run on a terminal to be asked for it\n", cmd);
		return EXIT_USAGE;
	}
	struct store *s = cli_open_store(cli_db_path(o.db), false);
	if (!s)
		return EXIT_FAILED;
	const struct entity_desc *ud = entity_get(ENTITY_USER);
	struct arena *a = arena_new();
	struct field_errors errs = FIELD_ERRORS_INIT;
	char hash[SECRET_PWHASH_LEN] = "";
	int64_t unit_id = 0, existing;
	enum dti_err err = DTI_OK;
	if (!a) {
		status = write_failed(cmd, DTI_ENOMEM, &errs);
		goto out;
	}
	/* What can be refused without the password is refused before asking for it; the
	 * store checks it all again inside the transaction. */
	err = store_find(s, ud, email, &existing);
	if (!err) {
		fprintf(stderr, "dti %s: a user with e-mail '%s' already exists (id %lld)\n", cmd,
			email, (long long)existing);
		status = EXIT_REFUSED;
		goto out;
	}
	if (err != DTI_ENOTFOUND) {
		status = write_failed(cmd, err, &errs);
		goto out;
	}
	if (o.unit)
		status = find_unit(s, cmd, o.unit, &unit_id);
	if (status)
		goto out;
	const char *name = o.name ? o.name : default_name(s, email, a);
	struct user *u = entity_new(ud, a);
	if (!name || !u) {
		status = write_failed(cmd, DTI_ENOMEM, &errs);
		goto out;
	}
	err = field_set_text(ud, u, entity_field_index(ud, "email"), email, strlen(email), a,
			     &errs);
	if (!err)
		err = field_set_text(ud, u, entity_field_index(ud, "name"), name, strlen(name), a,
				     &errs);
	if (!err)
		err = field_set_text(ud, u, entity_field_index(ud, "role"), o.role, strlen(o.role),
				     a, &errs);
	if (!err && unit_id)
		err = field_set_int(ud, u, entity_field_index(ud, "unit_id"), unit_id, &errs);
	if (!err)
		err = field_set_bool(ud, u, entity_field_index(ud, "active"), true, &errs);
	/* a bad e-mail or name is refused before the password is asked for */
	if (!err)
		err = entity_validate(ud, u, 0, &errs);
	if (err) {
		status = write_failed(cmd, err, &errs);
		goto out;
	}
	status = new_password_hash(cmd, u->email, o.password_stdin, hash);
	if (status)
		goto out;
	/* the user and its password together, or neither */
	err = store_begin(s);
	if (!err) {
		err = store_create(s, ud, u, a, &errs);
		if (!err)
			err = store_user_set_password(s, u->row.id, hash);
		if (!err)
			err = store_commit(s);
		else
			store_rollback(s);
	}
	if (err) {
		status = write_failed(cmd, err, &errs);
		goto out;
	}
	const char *code = unit_code(s, unit_id, a);
	printf("created user %lld '%s' (%s%s%s)\n", (long long)u->row.id, u->email,
	       role_names[role], code ? ", unit " : "", code ? code : "");
out:
	secret_wipe(hash, sizeof(hash));
	field_errors_release(&errs);
	arena_free(a);
	store_close(s);
	return status;
}

static int user_list(int argc, char **argv)
{
	static const char cmd[] = "user list";
	if (cli_wants_help(argc, argv, usage_list))
		return EXIT_DONE;
	struct args o;
	int status = parse_args(argc, argv, cmd, usage_list, "", 0, &o);
	if (status)
		return status;
	struct store *s = cli_open_store(cli_db_path(o.db), false);
	if (!s)
		return EXIT_FAILED;
	const struct entity_desc *ud = entity_get(ENTITY_USER);
	struct arena *a = arena_new();
	struct key_map units = { 0 };
	enum dti_err err = a ? store_keys(s, entity_get(ENTITY_UNIT), a, &units) : DTI_ENOMEM;
	/* every user, a page at a time */
	void **users = NULL;
	size_t n_users = 0;
	for (int64_t offset = 0; !err;) {
		struct list_query q;
		struct row_list page;
		list_query_init(&q);
		q.limit = QUERY_MAX_LIMIT;
		q.offset = offset;
		err = store_list(s, ud, &q, a, &page);
		if (err)
			break;
		void **all = arena_calloc(a, n_users + page.n_items + 1, sizeof(*all));
		if (!all) {
			err = DTI_ENOMEM;
			break;
		}
		if (n_users)
			memcpy(all, users, n_users * sizeof(*all));
		memcpy(all + n_users, page.items, page.n_items * sizeof(*all));
		users = all;
		n_users += page.n_items;
		offset += (int64_t)page.n_items;
		if (!page.n_items || offset >= page.total)
			break;
	}
	enum { COLS = 6 };
	const char **cells = err ? NULL : arena_calloc(a, (n_users + 1) * COLS, sizeof(*cells));
	if (!err && !cells)
		err = DTI_ENOMEM;
	if (err) {
		fprintf(stderr, "dti %s: %s\n", cmd, dti_strerror(err));
		status = EXIT_FAILED;
	} else if (!n_users) {
		printf("no users yet: add one with 'dti user add EMAIL --role admin'\n");
	} else {
		static const char *const header[COLS] = { "id", "email", "name", "role", "unit",
							  "active" };
		memcpy(cells, header, sizeof(header));
		for (size_t r = 0; r < n_users; r++) {
			const struct user *u = users[r];
			const char **row = cells + (r + 1) * COLS;
			row[0] = arena_printf(a, "%lld", (long long)u->row.id);
			row[1] = u->email;
			row[2] = u->name;
			row[3] = role_names[u->role];
			row[4] = u->unit_id ? key_map_find(&units, u->unit_id) : "-";
			row[5] = u->active ? "yes" : "no";
		}
		cli_print_table(cells, n_users + 1, COLS);
	}
	arena_free(a);
	store_close(s);
	return status;
}

static int user_passwd(int argc, char **argv)
{
	static const char cmd[] = "user passwd";
	if (cli_wants_help(argc, argv, usage_passwd))
		return EXIT_DONE;
	struct args o;
	int status = parse_args(argc, argv, cmd, usage_passwd, "--password-stdin", 1, &o);
	if (status)
		return status;
	if (!o.password_stdin && !isatty(STDIN_FILENO)) {
		fprintf(stderr, "dti %s: no password given: use --password-stdin to read it from "
				"standard input, or run on a terminal to be asked for it\n", cmd);
		return EXIT_USAGE;
	}
	struct store *s = cli_open_store(cli_db_path(o.db), false);
	if (!s)
		return EXIT_FAILED;
	struct arena *a = arena_new();
	struct user *u = NULL;
	char hash[SECRET_PWHASH_LEN] = "";
	status = a ? find_user(s, cmd, o.pos[0], a, &u) : EXIT_FAILED;
	if (!status)
		status = new_password_hash(cmd, u->email, o.password_stdin, hash);
	if (!status) {
		enum dti_err err = store_user_set_password(s, u->row.id, hash);
		if (err) {
			fprintf(stderr, "dti %s: %s\n", cmd, dti_strerror(err));
			status = err == DTI_ENOTFOUND ? EXIT_REFUSED : EXIT_FAILED;
		} else {
			printf("password of '%s' changed; its sessions have ended\n", u->email);
		}
	}
	secret_wipe(hash, sizeof(hash));
	arena_free(a);
	store_close(s);
	return status;
}

/* Store the changed account u (read at its current version). Returns an exit status. */
static int update_user(const char *cmd, struct store *s, struct user *u, struct arena *a)
{
	const struct entity_desc *ud = entity_get(ENTITY_USER);
	struct field_errors errs = FIELD_ERRORS_INIT;
	enum dti_err err = store_update(s, ud, u, u->row.version, a, &errs);
	int status = err ? write_failed(cmd, err, &errs) : EXIT_DONE;
	field_errors_release(&errs);
	return status;
}

static int user_set_active(int argc, char **argv, bool active)
{
	const char *cmd = active ? "user enable" : "user disable";
	const char *use = active ? usage_enable : usage_disable;
	if (cli_wants_help(argc, argv, use))
		return EXIT_DONE;
	struct args o;
	int status = parse_args(argc, argv, cmd, use, "", 1, &o);
	if (status)
		return status;
	struct store *s = cli_open_store(cli_db_path(o.db), false);
	if (!s)
		return EXIT_FAILED;
	struct arena *a = arena_new();
	struct user *u = NULL;
	status = a ? find_user(s, cmd, o.pos[0], a, &u) : EXIT_FAILED;
	if (!status && (u->active != 0) == active) {
		printf("user '%s' is already %s\n", u->email, active ? "enabled" : "disabled");
	} else if (!status) {
		u->active = active;
		status = update_user(cmd, s, u, a);
		if (!status)
			printf("user '%s' %s\n", u->email,
			       active ? "enabled" : "disabled: it can no longer log in");
	}
	arena_free(a);
	store_close(s);
	return status;
}

static int user_disable(int argc, char **argv)
{
	return user_set_active(argc, argv, false);
}

static int user_enable(int argc, char **argv)
{
	return user_set_active(argc, argv, true);
}

static int user_role(int argc, char **argv)
{
	static const char cmd[] = "user role";
	if (cli_wants_help(argc, argv, usage_role))
		return EXIT_DONE;
	struct args o;
	int status = parse_args(argc, argv, cmd, usage_role, "--unit", 2, &o);
	if (status)
		return status;
	int role = role_index(o.pos[1]);
	if (role < 0)
		return bad_role(cmd, o.pos[1]);
	struct store *s = cli_open_store(cli_db_path(o.db), false);
	if (!s)
		return EXIT_FAILED;
	struct arena *a = arena_new();
	struct user *u = NULL;
	int64_t unit_id = 0;
	status = a ? find_user(s, cmd, o.pos[0], a, &u) : EXIT_FAILED;
	if (!status && o.unit)
		status = find_unit(s, cmd, o.unit, &unit_id);
	if (!status) {
		const char *old = role_names[u->role];
		u->role = role;
		if (o.unit) {
			/* a unit known to exist: the setter cannot refuse it */
			struct field_errors errs = FIELD_ERRORS_INIT;
			const struct entity_desc *ud = entity_get(ENTITY_USER);
			if (field_set_int(ud, u, entity_field_index(ud, "unit_id"), unit_id, &errs))
				status = write_failed(cmd, DTI_EINTERNAL, &errs);
			field_errors_release(&errs);
		}
		if (!status)
			status = update_user(cmd, s, u, a);
		const char *code = status ? NULL : unit_code(s, u->unit_id, a);
		if (!status)
			printf("user '%s' is now %s (was %s)%s%s\n", u->email, role_names[role], old,
			       code ? ", unit " : "", code ? code : "");
	}
	arena_free(a);
	store_close(s);
	return status;
}

static const struct cli_cmd subcommands[] = {
	{ "add", user_add, NULL },
	{ "list", user_list, NULL },
	{ "passwd", user_passwd, NULL },
	{ "disable", user_disable, NULL },
	{ "enable", user_enable, NULL },
	{ "role", user_role, NULL },
	{ NULL, NULL, NULL },
};

int cmd_user(int argc, char **argv)
{
	return cli_dispatch("user", subcommands, usage, argc, argv);
}
