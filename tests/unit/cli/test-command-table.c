/*
 * test-command-table.c — the command table against the real program: for
 * every command of the table, `epicevents help NOUN VERB` exits 0, shows its
 * usage and names each of its options; every entry's permission is one the
 * policy knows; every option bound to an input field takes a value.
 *
 *   test-command-table PATH/TO/epicevents        (prints TAP)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cli/cmd.h"
#include "crm/policy.h"
#include "util/strbuf.h"

static int tests_run, tests_failed;

static void tap(bool ok, const char *what, const char *detail)
{
	tests_run++;
	if (!ok)
		tests_failed++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", tests_run, what);
	if (!ok && detail)
		printf("# %s\n", detail);
}

/* Runs `bin help <name>` and returns its standard output; *status its
 * exit status (-1 when it did not exit). */
static char *run_help(const char *bin, const char *name, int *status)
{
	struct strbuf cmd = STRBUF_INIT, out = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *p;
	int st;

	strbuf_printf(&cmd, "'%s' help %s 2>&1", bin, name);
	p = popen(cmd.buf, "r");
	while (p && (n = fread(buf, 1, sizeof buf, p)) > 0)
		strbuf_add(&out, buf, n);
	st = p ? pclose(p) : -1;
	*status = st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	strbuf_free(&cmd);
	return strbuf_detach(&out);
}

static void check_entry(const char *bin, const struct cmd_entry *e)
{
	char name[64], what[256], usage[128];
	int status;
	char *out;

	cmd_name(e, name, sizeof name);
	out = run_help(bin, name, &status);
	snprintf(what, sizeof what, "help %s exits 0", name);
	tap(status == 0, what, out);
	snprintf(usage, sizeof usage, "usage: epicevents %s", name);
	snprintf(what, sizeof what, "help %s shows its usage", name);
	tap(strstr(out, usage) != NULL, what, out);
	for (int i = 0; e->options && e->options[i].name; i++) {
		const struct cmd_option *o = &e->options[i];
		char flag[64];

		snprintf(flag, sizeof flag, "--%s", o->name);
		snprintf(what, sizeof what, "help %s names %s", name, flag);
		tap(strstr(out, flag) != NULL, what, out);
		if (o->field) {
			snprintf(what, sizeof what, "%s %s feeds an input field: it takes a value",
				 name, flag);
			tap(o->kind == OPT_VALUE, what, NULL);
		}
	}
	if (e->action) {
		enum policy_action act;
		snprintf(what, sizeof what, "%s needs '%s', a permission of the policy", name,
			 e->action);
		tap(policy_action_from_name(e->action, &act), what, NULL);
	}
	free(out);
}

int main(int argc, char **argv)
{
	const char *bin = argc > 1 ? argv[1] : NULL;
	int commands = 0;

	if (!bin) {
		printf("Bail out! usage: test-command-table PATH/TO/epicevents\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (const struct cmd_entry *e = cmd_top_entries; e->verb; e++, commands++)
		check_entry(bin, e);
	for (int n = 0; cmd_nouns[n]; n++)
		for (const struct cmd_entry *e = cmd_nouns[n]; e->verb; e++, commands++)
			check_entry(bin, e);
	/* A sanity floor: SPEC.md's commands and this program's additions. */
	tap(commands >= 30, "the table holds every command (30 or more)", NULL);
	printf("1..%d\n", tests_run);
	return tests_failed ? 1 : 0;
}
