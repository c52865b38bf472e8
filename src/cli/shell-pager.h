/*
 * shell-pager.h — the output of one shell command, on a terminal, through
 * $PAGER when it is taller than the screen (as psql does).
 *
 * The command writes to shell_pager_file(); lines are held until they fill
 * the screen, then the pager starts and gets them and the rest as it comes,
 * so that memory does not grow with a long list. Shorter output is printed
 * as it is when the command ends. PAGER unset means "less -FRX" (or "more"
 * without less); PAGER set to "" never pages.
 */
#ifndef EPICEVENTS_CLI_SHELL_PAGER_H
#define EPICEVENTS_CLI_SHELL_PAGER_H

#include <stdbool.h>
#include <stdio.h>

struct shell_pager;

/* For a screen of rows x cols cells. Never fails (out of memory aborts). */
struct shell_pager *shell_pager_open(int rows, int cols);
FILE *shell_pager_file(struct shell_pager *p);
/* Prints what is held, or waits for the pager to finish. Returns true when
 * the output was cut short on purpose (the reader quit the pager, or
 * Ctrl-C), so that the write error the command saw is no failure. */
bool shell_pager_close(struct shell_pager *p);

/* The terminal's size (standard output), with 24 x 80 as fallback. */
void shell_screen_size(int *rows, int *cols);

#endif
