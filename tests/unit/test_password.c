/* test_password.c — unit tests for the password policy (core/password.c): length in
 * code points, the byte limit, UTF-8, the embedded list of common passwords in any
 * case, the e-mail's local part; and the random passwords of util/secret.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/password.h"
#include "util/alloc.h"
#include "util/embedded.h"
#include "util/err.h"
#include "util/secret.h"
#include "util/banned.h"

/* Check pw for email; return the number of errors, all of them on "password" with a
 * message that does not quote the password. */
static size_t check(const char *pw, const char *email, enum dti_err expect)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	enum dti_err err = password_check(pw, email, &errs);
	assert_int_equal(err, expect);
	for (size_t i = 0; i < errs.n_items; i++) {
		assert_string_equal(errs.items[i].field, "password");
		assert_true(strlen(errs.items[i].message) > 5);
		if (pw && strlen(pw) >= 4)
			assert_null(strstr(errs.items[i].message, pw));
	}
	size_t n = errs.n_items;
	assert_int_equal(n == 0, expect == DTI_OK);
	field_errors_release(&errs);
	return n;
}

/* The one error's message contains needle. */
static void check_message(const char *pw, const char *email, const char *needle)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	assert_int_equal(password_check(pw, email, &errs), DTI_EINVAL);
	assert_int_equal(errs.n_items, 1);
	if (!strstr(errs.items[0].message, needle))
		fail_msg("message '%s' lacks '%s'", errs.items[0].message, needle);
	field_errors_release(&errs);
}

/* A string of n copies of the UTF-8 character ch. */
static char *repeat(const char *ch, size_t n)
{
	size_t len = strlen(ch);
	char *s = malloc(len * n + 1);
	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, ch, len);
	s[len * n] = '\0';
	return s;
}

static void test_length_in_code_points(void **state)
{
	/* ASCII: 11 refused, 12 accepted */
	check_message("kx7-vq2-mw9", NULL, "at least 12 characters");
	check_message("kx7-vq2-mw9", NULL, "has 11");
	assert_int_equal(check("kx7-vq2-mw9p", NULL, DTI_OK), 0);
	/* Chinese: 3 bytes a character, counted as characters, not bytes */
	const char *cjk14 = "数字化转型工作台流程依赖目标";	/* 14 characters */
	assert_int_equal(check(cjk14, NULL, DTI_OK), 0);
	char *four = repeat("流", 4);	/* 12 bytes but 4 characters */
	check_message(four, NULL, "has 4");
	free(four);
	char *eleven = repeat("转", 11);	/* 33 bytes, 11 characters */
	check_message(eleven, NULL, "has 11");
	free(eleven);
	char *twelve = repeat("转", 12);
	assert_int_equal(check(twelve, NULL, DTI_OK), 0);
	free(twelve);
	/* four-byte characters (emoji) count as one each */
	char *emoji = repeat("\xF0\x9F\x94\x91", 12);
	assert_int_equal(check(emoji, NULL, DTI_OK), 0);
	free(emoji);
	char *emoji11 = repeat("\xF0\x9F\x94\x91", 11);
	check_message(emoji11, NULL, "has 11");
	free(emoji11);
	/* mixed scripts: 6 + 6 */
	assert_int_equal(check("Müller流程依赖目标", NULL, DTI_OK), 0);
}

static void test_required_and_limits(void **state)
{
	check_message(NULL, NULL, "required");
	check_message("", NULL, "required");
	/* at most 1024 bytes: exactly 1024 is fine, 1025 is not (only that error) */
	char *max = repeat("q", PASSWORD_MAX_BYTES);
	max[0] = 'Z';
	assert_int_equal(check(max, NULL, DTI_OK), 0);
	free(max);
	char *over = repeat("q", PASSWORD_MAX_BYTES + 1);
	check_message(over, NULL, "at most 1024 bytes");
	free(over);
	/* the limit is in bytes: 342 Chinese characters are 1026 bytes */
	char *cjk = repeat("流", 342);
	check_message(cjk, NULL, "at most 1024 bytes");
	free(cjk);
	/* not UTF-8: a lone continuation byte, an overlong '/', a surrogate, a truncated
	 * sequence at the end */
	check_message("correct\x80horse battery", NULL, "UTF-8");
	check_message("correct\xC0\xAFhorse battery", NULL, "UTF-8");
	check_message("correct\xED\xA0\x80horse battery", NULL, "UTF-8");
	check_message("correct horse battery\xE6\xB5", NULL, "UTF-8");
}

static void test_common_list_any_case(void **state)
{
	check_message("123456789012", NULL, "common");
	check_message("password1234", NULL, "common");
	check_message("PASSWORD1234", NULL, "common");
	check_message("PassWord1234", NULL, "common");
	check_message("QwErTyUiOp12", NULL, "common");
	/* the first and last entries: the ends of the binary search */
	check_message("000000000000", NULL, "common");
	check_message("ZXCVBNM12345", NULL, "common");
	/* near misses are not in the list */
	assert_int_equal(check("password12345x", NULL, DTI_OK), 0);
	assert_int_equal(check("0000000000000x", NULL, DTI_OK), 0);
	assert_false(password_is_common("", 0));
	assert_false(password_is_common("zzzzzzzzzzzzzzzzzzzzzzzzz", 25));
	assert_false(password_is_common("!!!!!!!!!!!!", 12));
	/* the list holds only passwords of 12 characters or more: a shorter common one is
	 * refused for its length alone */
	check_message("Password", NULL, "at least 12");
}

/* Every entry of the embedded list is found, in its own and in upper case, and the
 * list is what the binary search needs: lower case, strictly sorted bytewise, at least
 * 12 characters, comments only at the top. */
static void test_every_list_entry(void **state)
{
	const struct embedded_file *f = embedded_find(PASSWORD_LIST_PATH);
	assert_non_null(f);
	const char *p = f->data, *end = f->data + f->size;
	char prev[PASSWORD_MAX_BYTES + 1] = "", line[PASSWORD_MAX_BYTES + 1], upper[sizeof(line)];
	size_t n = 0;
	bool header = true;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((eol ? eol : end) - p);
		assert_true(len < sizeof(line));
		memcpy(line, p, len);
		line[len] = '\0';
		p = eol ? eol + 1 : end;
		if (header && line[0] == '#')
			continue;
		header = false;
		assert_true(len >= PASSWORD_MIN_CHARS);
		assert_true(line[0] != '#');
		for (size_t i = 0; i < len; i++) {
			assert_false(line[i] >= 'A' && line[i] <= 'Z');
			upper[i] = line[i] >= 'a' && line[i] <= 'z' ? (char)(line[i] - 32) : line[i];
		}
		upper[len] = '\0';
		if (n && strcmp(prev, line) >= 0)
			fail_msg("list not sorted: '%s' before '%s'", prev, line);
		memcpy(prev, line, len + 1);
		if (!password_is_common(line, len) || !password_is_common(upper, len))
			fail_msg("list entry '%s' not found", line);
		/* one more character is not in the list, unless that is an entry too */
		line[len] = '~';
		line[len + 1] = '\0';
		assert_false(password_is_common(line, len + 1));
		n++;
	}
	assert_true(n > 1000);
}

static void test_email_local_part(void **state)
{
	const char *email = "bernhard.muller@example.int";
	check_message("my-bernhard.muller-2024", email, "e-mail");
	check_message("xxBERNHARD.Mullerxx", email, "e-mail");
	/* a part of the local part is not refused: the rule is about the whole of it */
	assert_int_equal(check("bernhard-is-here-2024", email, DTI_OK), 0);
	/* 4 characters or more are looked for, fewer are not */
	check_message("my-admin-is-great", "admin@example.int", "'admin'");
	check_message("a-JOHN-b-long-enough", "john@example.int", "e-mail");
	assert_int_equal(check("bob-the-builder-2024", "bob@example.int", DTI_OK), 0);
	/* code points, not bytes: 4 Chinese characters are looked for, 3 are not */
	check_message("我的密码是张伟明华和一些", "张伟明华@example.cn", "e-mail");
	assert_int_equal(check("我的密码是张伟明和一些别的", "张伟明@example.cn", DTI_OK), 0);
	/* no e-mail, or none with an '@': nothing to look for */
	assert_int_equal(check("bernhard.muller", NULL, DTI_OK), 0);
	assert_int_equal(check("bernhard.muller", "bernhard.muller", DTI_OK), 0);
	/* every broken rule is reported: too short and containing the name */
	assert_int_equal(check("ADMIN1", "admin@example.int", DTI_EINVAL), 2);
}

static void test_valid_passwords(void **state)
{
	static const char *const ok[] = {
		"correct horse battery staple",
		"Tr0ub4dor&3-extended",
		"kx7-vq2-mw9p",
		"数字化转型工作台流程依赖目标",
		"Ünïcödé-pässwörd",
		"           x",	/* blanks are characters like any other */
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		assert_int_equal(check(ok[i], "someone@example.int", DTI_OK), 0);
}

static void test_out_of_memory(void **state)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	dti_alloc_fail_after(0);
	enum dti_err err = password_check("short", NULL, &errs);
	dti_alloc_fail_after(-1);
	assert_int_equal(err, DTI_ENOMEM);
	field_errors_release(&errs);
}

static void test_secret_password(void **state)
{
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
				       "abcdefghijkmnopqrstuvwxyz";
	char a[17], b[17], seen[256] = { 0 };
	assert_int_equal(secret_init(), DTI_OK);
	for (int round = 0; round < 200; round++) {
		memset(a, 'X', sizeof(a));
		secret_password(a, sizeof(a));
		assert_int_equal(strlen(a), 16);
		for (size_t i = 0; i < 16; i++) {
			assert_non_null(strchr(alphabet, a[i]));
			seen[(unsigned char)a[i]] = 1;
		}
		/* ambiguous characters never appear */
		assert_null(strpbrk(a, "0O1lI"));
		struct field_errors errs = FIELD_ERRORS_INIT;
		assert_int_equal(password_check(a, "viewer@example.int", &errs), DTI_OK);
		field_errors_release(&errs);
	}
	/* 3,200 draws reach every one of the 57 characters */
	size_t distinct = 0;
	for (size_t i = 0; i < sizeof(seen); i++)
		distinct += seen[i];
	assert_int_equal(distinct, sizeof(alphabet) - 1);
	secret_password(b, sizeof(b));
	assert_string_not_equal(a, b);
	/* tiny buffers */
	char one[1] = { 'X' };
	secret_password(one, 1);
	assert_int_equal(one[0], '\0');
	secret_password(one, 0);
	assert_int_equal(one[0], '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_length_in_code_points),
		cmocka_unit_test(test_required_and_limits),
		cmocka_unit_test(test_common_list_any_case),
		cmocka_unit_test(test_every_list_entry),
		cmocka_unit_test(test_email_local_part),
		cmocka_unit_test(test_valid_passwords),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_secret_password),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
