#include <stdio.h>
#include "version.h"
int main(void) { printf("epicevents %s\n", EPICEVENTS_VERSION); return 0; }
