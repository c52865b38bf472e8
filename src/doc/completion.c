#include "doc/doc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"

/*
 * The three shells share one candidate generator written in POSIX sh (zsh
 * runs it under `emulate sh`, fish through sh -c): given the words of the
 * line and the index of the one under the cursor, it prints the candidates,
 * one a line, or FILES when a file name is wanted. Each shell then filters
 * by what was typed in its own way. The command-specific parts are case
 * tables generated below from cmd.h's entries.
 */

/* Listings for ids get at most this many rows: enough to pick from. */
#define IDS_LIMIT 200

static void words_of_entries(FILE *fp, const struct cmd_entry *entries)
{
	for (const struct cmd_entry *e = entries; e->verb; e++)
		fprintf(fp, " %s", e->verb);
}

static bool metavar_is_file(const char *metavar)
{
	return metavar && (strcmp(metavar, "FILE") == 0 || strcmp(metavar, "PATH") == 0);
}

/* One case arm of _ee_spec: the command's options, those that take a
 * value, and the listing its positional ID comes from. */
static void spec_arm(FILE *fp, const struct cmd_entry *e)
{
	char name[64];
	struct doc_values pos = doc_values_for(e, NULL);

	fprintf(fp, "\t'%s')\n\t\t_ee_opts='", cmd_name(e, name, sizeof name));
	for (int i = 0; e->options && e->options[i].name; i++)
		fprintf(fp, "%s--%s", i ? " " : "", e->options[i].name);
	if (e->flags & CMD_LIST)
		fprintf(fp, "%s--limit --offset", e->options && e->options[0].name ? " " : "");
	fputs("'\n\t\t_ee_valopts='", fp);
	bool first = true;
	for (int i = 0; e->options && e->options[i].name; i++) {
		if (e->options[i].kind != OPT_VALUE)
			continue;
		fprintf(fp, "%s--%s", first ? "" : " ", e->options[i].name);
		first = false;
	}
	if (e->flags & CMD_LIST)
		fprintf(fp, "%s--limit --offset", first ? "" : " ");
	fprintf(fp, "'\n\t\t_ee_pos='%s'\n\t\t_ee_poslist='%s' ;;\n", e->positional ? "1" : "",
		e->positional && pos.listing ? pos.listing : "");
}

/* The case arms of _ee_values for the options whose values are known. */
static void value_arms(FILE *fp, const struct cmd_entry *e)
{
	char name[64];

	cmd_name(e, name, sizeof name);
	for (int i = 0; e->options && e->options[i].name; i++) {
		const struct cmd_option *o = &e->options[i];
		struct doc_values v;
		if (o->kind != OPT_VALUE)
			continue;
		v = doc_values_for(e, o->name);
		if (v.words)
			fprintf(fp, "\t'%s --%s') printf '%%s\\n' %s ;;\n", name, o->name, v.words);
		else if (v.listing)
			fprintf(fp, "\t'%s --%s') _ee_ids %s ;;\n", name, o->name, v.listing);
		else if (metavar_is_file(o->metavar))
			fprintf(fp, "\t'%s --%s') echo FILES ;;\n", name, o->name);
	}
}

static void for_each_entry(FILE *fp, void (*arm)(FILE *, const struct cmd_entry *))
{
	for (const struct cmd_entry *e = cmd_top_entries; e->verb; e++)
		arm(fp, e);
	for (int i = 0; cmd_nouns[i]; i++)
		for (const struct cmd_entry *e = cmd_nouns[i]; e->verb; e++)
			arm(fp, e);
}

/* Global option words ("--json, --csv" gives two), and those taking a value. */
static void global_words(FILE *fp, bool with_value)
{
	bool first = true;

	for (const struct cmd_global_option *g = cmd_global_options; g->usage; g++) {
		const char *s = g->usage;
		while (*s) {
			size_t n = strcspn(s, " ,");
			bool value = s[n] == ' ' && s[n + 1] != '-';
			if (n && s[0] == '-' && value == with_value) {
				fprintf(fp, "%s%.*s", first ? "" : " ", (int)n, s);
				first = false;
			}
			s += n;
			if (value)
				s += strcspn(s, ",");
			s += strspn(s, " ,");
		}
	}
}

static void candidates_function(FILE *fp)
{
	fputs("# shellcheck disable=SC2086,SC2046 # the word lists are split on purpose\n"
	      "_ee_nouns='", fp);
	for (int i = 0; cmd_noun_names[i]; i++)
		fprintf(fp, "%s%s", i ? " " : "", cmd_noun_names[i]);
	fputs("'\n_ee_top='", fp);
	words_of_entries(fp, cmd_top_entries);
	fputs("'\n_ee_global='", fp);
	global_words(fp, false);
	fputc(' ', fp);
	global_words(fp, true);
	fputs("'\n_ee_global_valopts='", fp);
	global_words(fp, true);
	fputs("'\n\n_ee_verbs() {\n\tcase $1 in\n", fp);
	for (int i = 0; cmd_nouns[i]; i++) {
		fprintf(fp, "\t%s) echo '", cmd_noun_names[i]);
		words_of_entries(fp, cmd_nouns[i]);
		fputs("' ;;\n", fp);
	}
	fputs("\tesac\n}\n\n_ee_spec() {\n\t_ee_opts='' _ee_valopts='' _ee_pos='' _ee_poslist=''\n"
	      "\tcase $1 in\n", fp);
	for_each_entry(fp, spec_arm);
	fputs("\tesac\n}\n\n", fp);
	fprintf(fp,
		"# Ids only with a session: nothing runs against a database otherwise.\n"
		"_ee_ids() {\n"
		"\t[ -s \"${EPICEVENTS_TOKEN_FILE:-$HOME/.epic_events_token}\" ] || return 0\n"
		"\t# shellcheck disable=SC2086 # the line's own --db/--server words\n"
		"\t\"$_ee_prog\" $_ee_line_global --json \"$@\" --limit %d 2>/dev/null |\n"
		"\t\tsed -n 's/^[[:space:]]*{\"id\": \\([0-9][0-9]*\\),.*/\\1/p'\n"
		"}\n\n",
		IDS_LIMIT);
	fputs("_ee_values() {\n\tcase \"$1 $2\" in\n", fp);
	for_each_entry(fp, value_arms);
	fputs("\t'* --db') echo FILES ;;\n"
	      "\tesac\n}\n\n", fp);
	fputs("_ee_is_word() { # WORD LIST\n"
	      "\tcase \" $2 \" in *\" $1 \"*) return 0 ;; esac\n"
	      "\treturn 1\n"
	      "}\n\n"
	      "# _epicevents_candidates INDEX WORD...: INDEX (from 0, the program) is the\n"
	      "# word under the cursor.\n"
	      "_epicevents_candidates() {\n"
	      "\t_ee_cw=$1; shift\n"
	      "\t_ee_prog=$1\n"
	      "\t_ee_cmd='' _ee_verb='' _ee_npos=0 _ee_prev='' _ee_skip='' _ee_line_global='' _ee_i=0\n"
	      "\t_ee_spec ''\n"
	      "\tfor _ee_w in \"$@\"; do\n"
	      "\t\tif [ \"$_ee_i\" -ge \"$_ee_cw\" ]; then break; fi\n"
	      "\t\t_ee_i=$((_ee_i + 1))\n"
	      "\t\tif [ \"$_ee_i\" -eq 1 ]; then _ee_prev=$_ee_w; continue; fi\n"
	      "\t\tif [ \"$_ee_skip\" = global ]; then\n"
	      "\t\t\t_ee_line_global=\"$_ee_line_global $_ee_w\"; _ee_skip=\n"
	      "\t\telif [ -n \"$_ee_skip\" ]; then\n"
	      "\t\t\t_ee_skip=\n"
	      "\t\telif _ee_is_word \"$_ee_w\" \"$_ee_global_valopts\"; then\n"
	      "\t\t\t_ee_line_global=\"$_ee_line_global $_ee_w\"; _ee_skip=global\n"
	      "\t\telif _ee_is_word \"$_ee_w\" \"$_ee_valopts\"; then\n"
	      "\t\t\t_ee_skip=value\n"
	      "\t\telif [ -z \"$_ee_cmd\" ]; then\n"
	      "\t\t\tcase $_ee_w in -*) ;; *)\n"
	      "\t\t\t\t_ee_cmd=$_ee_w\n"
	      "\t\t\t\t_ee_is_word \"$_ee_cmd\" \"$_ee_nouns\" || { _ee_verb=-; _ee_spec \"$_ee_cmd\"; } ;;\n"
	      "\t\t\tesac\n"
	      "\t\telif [ -z \"$_ee_verb\" ]; then\n"
	      "\t\t\tcase $_ee_w in -*) ;; *) _ee_verb=$_ee_w; _ee_spec \"$_ee_cmd $_ee_verb\" ;; esac\n"
	      "\t\telse\n"
	      "\t\t\tcase $_ee_w in -*) ;; *) _ee_npos=$((_ee_npos + 1)) ;; esac\n"
	      "\t\tfi\n"
	      "\t\t_ee_prev=$_ee_w\n"
	      "\tdone\n"
	      "\t_ee_cur=''\n"
	      "\t[ \"$_ee_i\" -eq \"$_ee_cw\" ] && [ \"$#\" -gt \"$_ee_cw\" ] && eval \"_ee_cur=\\${$((_ee_cw + 1))}\"\n"
	      "\tif [ \"$_ee_skip\" = global ]; then\n"
	      "\t\t_ee_values '*' \"$_ee_prev\"\n"
	      "\telif [ -n \"$_ee_skip\" ]; then\n"
	      "\t\tif [ \"$_ee_verb\" = - ]; then _ee_values \"$_ee_cmd\" \"$_ee_prev\"\n"
	      "\t\telse _ee_values \"$_ee_cmd $_ee_verb\" \"$_ee_prev\"; fi\n"
	      "\telif [ -z \"$_ee_cmd\" ]; then\n"
	      "\t\tcase $_ee_cur in -*) printf '%s\\n' $_ee_global ;;\n"
	      "\t\t*) printf '%s\\n' $_ee_top $_ee_nouns ;; esac\n"
	      "\telif [ -z \"$_ee_verb\" ]; then\n"
	      "\t\tprintf '%s\\n' $(_ee_verbs \"$_ee_cmd\")\n"
	      "\telse\n"
	      "\t\tcase $_ee_cur in\n"
	      "\t\t-*) printf '%s\\n' $_ee_opts --json --csv --no-color ;;\n"
	      "\t\t*)\n"
	      "\t\t\tif [ \"$_ee_cmd\" = help ]; then\n"
	      "\t\t\t\t[ \"$_ee_npos\" -eq 0 ] && printf '%s\\n' $_ee_top $_ee_nouns\n"
	      "\t\t\telif [ -n \"$_ee_pos\" ] && [ \"$_ee_npos\" -eq 0 ] && [ -n \"$_ee_poslist\" ]; then\n"
	      "\t\t\t\t_ee_ids $_ee_poslist\n"
	      "\t\t\tfi ;;\n"
	      "\t\tesac\n"
	      "\tfi\n"
	      "\treturn 0\n"
	      "}\n", fp);
}

void doc_bash_completion(FILE *fp)
{
	fputs("# bash completion for epicevents: generated from its command table.\n"
	      "# shellcheck shell=bash\n\n", fp);
	candidates_function(fp);
	fputs("\n_epicevents() {\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} list\n"
	      "\tlist=$(_epicevents_candidates \"$COMP_CWORD\" \"${COMP_WORDS[@]}\")\n"
	      "\tCOMPREPLY=()\n"
	      "\tif [ \"$list\" = FILES ]; then\n"
	      "\t\tmapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n"
	      "\telse\n"
	      "\t\tmapfile -t COMPREPLY < <(compgen -W \"$list\" -- \"$cur\")\n"
	      "\tfi\n"
	      "}\n"
	      "complete -F _epicevents epicevents\n", fp);
}

void doc_zsh_completion(FILE *fp)
{
	fputs("#compdef epicevents\n"
	      "# zsh completion for epicevents: generated from its command table.\n\n"
	      "# The generator is POSIX sh: run it with sh's word splitting.\n"
	      "_epicevents_candidates_sh() {\n"
	      "\temulate -L sh\n"
	      "\t_epicevents_candidates \"$@\"\n"
	      "}\n\n"
	      "_epicevents_zsh() {\n"
	      "\tlocal -a list\n"
	      "\tlist=(${(f)\"$(_epicevents_candidates_sh $((CURRENT - 1)) \"${words[@]}\")\"})\n"
	      "\tif [[ ${list[1]} == FILES ]]; then\n"
	      "\t\t_files\n"
	      "\telse\n"
	      "\t\tcompadd -a list\n"
	      "\tfi\n"
	      "}\n\n", fp);
	candidates_function(fp);
	fputs("\n_epicevents_zsh \"$@\"\n", fp);
}

/* fish: the generator as a sh script in a fish string. */
static void fish_quoted(FILE *fp, const char *s)
{
	fputc('\'', fp);
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			fputc('\\', fp);
		fputc(*s, fp);
	}
	fputc('\'', fp);
}

void doc_fish_completion(FILE *fp)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (!mem)
		return;
	candidates_function(mem);
	fputs("_epicevents_candidates \"$@\"\n", mem);
	fclose(mem);
	fputs("# fish completion for epicevents: generated from its command table.\n\n"
	      "set -g __epicevents_sh ", fp);
	fish_quoted(fp, text);
	free(text);
	fputs("\n\nfunction __epicevents_complete\n"
	      "\tset -l words (commandline -opc) (commandline -ct)\n"
	      "\tset -l list (sh -c $__epicevents_sh epicevents (math (count $words) - 1) $words)\n"
	      "\tif test \"$list[1]\" = FILES\n"
	      "\t\t__fish_complete_path (commandline -ct)\n"
	      "\telse\n"
	      "\t\tprintf '%s\\n' $list\n"
	      "\tend\n"
	      "end\n\n"
	      "complete -c epicevents -f -a '(__epicevents_complete)'\n", fp);
}
