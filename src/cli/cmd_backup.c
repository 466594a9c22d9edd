/* cmd_backup.c — `dti backup FILE` (a consistent copy while the server runs and
 * writes) and `dti restore FILE` (checked before anything is replaced). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../store/backup.h"
#include "../util/timeutil.h"
#include "../util/banned.h"

static const char backup_usage[] =
	"usage: dti backup FILE [--db PATH]\n\n"
	"Write a consistent copy of the database to FILE (a new file: an existing one is\n"
	"never overwritten). Safe while `dti serve` runs and writes: the copy is one\n"
	"snapshot. The copy is checked (SQLite's integrity check and the audit trail's hash\n"
	"chain) before it is given its name; a copy that fails is removed.\n";

static const char restore_usage[] =
	"usage: dti restore FILE [--keep PATH] [--db PATH]\n\n"
	"Replace the database with the copy in FILE. Nothing is replaced unless the copy\n"
	"passes SQLite's integrity check, was made by this or an older dti, and its audit\n"
	"trail's hash chain is unbroken. What the database held until now is first saved\n"
	"to PATH (default: the database's name + .before-restore-YYYYMMDDTHHMMSSZ). Servers running on\n"
	"the database see the restored content at once. The restore is recorded in the\n"
	"audit trail.\n";

static void describe(const char *what, const struct db_check *c)
{
	printf("%s: %lld processes, %lld information assets, %lld accounts; audit trail of "
	       "%lld entries intact%s%s%s\n", what, (long long)c->processes, (long long)c->assets,
	       (long long)c->users, (long long)c->audit_entries, c->last_change ?
	       " (newest change " : "", c->last_change ? c->last_change : "",
	       c->last_change ? ")" : "");
}

/* Why a copy may not be used, on stderr. */
static void refuse(const char *cmd, const char *file, const struct db_check *c)
{
	if (!c->intact)
		fprintf(stderr, "dti %s: '%s' is damaged: %s\n", cmd, file,
			c->problem ? c->problem : "integrity check failed");
	else if (c->newer)
		fprintf(stderr, "dti %s: '%s' was made by a newer dti (schema %lld): use that "
			"version\n", cmd, file, (long long)c->schema);
	else
		fprintf(stderr, "dti %s: '%s': the audit trail does not match from entry %lld on "
			"(edited or removed); not used\n", cmd, file, (long long)c->audit_bad_seq);
}

static int parse(int argc, char **argv, const char *usage, const char *cmd, const char **db,
		 const char **keep, const char **file)
{
	if (cli_wants_help(argc, argv, usage))
		return -1;
	for (int i = 1; i < argc;) {
		int r = cli_option(argc, argv, &i, "--db", db);
		if (!r && keep)
			r = cli_option(argc, argv, &i, "--keep", keep);
		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if (argv[i][0] == '-' || *file) {
			fprintf(stderr, "dti %s: unexpected argument '%s'\n%s", cmd, argv[i], usage);
			return EXIT_USAGE;
		}
		*file = argv[i++];
	}
	if (!*file) {
		fprintf(stderr, "dti %s: name the FILE\n%s", cmd, usage);
		return EXIT_USAGE;
	}
	return EXIT_DONE;
}

int cmd_backup(int argc, char **argv)
{
	const char *db = NULL, *file = NULL;
	int status = parse(argc, argv, backup_usage, "backup", &db, NULL, &file);
	if (status)
		return status < 0 ? EXIT_DONE : status;
	struct store *s = cli_open_store(cli_db_path(db), false);
	struct arena *a = arena_new();
	if (!s || !a) {
		arena_free(a);
		store_close(s);
		return EXIT_FAILED;
	}
	struct db_check c;
	enum dti_err err = store_backup(s, file, a, &c);
	if (err == DTI_ECONFLICT) {
		fprintf(stderr, "dti backup: '%s' exists already: choose a new file name\n", file);
		status = EXIT_REFUSED;
	} else if (err == DTI_EINTERNAL) {
		refuse("backup", file, &c);
		status = EXIT_FAILED;
	} else if (err) {
		fprintf(stderr, "dti backup: cannot write '%s': %s\n", file, dti_strerror(err));
		status = EXIT_FAILED;
	} else {
		describe(file, &c);
	}
	arena_free(a);
	store_close(s);
	return status;
}

int cmd_restore(int argc, char **argv)
{
	const char *db = NULL, *keep = NULL, *file = NULL;
	int status = parse(argc, argv, restore_usage, "restore", &db, &keep, &file);
	if (status)
		return status < 0 ? EXIT_DONE : status;
	struct arena *a = arena_new();
	if (!a)
		return EXIT_FAILED;
	const char *path = cli_db_path(db);
	char now[TIME_ISO_LEN], stamp[TIME_ISO_LEN];
	time_now_iso(now);
	/* 2026-11-27T18:11:49Z -> 20261127T181149Z: no ':' in file names */
	size_t k = 0;
	for (const char *p = now; *p; p++)
		if (*p != '-' && *p != ':')
			stamp[k++] = *p;
	stamp[k] = '\0';
	if (!keep)
		keep = arena_printf(a, "%s.before-restore-%s", path, stamp);
	struct store *s = keep ? cli_open_store(path, false) : NULL;
	if (!s) {
		arena_free(a);
		return EXIT_FAILED;
	}
	struct db_check c;
	enum dti_err err = store_restore(s, file, keep, a, &c);
	if (err == DTI_EINVAL) {
		refuse("restore", file, &c);
		fprintf(stderr, "dti restore: nothing was changed\n");
		status = EXIT_REFUSED;
	} else if (err == DTI_ENOTFOUND || err == DTI_EDB) {
		fprintf(stderr, "dti restore: '%s' is not a dti database that can be read: %s; "
			"nothing was changed\n", file, dti_strerror(err));
		status = EXIT_REFUSED;
	} else if (err == DTI_ECONFLICT) {
		fprintf(stderr, "dti restore: '%s' exists already: choose another --keep; "
			"nothing was changed\n", keep);
		status = EXIT_REFUSED;
	} else if (err) {
		fprintf(stderr, "dti restore: %s\n", dti_strerror(err));
		status = EXIT_FAILED;
	} else {
		describe(file, &c);
		printf("restored '%s' into '%s'; what it held before is in '%s'\n", file, path,
		       keep);
	}
	arena_free(a);
	store_close(s);
	return status;
}
