/* cli.h — the `dti` command: one file per sub-command, dispatched from main.c. */
#ifndef DTI_CLI_CLI_H
#define DTI_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "../core/entity.h"
#include "../store/store.h"

/* Exit statuses: 0 done, 1 the input or data was refused, 2 usage error, 3 failure. */
enum { EXIT_DONE = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2, EXIT_FAILED = 3 };

struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_impact(int argc, char **argv);
int cmd_clusters(int argc, char **argv);
int cmd_waves(int argc, char **argv);
int cmd_hubs(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_rank(int argc, char **argv);
int cmd_quickwins(int argc, char **argv);
int cmd_portfolio(int argc, char **argv);
int cmd_kpi(int argc, char **argv);
int cmd_governance(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);

/* The database path: the --db flag if given, else $DTI_DB, else "dti.db". */
const char *cli_db_path(const char *flag);
/* Open the store, printing a clear message on failure. Returns NULL then. The store's
 * audit actor is set to "cli:<login name of the effective user>", so that every write
 * made from the command line is attributed. */
struct store *cli_open_store(const char *path, bool create);
/* The entity for a kind name on the command line (units, people, goals, processes,
 * dependencies, goal-links), or NULL. */
const struct entity_desc *cli_entity(const char *kind);
/* Names accepted by cli_entity, for usage texts. */
#define CLI_KINDS ENTITY_FILE_KINDS
/* Import a CSV file's content into s; name is used in messages (FILE:LINE: field:
 * message on stderr for each bad row). Progress on a terminal from 10,000 rows.
 * Returns an exit status. */
int cli_import_csv(struct store *s, const struct entity_desc *d, const char *name,
		   const char *data, size_t len, bool quiet);
/* Read a whole file (new, free with dti_free); NULL with a message on failure. */
char *cli_read_file(const char *path, size_t *out_len);
/* Run the sub-command argv[1] of group (e.g. "user") from table (NULL-terminated):
 * usage on stdout for help, on stderr with EXIT_USAGE when it is missing or unknown. */
int cli_dispatch(const char *group, const struct cli_cmd *table, const char *usage, int argc,
		 char **argv);
/* True when argv holds -h or --help (then usage has been printed to stdout). */
bool cli_wants_help(int argc, char **argv, const char *usage);

/* Print each of errs on stderr as "dti CMD: field: message" (cmd such as "user add"). */
void cli_print_errors(const char *cmd, const struct field_errors *errs);
/* Parse text as a positive decimal id (no sign, no blanks, at most 2^63 - 1). Returns
 * false when it is not one. */
bool cli_parse_id(const char *text, int64_t *out);
/* Print a table: cells[r * n_cols + c] is column c of row r, row 0 the header (NULL
 * prints as ""). Columns are padded to their widest cell in code points and separated
 * by two spaces; the last one is not padded. */
void cli_print_table(const char *const *cells, size_t n_rows, size_t n_cols);

/* If argv[*i] is option name ("--name VALUE" or "--name=VALUE"), store the value,
 * advance *i past it and return 1; return -1 (with a message) when the value is
 * missing; 0 when argv[*i] is another argument. */
int cli_option(int argc, char **argv, int *i, const char *name, const char **out);
/* The arguments of a command that takes --db only: 0 with *db (NULL when not given),
 * else EXIT_USAGE after saying what is wrong. */
int cli_db_only(int argc, char **argv, const char *cmd, const char *usage, const char **db);

#endif
