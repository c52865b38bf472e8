/*
 * doc.h — the documents generated from the command table (cli/cmd.h) at
 * build time, so that they cannot drift from the program: the manual page
 * epicevents(1) and the completions of bash, zsh and fish.
 *
 * Each writes the whole document to fp. The completions offer commands,
 * options and the values the table knows (departments); the ids of clients,
 * contracts, events and users come from `epicevents --json ... list`, run
 * only when a token file exists (a session), with the --db or --server the
 * command line already has.
 */
#ifndef EPICEVENTS_DOC_DOC_H
#define EPICEVENTS_DOC_DOC_H

#include <stdio.h>

void doc_man(FILE *fp, const char *version);
void doc_bash_completion(FILE *fp);
void doc_zsh_completion(FILE *fp);
void doc_fish_completion(FILE *fp);

/* What the value of an option (or, with option NULL, the command's ID)
 * names, as completion scripts fetch it: static words ("Commercial Support
 * Management"), or the arguments of the listing that gives the ids
 * ("users list --department Support"). Both NULL: nothing to offer. */
struct doc_values {
	const char *words;
	const char *listing;
};
struct cmd_entry;
struct doc_values doc_values_for(const struct cmd_entry *e, const char *option);

#endif
