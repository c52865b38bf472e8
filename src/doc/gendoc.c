/* gendoc: writes one document generated from the command table (doc.h) to
 * standard output; run by the build. Usage: gendoc man|bash|zsh|fish */
#include <stdio.h>
#include <string.h>

#include "doc/doc.h"
#include "version.h"

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*write)(FILE *fp);
	} completions[] = {
		{ "bash", doc_bash_completion },
		{ "zsh", doc_zsh_completion },
		{ "fish", doc_fish_completion },
	};

	if (argc == 2 && strcmp(argv[1], "man") == 0) {
		doc_man(stdout, EPICEVENTS_VERSION);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	for (size_t i = 0; argc == 2 && i < sizeof completions / sizeof completions[0]; i++) {
		if (strcmp(argv[1], completions[i].name) == 0) {
			completions[i].write(stdout);
			return fflush(stdout) == 0 ? 0 : 1;
		}
	}
	fputs("usage: gendoc man|bash|zsh|fish\n", stderr);
	return 2;
}
