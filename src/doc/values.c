#include "doc/doc.h"

#include "cli/cmd.h"
#include "cli/shell-complete.h"

#include <stdio.h>

/* The shell's own notion of what a value names, so that the interactive
 * shell and the completion scripts offer the same things. */
struct doc_values doc_values_for(const struct cmd_entry *e, const char *option)
{
	static const struct doc_values by_choice[] = {
		[CHOICE_NONE] = { NULL, NULL },
		[CHOICE_CLIENT] = { NULL, "clients list" },
		[CHOICE_CONTRACT] = { NULL, "contracts list" },
		[CHOICE_SIGNED_CONTRACT] = { NULL, "contracts list --signed" },
		[CHOICE_EVENT] = { NULL, "events list" },
		[CHOICE_USER] = { NULL, "users list" },
		[CHOICE_SUPPORT] = { NULL, "users list --department Support" },
		[CHOICE_DEPARTMENT] = { "Commercial Support Management", NULL },
		/* crm.h's audit_entity_names and audit_action_names */
		[CHOICE_JOURNAL_ENTITY] = { "client contract event user payment session", NULL },
		[CHOICE_JOURNAL_ACTION] = { "create update delete sign assign pay void import "
					    "deactivate reactivate unlock login login_failed "
					    "login_refused logout_all passwd_failed passwd_refused",
					    NULL },
	};
	enum shell_choice c = shell_choice_for(e, option);

	if (shell_sort_noun(c)) {
		/* The list's columns then their descending forms, once per list. */
		static char words[CHOICE_SORT_USER - CHOICE_SORT_CLIENT + 1][512];
		char *w = words[c - CHOICE_SORT_CLIENT];
		if (!*w) {
			const char *names[16];
			size_t n = crm_sort_columns(shell_sort_noun(c), names, 16), len = 0;
			for (int desc = 0; desc < 2; desc++)
				for (size_t i = 0; i < n && len < sizeof words[0]; i++)
					len += (size_t)snprintf(w + len, sizeof words[0] - len, "%s%s%s",
								len ? " " : "", desc ? "-" : "",
								names[i]);
		}
		return (struct doc_values){ w, NULL };
	}

	if ((size_t)c >= sizeof by_choice / sizeof by_choice[0])
		return by_choice[CHOICE_NONE];
	return by_choice[c];
}
