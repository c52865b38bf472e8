/*
 * shell-complete.h — what the completion key offers, and the short pick
 * lists shown before asking for a client, contract or user.
 *
 * Words come from the command table (menus, verbs, options: never a list
 * of its own), ids from the database through the crm/ list functions, with
 * a row cap so that a key press stays instant on millions of rows.
 */
#ifndef EPICEVENTS_CLI_SHELL_COMPLETE_H
#define EPICEVENTS_CLI_SHELL_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli/shell-internal.h"

/* Rows read from the database for one completion or pick list. */
#define SHELL_CHOICES_FETCH 200
/* Rows shown at most. */
#define SHELL_CHOICES_SHOWN 20

struct shell_candidates {
	char **words;   /* what the key inserts */
	char **labels;  /* what a list shows after the word (escaped); may be NULL */
	size_t n, cap;
	bool more;      /* more matched than were kept */
};

void shell_candidates_free(struct shell_candidates *c);

/* Candidates for the word that ends at the end of `before` (the line up to
 * the cursor); *word_start is where that word starts in `before`. Nothing
 * is offered inside quotes. */
void shell_complete(struct shell *sh, const char *before,
		    struct shell_candidates *out, size_t *word_start);

enum shell_choice {
	CHOICE_NONE,
	CHOICE_CLIENT,
	CHOICE_CONTRACT,
	CHOICE_SIGNED_CONTRACT, /* for a new event: signed, your clients' */
	CHOICE_EVENT,
	CHOICE_USER,            /* active users: someone who left is offered nowhere */
	CHOICE_SUPPORT,         /* active users of the Support department */
	CHOICE_INACTIVE_USER,   /* deactivated users, for `users reactivate` only */
	CHOICE_DEPARTMENT,
	CHOICE_ON_DUPLICATE,     /* error, skip, update */
	CHOICE_JOURNAL_ENTITY,  /* audit list --entity: audit_entity_names */
	CHOICE_JOURNAL_ACTION,  /* audit list --action: audit_action_names */
	CHOICE_TIMEZONE,        /* zone names, read from the zoneinfo tree */
	/* --sort of a list: its columns (store.h's tables), and -COLUMN */
	CHOICE_SORT_CLIENT,
	CHOICE_SORT_CONTRACT,
	CHOICE_SORT_EVENT,
	CHOICE_SORT_PAYMENT,
	CHOICE_SORT_USER,
};

/* The list whose --sort a CHOICE_SORT_* completes ("clients"); NULL for
 * another kind. */
const char *shell_sort_noun(enum shell_choice kind);

/* What an option's value (or, with option NULL, the command's ID) names. */
enum shell_choice shell_choice_for(const struct cmd_entry *e, const char *option);

/* Up to max records of that kind whose id starts with prefix. Needs the
 * open database and session; offers nothing otherwise (or when the user
 * may not list them). */
void shell_choices(struct shell *sh, enum shell_choice kind, const char *prefix,
		   size_t max, struct shell_candidates *out);

/* Shows candidates one per line ("  12  Kevin Casey - Cool Startup LLC"),
 * or in columns when they have no labels. */
void shell_candidates_print(FILE *fp, const struct shell_candidates *c, int cols);

#endif
