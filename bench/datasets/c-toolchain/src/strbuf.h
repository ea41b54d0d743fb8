#ifndef STRBUF_H
#define STRBUF_H
#include <stddef.h>

/* Copies s without leading and trailing whitespace into out (size n); returns the length. */
size_t sb_trim(const char *s, char *out, size_t n);

/* Reverses s in place; returns s. */
char *sb_reverse(char *s);

/* Number of times c occurs in s. */
size_t sb_count_char(const char *s, char c);

#endif
