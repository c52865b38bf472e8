/*
 * cmd.h — the command table: every command of both front ends.
 *
 * Each noun's file (cmd-clients.c, cmd-contracts.c, ...) exports an array
 * of struct cmd_entry, one per verb, declaring its options as data; the
 * parser (args.c), the help text, the shell's completion and prompts are all
 * driven by those declarations, so behaviour and help cannot drift apart.
 * The one-shot front end (main.c) and the shell (shell.c) both look
 * commands up here and run them through cmd_execute().
 *
 * To add a command: add an entry to its noun's array with a run function
 * that reads its arguments with cmd_arg()/cmd_flag(), calls one crm/
 * function, and prints with out/. Flags say what it needs (a database, a
 * logged-in user); cmd_execute() provides it before run is called.
 */
#ifndef EPICEVENTS_CLI_CMD_H
#define EPICEVENTS_CLI_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crm/crm.h"
#include "format/format.h"
#include "report/sentry.h"
#include "util/config.h"
#include "util/error.h"


#define CMD_MAX_OPTIONS 16

enum cmd_flags {
	CMD_NEEDS_DB = 1 << 0,      /* opens the database (and checks its version) */
	CMD_NEEDS_SESSION = 1 << 1, /* a logged-in user; implies CMD_NEEDS_DB */
	CMD_LIST = 1 << 2,          /* takes --limit and --offset */
	CMD_SETUP = 1 << 3,         /* db init/migrate: no version check */
	CMD_SECRET = 1 << 4,        /* the line may carry a secret: keep it out of history */
};

enum opt_kind {
	OPT_FLAG,  /* --mine */
	OPT_VALUE, /* --email EMAIL */
};

struct cmd_option {
	const char *name;    /* without dashes: "full-name" */
	enum opt_kind kind;
	const char *metavar; /* "NAME" */
	const char *help;
	/* For fields a create needs: the prompt label ("Full name"), asked for
	 * on a terminal when the option is missing; NULL = not a prompted field. */
	const char *prompt;
	bool required;       /* a create fails without it (after prompting) */
	/* Checks one answer, so prompts can ask again at once; may be NULL. */
	enum crm_code (*check)(const char *value, struct crm_error *err);
	/* The member of the command's input struct (crm.h) the value goes to,
	 * as CMD_FIELD(struct client_input, full_name); 0 = not bound. */
	size_t field;
};

/* Binds an option to a `const char *` member of an input struct
 * (model.h's INPUT_FIELD); cmd_bind() then fills the struct from the
 * parsed options. */
#define CMD_FIELD(type, member) INPUT_FIELD(type, member)

struct cmd_entry;

struct cmd_args {
	const struct cmd_entry *entry;
	const char *id_text;                  /* the positional ID, if any */
	int64_t id;                           /* parsed id_text */
	const char *values[CMD_MAX_OPTIONS];  /* by option index; NULL = absent */
	bool given[CMD_MAX_OPTIONS];
	int64_t limit, offset;                /* CMD_LIST; 0 = none */
	char *owned[CMD_MAX_OPTIONS];         /* prompted answers, freed by cmd_args_free */
};

/* What a command runs with. Owned by the front end. */
struct cmd_ctx {
	const struct config *cfg;
	struct crm *crm;             /* the backend; NULL until a command needs it */
	struct crm_options crm_opt;  /* what it is opened with */
	struct session session;      /* valid when has_session */
	bool has_session;
	struct out_options out;
	bool interactive;            /* standard input is a terminal */
	bool in_shell;
	struct sentry *sentry;       /* NULL when off */
	const char *db_option;       /* --db given after the command, if any */
	/* The shell's own questions for a command's fields (current values
	 * on update, pick lists); NULL = cmd_complete_fields. `front` is the
	 * front end's state, for the hook. */
	enum crm_code (*ask_fields)(struct cmd_ctx *ctx, struct cmd_args *args,
				    struct crm_error *err);
	void *front;
};

struct cmd_entry {
	const char *noun;       /* "clients"; NULL for top-level verbs (login) */
	const char *verb;       /* "list" */
	const char *positional; /* "ID" when the verb takes one, else NULL */
	const char *summary;    /* one line for help */
	unsigned flags;         /* enum cmd_flags */
	const struct cmd_option *options; /* NULL-name terminated, may be NULL */
	enum crm_code (*run)(struct cmd_ctx *ctx, struct cmd_args *args,
			     struct crm_error *err);
	/* The permission it needs (crm/policy.h's stable name, "client.update"),
	 * checked before any question is asked; NULL when anyone may. */
	const char *action;
};

/* The table: every entry, NULL-verb terminated. */
extern const struct cmd_entry *const cmd_nouns[];
extern const char *const cmd_noun_names[];
extern const struct cmd_entry cmd_top_entries[];
extern const struct cmd_entry cmd_clients_entries[];
extern const struct cmd_entry cmd_contracts_entries[];
extern const struct cmd_entry cmd_payments_entries[];
extern const struct cmd_entry cmd_events_entries[];
extern const struct cmd_entry cmd_calendar_entries[];
extern const struct cmd_entry cmd_users_entries[];
extern const struct cmd_entry cmd_audit_entries[];
extern const struct cmd_entry cmd_db_entries[];
/* `NOUN history ID` (cmd-audit.c): the record's journal, the noun's kind. */
enum crm_code cmd_run_history(struct cmd_ctx *ctx, struct cmd_args *args, struct crm_error *err);
/* serve (cmd-serve.c), listed among the top-level verbs */
extern const struct cmd_option cmd_serve_options[];
enum crm_code cmd_run_serve(struct cmd_ctx *ctx, struct cmd_args *args, struct crm_error *err);

/* The options before the command ("--json, --csv": usage as help shows
 * it; help NULL when the usage says it all), usage-NULL terminated. */
struct cmd_global_option {
	const char *usage;
	const char *help;
};
extern const struct cmd_global_option cmd_global_options[];

/* The exit codes and what each means, meaning-NULL terminated. */
struct cmd_exit_code {
	int code;
	const char *meaning;
};
extern const struct cmd_exit_code cmd_exit_codes[];

/* Finds a noun's entries by exact name or unambiguous prefix.
 * CRM_EINVALID with "unknown command 'x'" (+ nearest) or "ambiguous". */
enum crm_code cmd_find_noun(const char *word, const struct cmd_entry **out,
			    const char **out_name, struct crm_error *err);
/* Finds a verb among entries (exact or unambiguous prefix). */
enum crm_code cmd_find_verb(const struct cmd_entry *entries, const char *noun,
			    const char *word, const struct cmd_entry **out,
			    struct crm_error *err);
/* Finds the command named by words[0] (and words[1] for nouns); sets
 * *used to the number of words consumed. */
enum crm_code cmd_lookup(int nwords, char **words, const struct cmd_entry **out,
			 int *used, struct crm_error *err);

/* Parses a command's arguments (after its name). Global options that
 * reach here (--json, --csv, --no-color) are applied to ctx->out.
 * Unknown options and missing values are CRM_EINVALID. */
enum crm_code cmd_parse_args(const struct cmd_entry *e, int argc, char **argv,
			     struct cmd_ctx *ctx, struct cmd_args *out,
			     struct crm_error *err);
void cmd_args_free(struct cmd_args *args);

/* The option's value (NULL when absent) / whether a flag was given. */
/* An option's value (NULL: not given) or whether a flag was given. Asking
 * for an option the entry does not declare aborts: a typo, caught by the
 * first test that runs the command. */
const char *cmd_arg(const struct cmd_args *args, const char *name);
/* Walks the options given, in the entry's order, for listing criteria
 * (crm.h's *_filter_set): from *i on, the next one's "--name" into key and
 * its value (NULL for a flag); false after the last.
 *   for (int i = 0; rc == CRM_OK && cmd_next_given(a, &i, key, &value);)
 *           rc = client_filter_set(&f, key, value, err); */
#define CMD_KEY_MAX 64
bool cmd_next_given(const struct cmd_args *args, int *i, char key[CMD_KEY_MAX],
		    const char **value);

/* Sets every bound option's member of *input (see CMD_FIELD) to its value,
 * NULL when not given; members no option is bound to are left alone. */
void cmd_bind(const struct cmd_args *args, void *input);
bool cmd_flag(const struct cmd_args *args, const char *name);

/* Asks for every missing required field on a terminal, or fails with
 * "missing --x" when standard input is not one. */
enum crm_code cmd_complete_fields(struct cmd_ctx *ctx, struct cmd_args *args,
				  struct crm_error *err);

/* Opens the database and the session as the entry's flags say, then runs
 * it. The database stays open in ctx for the next command (shell). */
enum crm_code cmd_execute(struct cmd_ctx *ctx, struct cmd_args *args,
			  struct crm_error *err);
/* Closes what cmd_execute opened. */
void cmd_ctx_close(struct cmd_ctx *ctx);

/* The logged-in user for a Sentry event; user_id 0 when there is none. */
struct sentry_actor cmd_sentry_actor(const struct cmd_ctx *ctx);

/* Help: the whole program, or one noun ("clients"), or one command. An
 * unknown command is CRM_EINVALID (nothing printed), as it is when run. */
enum crm_code cmd_print_help(FILE *fp, int nwords, char **words, struct crm_error *err);
void cmd_print_usage(FILE *fp, const struct cmd_entry *e);

/* "clients list" into buf. */
const char *cmd_name(const struct cmd_entry *e, char *buf, size_t size);

#endif
