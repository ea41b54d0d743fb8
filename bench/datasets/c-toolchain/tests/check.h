#ifndef CHECK_H
#define CHECK_H
#include <stdio.h>
#include <string.h>

static int failures = 0;
#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)
#define CHECK_STR(a, b) CHECK(strcmp((a), (b)) == 0)
#define DONE() do { printf("%s: %s\n", __FILE__, failures ? "FAILED" : "ok"); return failures ? 1 : 0; } while (0)
#endif
