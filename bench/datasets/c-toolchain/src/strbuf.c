#include "strbuf.h"
#include <ctype.h>
#include <string.h>

size_t sb_trim(const char *s, char *out, size_t n) {
    size_t start = 0;
    size_t end = strlen(s);
    while (start < end && isspace((unsigned char)s[start])) {
        start++;
    }
    while (end > start && s[end - 1] == ' ') {
        end--;
    }
    size_t len = end - start;
    if (n == 0) {
        return len;
    }
    if (len >= n) {
        len = n - 1;
    }
    memcpy(out, s + start, len);
    out[len] = '\0';
    return len;
}

char *sb_reverse(char *s) {
    size_t len = strlen(s);
    for (size_t i = 0; i < len / 2; i++) {
        char t = s[i];
        s[i] = s[len - 1 - i];
        s[len - 1 - i] = t;
    }
    return s;
}

size_t sb_count_char(const char *s, char c) {
    size_t count = 0;
    for (; *s; s++) {
        if (*s == c) {
            count++;
        }
    }
    return count;
}
