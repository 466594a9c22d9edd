/* password.c — the password policy: length, the list of common passwords, the
 * e-mail's local part. */
#include "password.h"

#include <string.h>

#include "../util/embedded.h"
#include "../util/utf8.h"
#include "../util/banned.h"

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Compare password (folded to ASCII lower case) with one line of the list, bytewise
 * like memcmp, the shorter first when one is a prefix of the other. */
static int compare_folded(const char *pw, size_t pw_len, const char *line, size_t line_len)
{
	size_t n = pw_len < line_len ? pw_len : line_len;
	for (size_t i = 0; i < n; i++) {
		unsigned char a = ascii_lower((unsigned char)pw[i]), b = (unsigned char)line[i];
		if (a != b)
			return a < b ? -1 : 1;
	}
	if (pw_len == line_len)
		return 0;
	return pw_len < line_len ? -1 : 1;
}

/* Binary search over the lines of text[0..len) without an index: halve the byte range,
 * step back to the start of the line in the middle, compare, keep the half where the
 * password would be. The list is read-only and nothing is allocated, so this is safe
 * from any thread. */
bool password_is_common(const char *password, size_t len)
{
	const struct embedded_file *f = embedded_find(PASSWORD_LIST_PATH);
	if (!f || !len)
		return false;
	const char *lo = f->data, *hi = f->data + f->size;
	/* the comment lines at the top are not part of the sorted list */
	while (lo < hi && *lo == '#') {
		const char *eol = memchr(lo, '\n', (size_t)(hi - lo));
		lo = eol ? eol + 1 : hi;
	}
	while (lo < hi) {
		const char *mid = lo + (hi - lo) / 2;
		while (mid > lo && mid[-1] != '\n')
			mid--;
		const char *eol = memchr(mid, '\n', (size_t)(hi - mid));
		if (!eol)
			eol = hi;
		size_t line_len = (size_t)(eol - mid);
		if (line_len && mid[line_len - 1] == '\r')
			line_len--;
		int cmp = compare_folded(password, len, mid, line_len);
		if (cmp == 0)
			return true;
		if (cmp < 0)
			hi = mid;
		else
			lo = eol < hi ? eol + 1 : hi;
	}
	return false;
}

/* Whether needle[0..n) occurs in hay[0..len), ignoring ASCII case. */
static bool contains_folded(const char *hay, size_t len, const char *needle, size_t n)
{
	if (n == 0 || n > len)
		return false;
	for (size_t i = 0; i + n <= len; i++) {
		size_t k = 0;
		while (k < n && ascii_lower((unsigned char)hay[i + k]) ==
				ascii_lower((unsigned char)needle[k]))
			k++;
		if (k == n)
			return true;
	}
	return false;
}

#define ADD(...)                                                                   \
	do {                                                                       \
		if (field_errors_add(errs, 0, "password", __VA_ARGS__))            \
			return DTI_ENOMEM;                                         \
		bad = true;                                                        \
	} while (0)

enum dti_err password_check(const char *password, const char *email,
			    struct field_errors *errs)
{
	bool bad = false;
	if (!password || !*password) {
		ADD("is required");
		return DTI_EINVAL;
	}
	size_t len = strlen(password);
	if (len > PASSWORD_MAX_BYTES) {
		ADD("must be at most %d bytes long", PASSWORD_MAX_BYTES);
		return DTI_EINVAL;
	}
	if (!utf8_valid(password, len)) {
		ADD("must be valid UTF-8 text");
		return DTI_EINVAL;
	}
	size_t chars = utf8_length(password, len);
	if (chars < PASSWORD_MIN_CHARS)
		ADD("must be at least %d characters long (this one has %zu)", PASSWORD_MIN_CHARS,
		    chars);
	if (password_is_common(password, len))
		ADD("is one of the most common passwords, which attackers try first: choose "
		    "another");
	const char *at = email ? strrchr(email, '@') : NULL;
	if (at) {
		size_t local_len = (size_t)(at - email);
		if (utf8_valid(email, local_len) &&
		    utf8_length(email, local_len) >= PASSWORD_MIN_LOCAL_PART &&
		    contains_folded(password, len, email, local_len))
			ADD("must not contain the name of the e-mail address ('%.*s')",
			    (int)local_len, email);
	}
	return bad ? DTI_EINVAL : DTI_OK;
}
