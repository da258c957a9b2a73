/* host/help.h: kiln's usage text. */
#ifndef KILN_HOST_HELP_H
#define KILN_HOST_HELP_H

#include <stdio.h>

/* Print the full usage of kiln to f (stdout for --help, stderr on misuse). */
void help_print(FILE *f);

#endif
