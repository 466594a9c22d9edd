/* utf8.h — UTF-8 validation and measurement. Text is validated at the edge. */
#ifndef DTI_UTIL_UTF8_H
#define DTI_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF, no NUL byte). */
bool utf8_valid(const char *s, size_t len);
/* Offset of the first byte that makes s[0..len) ill-formed, or len when it is valid. */
size_t utf8_invalid_at(const char *s, size_t len);
/* Number of code points in well-formed UTF-8 text. */
size_t utf8_length(const char *s, size_t len);
/* True when s holds a control character: C0 (other than tab, CR and LF when
 * allow_newlines), DEL, or C1 (U+0080–U+009F). */
bool utf8_has_control(const char *s, size_t len, bool allow_newlines);

#endif
